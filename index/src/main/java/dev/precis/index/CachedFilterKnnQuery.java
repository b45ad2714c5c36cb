package dev.precis.index;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.knn.KnnCollectorManager;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * A filtered kNN search whose per-segment set of accepted documents (filter, vector present, not deleted)
 * is kept in a {@link Cache} across searches. Lucene's filtered kNN builds that set from the filter's
 * iterator in every segment for every search: at 100K documents, with the access filter over some 400K
 * passages, that was a tenth of a warmed-up server's CPU, on the vector branch that a search waits for.
 * A search engine sees the same few filters again and again (one per access list, plus facet clicks),
 * so the set is built once per segment and filter, and every later search reads it.
 *
 * <p>It decides per segment exactly as {@link KnnFloatVectorQuery} with the same filter does (exact
 * search when no more documents than k are accepted, else the graph search limited to visiting that
 * many, falling back to exact search when the limit is hit), so results are identical
 * ({@code CachedFilterKnnQueryTest}).
 */
final class CachedFilterKnnQuery extends KnnFloatVectorQuery {
    private final Query filter;
    private final Cache cache;

    CachedFilterKnnQuery(String field, float[] target, int k, Query filter, Cache cache) {
        // No filter for the base class: it then hands every segment's live documents to
        // approximateSearch, which swaps in the cached accepted set.
        super(field, target, k);
        this.filter = new BooleanQuery.Builder()
                .add(Objects.requireNonNull(filter), BooleanClause.Occur.FILTER)
                .add(new FieldExistsQuery(field), BooleanClause.Occur.FILTER)
                .build();
        this.cache = cache;
    }

    @Override
    protected TopDocs approximateSearch(LeafReaderContext context, Bits liveDocs, int visitedLimit,
            KnnCollectorManager knnCollectorManager) throws IOException {
        Accepted accepted = cache.get(context.reader(), filter);
        if (accepted.count == 0) {
            return new TopDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO), new ScoreDoc[0]);
        }
        if (accepted.count <= k) {
            return exactSearch(context, new BitSetIterator(accepted.docs, accepted.count), null);
        }
        TopDocs found = super.approximateSearch(context, accepted.docs, accepted.count + 1, knnCollectorManager);
        if (found.totalHits.relation == TotalHits.Relation.EQUAL_TO) {
            return found;
        }
        return exactSearch(context, new BitSetIterator(accepted.docs, accepted.count), null);
    }

    @Override
    public String toString(String field) {
        return super.toString(field) + "[filter " + filter + "]";
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && filter.equals(((CachedFilterKnnQuery) o).filter);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + filter.hashCode();
    }

    /** A segment's accepted documents and how many there are. */
    private record Accepted(FixedBitSet docs, int count) {}

    /**
     * Accepted sets per segment and filter, on two levels. The filter's documents are kept per segment
     * core (they never change while the segment lives); the accepted set, those of them not deleted, per
     * segment reader, since a commit that deletes documents of a segment (an upsert) gives the next
     * searcher a new reader of it. Rebuilding a set after such a commit is then a word-by-word AND with
     * the live documents, not another walk of the filter: the first search after every commit would
     * otherwise pay the whole cost again. Each level holds the {@value #PER_SEGMENT} most recently used
     * filters per segment, one bit per document each, and drops a segment's sets when it closes.
     */
    static final class Cache {
        static final int PER_SEGMENT = 64;
        private final Map<IndexReader.CacheKey, Map<Query, Accepted>> byCore = new ConcurrentHashMap<>();
        private final Map<IndexReader.CacheKey, Map<Query, Accepted>> byReader = new ConcurrentHashMap<>();

        private Accepted get(LeafReader leaf, Query filter) throws IOException {
            IndexReader.CacheHelper core = leaf.getCoreCacheHelper();
            IndexReader.CacheHelper reader = leaf.getReaderCacheHelper();
            if (core == null || reader == null) {
                return withoutDeleted(leaf, matching(leaf, filter));
            }
            Map<Query, Accepted> live = sets(byReader, reader);
            Accepted a = lookUp(live, filter);
            if (a == null) {
                Map<Query, Accepted> all = sets(byCore, core);
                Accepted matching = lookUp(all, filter);
                if (matching == null) {
                    matching = matching(leaf, filter);
                    store(all, filter, matching);
                }
                a = withoutDeleted(leaf, matching);
                store(live, filter, a);
            }
            return a;
        }

        private static Map<Query, Accepted> sets(Map<IndexReader.CacheKey, Map<Query, Accepted>> level,
                IndexReader.CacheHelper helper) {
            Map<Query, Accepted> sets = level.get(helper.getKey());
            if (sets == null) {
                Map<Query, Accepted> fresh = new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Query, Accepted> eldest) {
                        return size() > PER_SEGMENT;
                    }
                };
                sets = level.putIfAbsent(helper.getKey(), fresh);
                if (sets == null) {
                    sets = fresh;
                    helper.addClosedListener(level::remove);
                }
            }
            return sets;
        }

        private static Accepted lookUp(Map<Query, Accepted> sets, Query filter) {
            synchronized (sets) {
                return sets.get(filter);
            }
        }

        private static void store(Map<Query, Accepted> sets, Query filter, Accepted a) {
            synchronized (sets) {
                sets.put(filter, a);
            }
        }

        /** Number of sets held, over all segments and both levels. */
        int size() {
            int n = 0;
            for (Map<IndexReader.CacheKey, Map<Query, Accepted>> level : List.of(byCore, byReader)) {
                for (Map<Query, Accepted> sets : level.values()) {
                    synchronized (sets) {
                        n += sets.size();
                    }
                }
            }
            return n;
        }

        /** The segment's documents that match the filter, deleted or not. */
        private static Accepted matching(LeafReader leaf, Query filter) throws IOException {
            IndexSearcher searcher = new IndexSearcher(leaf);
            searcher.setQueryCache(null);
            FixedBitSet docs = new FixedBitSet(Math.max(1, leaf.maxDoc()));
            Scorer scorer = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f)
                    .scorer(searcher.getIndexReader().leaves().get(0));
            if (scorer == null) {
                return new Accepted(docs, 0);
            }
            DocIdSetIterator it = scorer.iterator();
            int count = 0;
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                docs.set(doc);
                count++;
            }
            return new Accepted(docs, count);
        }

        /** {@code matching} less the documents this reader of the segment sees deleted. */
        private static Accepted withoutDeleted(LeafReader leaf, Accepted matching) {
            Bits live = leaf.getLiveDocs();
            if (live == null || matching.count == 0) {
                return matching;
            }
            FixedBitSet docs = FixedBitSet.copyOf(live); // copies the words of Lucene's live-docs bits
            docs.and(matching.docs);
            return new Accepted(docs, docs.cardinality());
        }
    }
}
