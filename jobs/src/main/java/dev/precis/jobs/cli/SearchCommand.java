package dev.precis.jobs.cli;

import dev.precis.index.IndexSearch;
import dev.precis.index.SearchHit;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search summaries, key points, action items and full text.",
                "Query syntax: words, \"phrases\", field:value (title, summary, key_points, action_items, text), AND/OR/NOT."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The query.")
    String query;

    @Option(names = "--data", required = true, description = "The data folder given to 'precis run'.")
    Path data;

    @Option(names = "--limit", defaultValue = "10", description = "Most hits to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per hit: id, title, source, type, score, snippet.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path index = data.resolve("index");
        if (!Files.isDirectory(index)) {
            throw new IllegalArgumentException("no index at " + index + ": run 'precis run --inbox DIR --data " + data + "' first");
        }
        PrintStream out = System.out;
        try (IndexSearch search = IndexSearch.open(index)) {
            List<SearchHit> hits = search.search(query, limit);
            if (json) {
                hits.forEach(h -> out.println(Views.json(Views.hit(h))));
            } else if (hits.isEmpty()) {
                out.println("No documents match '" + query + "'.");
            } else {
                for (int i = 0; i < hits.size(); i++) {
                    Views.printHit(out, i + 1, hits.get(i));
                }
            }
        }
        return 0;
    }
}
