package dev.precis.index;

import java.util.List;
import java.util.Map;

/**
 * A page of hits, the number of documents the query matched (those found by words plus those found
 * only by meaning), and facet counts over all of them: per dimension, values with their counts, most
 * frequent first; dimension "due" counts documents with an action item overdue, due this week or later.
 */
public record SearchResult(long total, List<SearchHit> hits, Map<String, List<FacetCount>> facets) {
    public record FacetCount(String value, long count) {}
}
