package dev.precis.jobs.cli;

import dev.precis.jobs.JobSettings;
import dev.precis.jobs.PrecisJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The entry class of the job jar on a Flink cluster ({@code precis submit} names it): builds the batch
 * pipeline in the cluster's execution environment and runs it there.
 */
@Command(name = "precis-job", description = "The Precis batch job, as a Flink cluster runs it.")
public final class JobMain implements Callable<Integer> {
    @Option(names = "--inbox", required = true, description = "Inbox URI, as the cluster sees it.")
    String inbox;

    @Option(names = "--data", required = true, description = "Data folder, as the cluster sees it.")
    Path data;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallel tasks; also the shard count of a new index.")
    int parallelism;

    @Mixin
    JobOptions options;

    public static void main(String[] args) {
        int code = new CommandLine(new JobMain()).execute(args);
        if (code != 0) {
            throw new IllegalStateException("the Precis job exited with code " + code + "; its errors are in the JobManager log");
        }
    }

    @Override
    public Integer call() throws Exception {
        JobSettings settings = new JobSettings(inbox, data, options.analyzer(), options.ingest(), parallelism);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(parallelism);
        PrecisJob.build(env, settings);
        env.execute("precis run " + inbox);
        return 0;
    }
}
