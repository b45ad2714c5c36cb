package dev.precis.index;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The collections a caller may read. Every search, count, facet, highlight, action item and document
 * fetch adds {@link #filter()} to its Lucene query, so nothing from another collection is ever scored,
 * counted or loaded.
 */
public record Access(boolean everything, Set<String> collections) {
    /** Reads every collection (the command line, and a token granted "*"). */
    public static final Access ALL = new Access(true, Set.of());

    public Access {
        collections = Set.copyOf(collections);
    }

    public static Access of(Set<String> collections) {
        return collections.contains("*") ? ALL : new Access(false, new TreeSet<>(collections));
    }

    /** The filter on the collection field; matches nothing when no collection is readable. */
    public Query filter() {
        if (everything) {
            return new MatchAllDocsQuery();
        }
        if (collections.isEmpty()) {
            return new MatchNoDocsQuery("no readable collection");
        }
        List<BytesRef> terms = collections.stream().map(BytesRef::new).toList();
        return new TermInSetQuery(IndexFields.COLLECTION, terms);
    }
}
