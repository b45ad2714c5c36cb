package dev.precis.jobs.cli;

import dev.precis.index.IndexSearch;
import dev.precis.schemas.IngestFailure;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Count the documents and failures in a data folder, and list the files that could not be processed.")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "Data folder of a run or watch.")
    Path data;

    @Option(names = "--json", description = "One JSON object: documents, failures, failuresByKind and failureList.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path index = data.resolve("index");
        if (!Files.isDirectory(index)) {
            throw new IllegalArgumentException("no index under " + data + ": give the --data folder of a run or watch");
        }
        try (IndexSearch search = IndexSearch.open(index)) {
            List<IngestFailure> failures = new ArrayList<>(search.failures());
            failures.sort(Comparator.comparing(IngestFailure::getSourceUri));
            Map<String, Integer> byKind = new TreeMap<>();
            failures.forEach(f -> byKind.merge(f.getErrorKind(), 1, Integer::sum));
            PrintStream out = System.out;
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("documents", search.documentCount());
                m.put("failures", failures.size());
                m.put("failuresByKind", byKind);
                m.put("failureList", failures.stream().map(Views::failure).toList());
                out.println(Views.json(m));
            } else {
                out.printf("%s: %d documents, %d failures%n", data, search.documentCount(), failures.size());
                byKind.forEach((kind, n) -> out.printf("  %-20s %d%n", kind, n));
                RunCommand.printFailures(out, failures);
            }
        }
        return 0;
    }
}
