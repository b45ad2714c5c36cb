package dev.precis.jobs.cli;

import dev.precis.jobs.BenchCorpus;
import dev.precis.jobs.JobSettings;
import dev.precis.jobs.LocalRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.io.file.PathUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Files per minute and MB/s of the batch job over a generated mixed corpus, at each parallelism with",
                "forked Tika, and once with Tika in process (extractive analysis, Lucene and Avro sinks included)."})
final class BenchIngestCommand implements Callable<Integer> {
    @Option(names = "--files", defaultValue = "200", description = "Files in the generated corpus (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--parallelism", split = ",", defaultValue = "1,2", description = "Parallelisms to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> parallelisms;

    @Option(names = "--warmup", defaultValue = "true", negatable = true,
            description = "Run the job once untimed first, so that class loading and JIT do not count against the first parallelism (default: ${DEFAULT-VALUE}).")
    boolean warmup;

    @Option(names = "--json", description = "One JSON object with the corpus and a result per parallelism.")
    boolean json;

    @Mixin
    JobOptions options;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("precis-bench-");
        try {
            Path home = Path.of(System.getProperty("precis.home", ".")).toAbsolutePath().normalize();
            BenchCorpus.Summary corpus = BenchCorpus.write(work.resolve("inbox"), files, 42, home.resolve("examples/inbox"));
            List<Map<String, Object>> results = new ArrayList<>();
            if (warmup) {
                // Both ways of parsing, so that neither is charged for loading Tika's classes into this JVM.
                LocalRunner.runBatch(new JobSettings(work.resolve("inbox").toUri().toString(), work.resolve("warmup-forked"),
                        options.analyzer(), options.ingest(), parallelisms.get(0)), (d, f) -> {});
                LocalRunner.runBatch(new JobSettings(work.resolve("inbox").toUri().toString(), work.resolve("warmup-in-process"),
                        options.analyzer(), options.ingest().inProcess(), parallelisms.get(0)), (d, f) -> {});
            }
            double baseline = 0;
            // Forked parsing at each parallelism, then in-process parsing at the first: the cost of isolation.
            List<Run> runs = new ArrayList<>();
            parallelisms.forEach(p -> runs.add(new Run(p, true)));
            runs.add(new Run(parallelisms.get(0), false));
            for (Run run : runs) {
                int p = run.parallelism();
                boolean forked = run.forked();
                Path data = work.resolve("data-" + p + (forked ? "-forked" : "-in-process"));
                var ingest = forked ? options.ingest() : options.ingest().inProcess();
                JobSettings settings = new JobSettings(work.resolve("inbox").toUri().toString(), data, options.analyzer(), ingest, p);
                LocalRunner.Outcome outcome = LocalRunner.runBatch(settings, (d, f) -> {});
                double seconds = outcome.millis() / 1000.0;
                baseline = baseline == 0 ? seconds : baseline;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("parallelism", p);
                r.put("parsing", forked ? "forked" : "in-process");
                r.put("seconds", round(seconds));
                r.put("documents", outcome.documents());
                r.put("failures", outcome.failures());
                r.put("filesPerMinute", round(corpus.files() / seconds * 60));
                r.put("mbPerSecond", round(corpus.bytes() / 1e6 / seconds));
                r.put("speedup", round(baseline / seconds));
                results.add(r);
                if (!json) {
                    System.out.printf("parallelism %d, %s parsing: %d files (%d documents, %d failed) in %.1f s: %.0f files/min, %.2f MB/s, %.2fx%n",
                            p, r.get("parsing"), corpus.files(), outcome.documents(), outcome.failures(), seconds,
                            corpus.files() / seconds * 60, corpus.bytes() / 1e6 / seconds, baseline / seconds);
                }
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("files", corpus.files());
                m.put("megabytes", round(corpus.bytes() / 1e6));
                m.put("cores", Runtime.getRuntime().availableProcessors());
                m.put("results", results);
                System.out.println(Views.json(m));
            } else {
                System.out.printf("corpus: %d files, %.1f MB; %d cores%n", corpus.files(), corpus.bytes() / 1e6,
                        Runtime.getRuntime().availableProcessors());
            }
        } finally {
            PathUtils.deleteDirectory(work);
        }
        return 0;
    }

    private record Run(int parallelism, boolean forked) {}

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
