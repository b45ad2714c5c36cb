package dev.precis.jobs.cli;

import dev.precis.index.bench.SearchBench;
import dev.precis.index.vectors.MiniLmEmbedder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search latency (p50/p99) of typical hybrid queries with facets, at 1 and more concurrent clients,",
                "over generated documents, while a writer commits 20 new documents every second."})
final class BenchSearchCommand implements Callable<Integer> {
    @Option(names = "--docs", split = ",", defaultValue = "10000,100000", description = "Index sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--clients", split = ",", defaultValue = "1,8", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--queries", defaultValue = "400", description = "Queries per client per run (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--dir", description = {"Where to build the indexes (default: a temporary folder, deleted afterwards).",
            "An index already there (DIR/docs-N) is measured again instead of rebuilt."})
    Path dir;

    @Option(names = "--shards", defaultValue = "2", description = {"Shards of a built index (default: ${DEFAULT-VALUE},",
            "as `precis run` makes with its default parallelism)."})
    int shards;

    @Option(names = "--warmup", defaultValue = "180", description = {"Most seconds each run searches, with the writer committing,",
            "before it measures; it stops earlier once the JIT compilers have settled",
            "(default: ${DEFAULT-VALUE}; 0: only one round of the queries)."})
    double warmup;

    @Option(names = "--commit-every", defaultValue = "1", description = {"Seconds between the writer's commits; it upserts",
            "20 documents a second either way (default: ${DEFAULT-VALUE}; `precis watch` commits every 10 s)."})
    int commitEvery;

    @Option(names = "--json", description = "One JSON object per run instead of a table.")
    boolean json;

    /** Builds an index of {@code n} documents with a progress bar on standard error. */
    private static double build(SearchBench bench, Path index, int n) throws Exception {
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Indexing").setInitialMax(n).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" docs", 1).setUpdateIntervalMillis(500).continuousUpdate().setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build()) {
            return bench.build(index, n, bar::stepTo);
        }
    }

    @Override
    public Integer call() throws Exception {
        for (int n : sizes) {
            if (n < 100 || n > 10_000_000) {
                throw new IllegalArgumentException("--docs " + n + " is out of range: use 100 to 10000000");
            }
        }
        for (int c : clients) {
            if (c < 1 || c > 256) {
                throw new IllegalArgumentException("--clients " + c + " is out of range: use 1 to 256");
            }
        }
        if (queries < 10) {
            throw new IllegalArgumentException("--queries " + queries + " is too few for a p99: use at least 10");
        }
        PrintStream out = System.out;
        PrintStream log = json ? System.err : System.out;
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("precis-bench-");
        if (shards < 1 || shards > 64) {
            throw new IllegalArgumentException("--shards " + shards + " is out of range: use 1 to 64");
        }
        if (warmup < 0 || warmup > 3600) {
            throw new IllegalArgumentException("--warmup " + warmup + " is out of range: use 0 to 3600 seconds");
        }
        if (commitEvery < 1 || commitEvery > 3600) {
            throw new IllegalArgumentException("--commit-every " + commitEvery + " is out of range: use 1 to 3600 seconds");
        }
        SearchBench bench = new SearchBench(MiniLmEmbedder.shared(), shards, log).warmup(warmup).commitEvery(commitEvery);
        try {
            for (int n : sizes) {
                Path index = root.resolve("docs-" + n);
                double buildSeconds = Files.isDirectory(index) ? Double.NaN : build(bench, index, n);
                for (int c : clients) {
                    SearchBench.Run r = bench.measure(index, n, c, queries);
                    if (json) {
                        Map<String, Object> m = new java.util.LinkedHashMap<>(SearchBench.json(r));
                        if (!Double.isNaN(buildSeconds)) {
                            m.put("indexSeconds", Math.round(buildSeconds * 10) / 10.0);
                        }
                        out.println(Views.json(m));
                    } else {
                        out.printf("%,9d docs  %2d client%s  p50 %7.1f ms  p99 %7.1f ms  %7.1f queries/s  (%d docs committed"
                                + " meanwhile; %d shards, %d segments; after %d warm-up queries, JIT %d ms during the run)%n",
                                r.documents(), r.clients(), r.clients() == 1 ? " " : "s", r.p50Ms(), r.p99Ms(), r.qps(),
                                r.committedDuringRun(), r.shards(), r.segments(), r.warmupQueries(), r.jitMsDuringRun());
                    }
                }
            }
        } finally {
            if (dir == null) {
                try (Stream<Path> all = Files.walk(root)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        return 0;
    }
}
