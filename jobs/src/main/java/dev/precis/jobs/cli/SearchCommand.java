package dev.precis.jobs.cli;

import dev.precis.index.Access;
import dev.precis.index.ActionItemHit;
import dev.precis.index.IndexFields;
import dev.precis.index.IndexSearch;
import dev.precis.index.SearchHit;
import dev.precis.index.SearchRequest;
import dev.precis.index.SearchResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search summaries, key points, action items and full text (words and meaning, fused), or list action items.",
                "Query syntax: words, \"phrases\", AND/OR/NOT, field:value (title, summary, key_points, action_items, text),",
                "filters owner:alice speaker:bob type:transcript lang:en collection:NAME,",
                "dates date:[2024-01-01 TO 2024-03-31], due:2024-05-31, due:overdue, due:this-week."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "The query (empty: every document, or every action item).")
    String query;

    @Option(names = "--data", required = true, description = "The data folder given to 'precis run'.")
    Path data;

    @Option(names = "--limit", defaultValue = "10", description = "Most hits to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Hits to skip, for paging (default: ${DEFAULT-VALUE}).")
    int offset;

    @Option(names = "--mode", defaultValue = "hybrid", description = "hybrid (default), bm25 (words only) or vector (meaning only).")
    String mode;

    @Option(names = "--type", description = "Only this type: document or transcript (repeatable).")
    List<String> types = new ArrayList<>();

    @Option(names = "--lang", description = "Only this language, e.g. en (repeatable).")
    List<String> languages = new ArrayList<>();

    @Option(names = "--collection", description = "Only this collection: the bucket or folder a document came from (repeatable).")
    List<String> collections = new ArrayList<>();

    @Option(names = "--speaker", description = "Only transcripts with this speaker (repeatable).")
    List<String> speakers = new ArrayList<>();

    @Option(names = "--owner", description = "Only documents (or, with --action-items, items) owed by this person (repeatable).")
    List<String> owners = new ArrayList<>();

    @Option(names = "--from", description = "Only documents dated on or after this day (yyyy-MM-dd).")
    LocalDate from;

    @Option(names = "--to", description = "Only documents dated on or before this day (yyyy-MM-dd).")
    LocalDate to;

    @Option(names = "--due", description = "Action items due: overdue, this-week, later (or no-date with --action-items).")
    String due;

    @Option(names = "--action-items", description = "List action items instead of documents, soonest due first.")
    boolean actionItems;

    @Option(names = "--facets", description = "Also show facet counts (type, language, collection, speaker, owner, due).")
    boolean facets;

    @Option(names = "--json", description = "One JSON object per hit (or action item); with --facets, a last line {\"facets\": …}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path index = data.resolve("index");
        if (!Files.isDirectory(index)) {
            throw new IllegalArgumentException("no index at " + index + ": run 'precis run --inbox DIR --data " + data + "' first");
        }
        PrintStream out = System.out;
        try (IndexSearch search = IndexSearch.open(index)) {
            if (actionItems) {
                printItems(out, search.actionItems(query, owners, due, Access.ALL, limit));
                return 0;
            }
            SearchRequest.Mode m;
            try {
                m = SearchRequest.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mode " + mode + " is not one of hybrid, bm25, vector");
            }
            Map<String, List<String>> filters = new LinkedHashMap<>();
            put(filters, IndexFields.TYPE, types);
            put(filters, IndexFields.LANGUAGE, languages);
            put(filters, IndexFields.COLLECTION, collections);
            put(filters, IndexFields.SPEAKER, speakers);
            put(filters, IndexFields.OWNER, owners);
            SearchResult result = search.search(new SearchRequest(query, filters, from, to, due, m, offset, limit, Access.ALL));
            List<SearchHit> hits = result.hits();
            if (json) {
                hits.forEach(h -> out.println(Views.json(Views.hit(h))));
                if (facets) {
                    out.println(Views.json(Map.of("facets", result.facets())));
                }
                return 0;
            }
            if (hits.isEmpty()) {
                out.println(query == null ? "No documents match these filters." : "No documents match '" + query + "'.");
            } else {
                out.println(result.total() + " document" + (result.total() == 1 ? "" : "s") + " match; showing "
                        + (offset + 1) + "–" + (offset + hits.size()) + ".");
                for (int i = 0; i < hits.size(); i++) {
                    Views.printHit(out, offset + i + 1, hits.get(i));
                }
            }
            if (facets) {
                Views.printFacets(out, result.facets());
            }
        }
        return 0;
    }

    private void printItems(PrintStream out, List<ActionItemHit> items) {
        if (json) {
            items.forEach(i -> out.println(Views.json(Views.actionItem(i))));
        } else if (items.isEmpty()) {
            out.println("No action items match.");
        } else {
            Views.printActionItems(out, items);
        }
    }

    private static void put(Map<String, List<String>> filters, String dim, List<String> values) {
        if (!values.isEmpty()) {
            filters.put(dim, values);
        }
    }
}
