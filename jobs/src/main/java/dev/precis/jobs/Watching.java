package dev.precis.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The watching job's configuration: streaming with checkpoints under {@code DATA/checkpoints}, kept when
 * the job stops or dies, restarts inside the job after a task failure, and a fresh start of the process
 * resumes from the newest checkpoint it finds there. Every sink commits on checkpoints, so what a
 * restart replays replaces itself rather than adding a copy.
 */
public final class Watching {
    private Watching() {}

    /** How often to scan the inbox and to checkpoint. */
    public record Intervals(Duration scan, Duration checkpoint) {
        public Intervals {
            if (scan.toMillis() < 10 || checkpoint.toMillis() < 100) {
                throw new IllegalArgumentException("scan interval " + scan.toMillis() + " ms and checkpoint interval "
                        + checkpoint.toMillis() + " ms are below the minimums of 10 ms and 100 ms");
            }
        }
    }

    public static Path checkpointsDir(JobSettings settings) {
        return settings.dataDir().resolve("checkpoints");
    }

    /** The Flink configuration of a watching job over {@code settings}, resuming from its newest checkpoint if any. */
    public static Configuration configuration(JobSettings settings, Intervals intervals) throws IOException {
        Path checkpoints = checkpointsDir(settings);
        Files.createDirectories(checkpoints);
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, intervals.checkpoint());
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        Optional<Path> latest = latestCheckpoint(checkpoints);
        if (latest.isPresent()) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, latest.get().toUri().toString());
            // Claimed: Flink owns the restored checkpoint and deletes it once a newer one subsumes it.
            conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        }
        return conf;
    }

    /** The newest completed checkpoint ({@code <job>/chk-N} with its {@code _metadata}) under {@code checkpoints}. */
    public static Optional<Path> latestCheckpoint(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> found = Files.find(checkpoints, 3,
                (p, a) -> p.getFileName().toString().equals("_metadata") && p.getParent().getFileName().toString().startsWith("chk-"))) {
            return found.max(Comparator.comparingLong(Watching::modified)).map(Path::getParent);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE; // a checkpoint being deleted as we look is not the newest
        }
    }

    /** Starts the watching job in an embedded cluster; it runs until cancelled or the process ends. */
    public static JobClient start(JobSettings settings, Intervals intervals) throws Exception {
        Configuration conf = configuration(settings, intervals);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), conf);
        PrecisJob.buildWatching(env, settings, intervals.scan());
        return env.executeAsync("precis watch " + settings.inbox());
    }
}
