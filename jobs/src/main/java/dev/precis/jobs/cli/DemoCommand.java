package dev.precis.jobs.cli;

import dev.precis.index.IndexSearch;
import dev.precis.index.SearchHit;
import dev.precis.jobs.LocalRunner;
import dev.precis.schemas.AnalyzedDocument;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the job over the bundled examples/inbox, print what it found, and search it.")
final class DemoCommand implements Callable<Integer> {
    /** Queries that show a hit in an action item, in a summary and in Chinese text. */
    static final List<String> SAMPLE_QUERIES = List.of("budget", "\"pilot customers\"", "测试");

    @Option(names = "--inbox", description = "Inbox to use instead of the bundled examples.")
    Path inbox;

    @Option(names = "--data", description = "Data folder (default: .precis/demo under the project; emptied first).")
    Path data;

    @Mixin
    JobOptions options;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("precis.home", ".")).toAbsolutePath().normalize();
        Path in = inbox != null ? inbox : home.resolve("examples/inbox");
        Path out = data != null ? data : home.resolve(".precis/demo");
        if (!Files.isDirectory(in)) {
            throw new IllegalArgumentException("no inbox at " + in + ": run the demo from the project folder, or give --inbox");
        }
        deleteTree(out);
        PrintStream o = System.out;
        o.println("Precis demo: analysing " + in + " into " + out);
        LocalRunner.Outcome outcome = RunCommand.run(RunCommand.inboxUri(in.toString()), out, 2, options, o);
        o.printf("%nAnalysed %d documents in %.1f s (%d failed).%n%n", outcome.documents(), outcome.millis() / 1000.0, outcome.failures());
        try (IndexSearch search = IndexSearch.open(out.resolve("index"))) {
            List<AnalyzedDocument> docs = search.documents();
            docs.sort(Comparator.comparing(a -> a.getDocument().getSourceUri()));
            for (AnalyzedDocument a : docs) {
                Views.printAnalysis(o, a.getDocument(), a.getAnalysis());
            }
            for (String q : SAMPLE_QUERIES) {
                o.println("Search: " + q);
                List<SearchHit> hits = search.search(q, 3);
                for (int i = 0; i < hits.size(); i++) {
                    Views.printHit(o, i + 1, hits.get(i));
                }
                if (hits.isEmpty()) {
                    o.println("  (no hits)");
                }
                o.println();
            }
            RunCommand.printFailures(o, search.failures());
        }
        o.println();
        o.println("Try it yourself:  ./precis search \"your words\" --data " + out);
        return 0;
    }

    /** Empties the demo's own data folder; it refuses anything that does not look like one. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir.resolve("index")) && !Files.isDirectory(dir.resolve("records"))) {
            throw new IllegalArgumentException(dir + " exists and is not a Precis data folder: choose another --data");
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
