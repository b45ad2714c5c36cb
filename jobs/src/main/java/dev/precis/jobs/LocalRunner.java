package dev.precis.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the batch job in an embedded Flink MiniCluster, reporting progress from the job's accumulators. */
public final class LocalRunner {

    /** Documents analysed and files failed, as the job counted them. */
    public record Outcome(int documents, int failures, long millis) {}

    private LocalRunner() {}

    /**
     * Runs the job to completion. {@code progress} receives (documents, failures) about once a second.
     */
    public static Outcome runBatch(JobSettings settings, BiConsumer<Integer, Integer> progress) throws Exception {
        Configuration conf = new Configuration();
        // Task managers report accumulators with each heartbeat: a short interval gives live progress.
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        PrecisJob.build(env, settings);
        long start = System.nanoTime();
        JobClient client = env.executeAsync("precis run " + settings.inbox());
        var result = client.getJobExecutionResult();
        while (true) {
            try {
                JobExecutionResult done = result.get(1, TimeUnit.SECONDS);
                int docs = count(done.getAllAccumulatorResults(), Progress.DOCUMENTS);
                int fails = count(done.getAllAccumulatorResults(), Progress.FAILURES);
                progress.accept(docs, fails);
                return new Outcome(docs, fails, (System.nanoTime() - start) / 1_000_000);
            } catch (TimeoutException stillRunning) {
                try {
                    Map<String, Object> acc = client.getAccumulators().get(1, TimeUnit.SECONDS);
                    progress.accept(count(acc, Progress.DOCUMENTS), count(acc, Progress.FAILURES));
                } catch (TimeoutException | ExecutionException | IllegalStateException e) {
                    // Progress is best effort (the cluster may be shutting down after the last task);
                    // the job result is what counts.
                }
            }
        }
    }

    private static int count(Map<String, Object> accumulators, String name) {
        Object v = accumulators.get(name);
        return v instanceof Number n ? n.intValue() : 0;
    }
}
