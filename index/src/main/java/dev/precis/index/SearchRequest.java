package dev.precis.index;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A search: the query text (may be empty: every readable document, in index order), facet filters
 * (values OR-ed within a dimension, dimensions AND-ed: type, language, collection, speaker, owner), a
 * date range, a due-date bucket ("overdue", "this-week", "later"), the retrieval mode, and the page.
 */
public record SearchRequest(String query, Map<String, List<String>> filters, LocalDate from, LocalDate to, String due,
        Mode mode, int offset, int limit, Access access) {
    public static final int MAX_QUERY_CHARS = 1000;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_OFFSET = 1000;
    public static final int MAX_FILTER_VALUES = 50;

    /** Which retrievers run: BM25, vectors (summary and passage kNN), or both fused by reciprocal rank. */
    public enum Mode { HYBRID, BM25, VECTOR }

    public SearchRequest {
        query = query == null ? "" : query.strip();
        filters = filters == null ? Map.of() : Map.copyOf(filters);
        mode = mode == null ? Mode.HYBRID : mode;
        if (query.length() > MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("the query has " + query.length() + " characters, over the limit of "
                    + MAX_QUERY_CHARS + ": shorten it");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " is out of range: use 1 to " + MAX_LIMIT);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset " + offset + " is out of range: use 0 to " + MAX_OFFSET);
        }
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (!IndexFields.FACETS.contains(f.getKey())) {
                throw new IllegalArgumentException("unknown filter '" + f.getKey() + "': use one of " + IndexFields.FACETS);
            }
            if (f.getValue().size() > MAX_FILTER_VALUES) {
                throw new IllegalArgumentException("filter '" + f.getKey() + "' has " + f.getValue().size()
                        + " values, over the limit of " + MAX_FILTER_VALUES);
            }
        }
        if (due != null && !List.of("overdue", "this-week", "later").contains(due)) {
            throw new IllegalArgumentException("due '" + due + "' is not one of overdue, this-week, later");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("the date range " + from + " to " + to + " is empty: 'from' is after 'to'");
        }
        if (access == null) {
            throw new IllegalArgumentException("a search needs an access list");
        }
    }

    /** A plain hybrid search of every collection. */
    public static SearchRequest of(String query, int limit) {
        return new SearchRequest(query, Map.of(), null, null, null, Mode.HYBRID, 0, limit, Access.ALL);
    }
}
