package dev.precis.jobs.cli;

import dev.precis.index.IndexSearch;
import dev.precis.jobs.JobSettings;
import dev.precis.jobs.LocalRunner;
import dev.precis.schemas.IngestFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Analyse every file in an inbox folder with a Flink job (batch) and index the results.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--inbox", required = true, description = "Folder (or file://, s3://, hdfs:// URI) to read.")
    String inbox;

    @Option(names = "--data", required = true, description = "Folder for the index and the Avro records.")
    Path data;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallel tasks; also the shard count of a new index (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    JobOptions options;

    @Mixin
    StorageOptions storage;

    @Override
    public Integer call() throws Exception {
        storage.initialize();
        PrintStream out = System.out;
        LocalRunner.Outcome outcome = run(inboxUri(inbox), data, parallelism, options, out);
        try (IndexSearch search = IndexSearch.open(data.resolve("index"))) {
            out.printf("Indexed %d documents in %.1f s; %d failed. Index: %s (%d documents, %d failures in all)%n",
                    outcome.documents(), outcome.millis() / 1000.0, outcome.failures(), data.resolve("index"),
                    search.documentCount(), search.failureCount());
            printFailures(out, search.failures());
        }
        return 0;
    }

    /**
     * Runs the batch job with a progress bar over the number of files in a local inbox, or, when the
     * output is not a terminal, a counted line each time the count moves.
     */
    static LocalRunner.Outcome run(String inbox, Path data, int parallelism, JobOptions options, PrintStream out) throws Exception {
        long total = countFiles(inbox);
        JobSettings settings = new JobSettings(inbox, data, options.analyzer(), options.ingest(), parallelism);
        if (System.console() == null) {
            int[] last = {-1};
            return LocalRunner.runBatch(settings, (docs, fails) -> {
                if (docs + fails != last[0]) {
                    last[0] = docs + fails;
                    out.printf("  processed %d%s files (%d failed)%n", docs + fails, total < 0 ? "" : " of " + total, fails);
                }
            });
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Analysing").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" files", 1).setUpdateIntervalMillis(250).continuousUpdate().build()) {
            return LocalRunner.runBatch(settings, (docs, fails) -> {
                bar.stepTo(docs + fails);
                bar.setExtraMessage(fails > 0 ? fails + " failed" : "");
            });
        }
    }

    static void printFailures(PrintStream out, List<IngestFailure> failures) {
        if (!failures.isEmpty()) {
            out.println();
            out.println("Files that could not be processed (left where they are):");
            failures.forEach(f -> Views.printFailure(out, f));
        }
    }

    /** A local folder becomes an absolute file URI; other URIs pass through. */
    static String inboxUri(String inbox) {
        if (inbox.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return inbox;
        }
        Path p = Path.of(inbox).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("inbox " + p + " is not a folder: give the folder that holds the files");
        }
        return p.toUri().toString();
    }

    /** Visible files under a local inbox (Flink's source skips names starting with '.' or '_'); -1 elsewhere. */
    private static long countFiles(String inbox) throws IOException {
        if (!inbox.startsWith("file:")) {
            return -1;
        }
        try (Stream<Path> files = Files.walk(Path.of(java.net.URI.create(inbox)))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
                    .count();
        }
    }
}
