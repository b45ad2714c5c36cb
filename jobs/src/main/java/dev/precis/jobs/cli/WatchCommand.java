package dev.precis.jobs.cli;

import dev.precis.jobs.JobSettings;
import dev.precis.jobs.Watching;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watch an inbox and analyse each file as it arrives or changes (a streaming Flink job with checkpoints).",
                "Stop it with Ctrl-C; started again with the same --data, it resumes from its last checkpoint."})
final class WatchCommand implements Callable<Integer> {
    @Option(names = "--inbox", required = true, description = "Folder or URI to watch (file://, s3://bucket/prefix, hdfs://...).")
    String inbox;

    @Option(names = "--data", required = true, description = "Folder for the index, the Avro records and the checkpoints.")
    Path data;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallel tasks; also the shard count of a new index (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--scan-interval", defaultValue = "PT5S", description = "How often the inbox is listed, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration scanInterval;

    @Option(names = "--checkpoint-interval", defaultValue = "PT10S",
            description = "How often results are committed, ISO-8601 (default: ${DEFAULT-VALUE}): new files are searchable after the next checkpoint.")
    Duration checkpointInterval;

    @Mixin
    JobOptions options;

    @Mixin
    StorageOptions storage;

    @Override
    public Integer call() throws Exception {
        storage.initialize();
        String uri = RunCommand.inboxUri(inbox);
        JobSettings settings = new JobSettings(uri, data, options.analyzer(), options.ingest(), parallelism);
        Watching.Intervals intervals = new Watching.Intervals(scanInterval, checkpointInterval);
        var resume = Watching.latestCheckpoint(Watching.checkpointsDir(settings));
        System.out.println("Watching " + uri + " (scan every " + scanInterval.toSeconds() + " s, commit every "
                + checkpointInterval.toSeconds() + " s); index in " + settings.indexDir()
                + resume.map(p -> "; resuming from " + p).orElse("") + ". Ctrl-C stops.");
        JobClient job = Watching.start(settings, intervals);
        job.getJobExecutionResult().get();
        return 0;
    }
}
