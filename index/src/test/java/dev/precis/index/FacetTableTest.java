package dev.precis.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.StringDocValuesReaderState;
import org.apache.lucene.facet.StringValueFacetCounts;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facet tables count exactly what Lucene's own facet counts ({@link StringValueFacetCounts} over the
 * shards' ordinal maps) and a plain read of the due-day doc values count, on segments with deletions,
 * multi-valued and missing values, non-ASCII labels, passages beside documents and random result sets.
 */
class FacetTableTest {
    private static final long TODAY = 20_000;
    private static final String[] PEOPLE = {"Alice", "Bob", "Carol", "Dana", "Émile", "Zoë", "Łukasz", "李雷", "alice", "😀 Sam"};
    private static final String[] COLLECTIONS = {"finance", "engineering", "sales", "legal", "hr"};

    @TempDir
    Path root;

    @Test
    void countsWhatLuceneCounts() throws Exception {
        Random random = new Random(42);
        try (Directory dir = FSDirectory.open(root)) {
            IndexWriterConfig config = new IndexWriterConfig(IndexFields.analyzer()).setMergePolicy(NoMergePolicy.INSTANCE);
            try (IndexWriter w = new IndexWriter(dir, config)) {
                int id = 0;
                for (int segment = 0; segment < 4; segment++) {
                    for (int i = 0; i < 300 + random.nextInt(300); i++) {
                        w.addDocument(document("d" + id++, random));
                        for (int p = random.nextInt(4); p > 0; p--) {
                            w.addDocument(passage(random));
                        }
                    }
                    w.commit();
                }
                for (int i = 0; i < 150; i++) {
                    w.deleteDocuments(new Term(IndexFields.ID, "d" + random.nextInt(id)));
                }
                w.commit();
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertTrue(reader.leaves().size() >= 4);
                assertTrue(reader.hasDeletions());
                IndexSearcher searcher = new IndexSearcher(reader);
                FacetTable.Cache cache = new FacetTable.Cache();
                List<Query> queries = new ArrayList<>();
                queries.add(documents(null));
                queries.add(documents(new TermQuery(new Term(IndexFields.COLLECTION, "sales"))));
                for (int q = 0; q < 20; q++) {
                    List<BytesRef> ids = new ArrayList<>();
                    for (int i = random.nextInt(400); i > 0; i--) {
                        ids.add(new BytesRef("d" + random.nextInt(2500)));
                    }
                    queries.add(documents(new TermInSetQuery(IndexFields.ID, ids)));
                }
                for (Query q : queries) {
                    FacetsCollector fc = searcher.search(q, new FacetsCollectorManager());
                    FacetTable.Counts counts = new FacetTable.Counts(TODAY);
                    for (FacetsCollector.MatchingDocs m : fc.getMatchingDocs()) {
                        FacetTable table = cache.get(m.context.reader());
                        assertTrue(table.countsDue());
                        counts.add(table, m.bits.iterator());
                    }
                    Map<String, List<SearchResult.FacetCount>> fast = counts.top(1000);
                    for (String dim : IndexFields.FACETS) {
                        assertEquals(lucene(reader, fc, dim), fast.get(dim), dim + " for " + q);
                    }
                    assertEquals(plainDueCounts(fc), List.of(counts.due()[0], counts.due()[1], counts.due()[2]), "due for " + q);
                }
            }
        }
    }

    @Test
    void tablesAreReadOncePerSegmentAndDroppedWithIt() throws Exception {
        Random random = new Random(7);
        try (Directory dir = FSDirectory.open(root); IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(IndexFields.analyzer()))) {
            w.addDocument(document("a", random));
            w.commit();
            FacetTable.Cache cache = new FacetTable.Cache();
            DirectoryReader first = DirectoryReader.open(dir);
            cache.warm(first);
            FacetTable kept = cache.get(first.leaves().get(0).reader());
            w.addDocument(document("b", random));
            w.commit();
            DirectoryReader second = DirectoryReader.openIfChanged(first);
            cache.warm(second);
            assertEquals(2, cache.size());
            assertSame(kept, cache.get(second.leaves().get(0).reader()));
            first.close();
            second.close();
            assertEquals(0, cache.size());
        }
    }

    @Test
    void aSegmentWithDuePointsOnlyLeavesItsDueBucketsToTheCaller() throws Exception {
        try (Directory dir = FSDirectory.open(root); IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(IndexFields.analyzer()))) {
            Document d = new Document();
            d.add(new StringField(IndexFields.ENTRY, "document", Field.Store.NO));
            d.add(new LongPoint(IndexFields.DUE, TODAY));
            w.addDocument(d);
            w.commit();
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertFalse(FacetTable.read(reader.leaves().get(0).reader()).countsDue());
            }
        }
    }

    private static Query documents(Query q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.ENTRY, "document")), BooleanClause.Occur.FILTER);
        if (q != null) {
            b.add(q, BooleanClause.Occur.MUST);
        }
        return b.build();
    }

    private static Document document(String id, Random random) {
        Document d = new Document();
        d.add(new StringField(IndexFields.ID, id, Field.Store.YES));
        d.add(new StringField(IndexFields.ENTRY, "document", Field.Store.NO));
        String collection = COLLECTIONS[random.nextInt(COLLECTIONS.length)];
        d.add(new StringField(IndexFields.COLLECTION, collection, Field.Store.NO));
        facet(d, IndexFields.TYPE, random.nextInt(3) == 0 ? "transcript" : "document");
        if (random.nextInt(5) > 0) {
            facet(d, IndexFields.LANGUAGE, random.nextBoolean() ? "en" : "zh");
        }
        facet(d, IndexFields.COLLECTION, collection);
        for (int i = random.nextInt(4); i > 0; i--) {
            facet(d, IndexFields.SPEAKER, PEOPLE[random.nextInt(PEOPLE.length)]);
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            facet(d, IndexFields.OWNER, PEOPLE[random.nextInt(PEOPLE.length)]);
            long due = TODAY - 20 + random.nextInt(40);
            d.add(new LongPoint(IndexFields.DUE, due));
            d.add(new SortedNumericDocValuesField(IndexFields.DUE_DAYS, due));
        }
        return d;
    }

    /** A passage carries its document's type, language and collection values; facets must not count it. */
    private static Document passage(Random random) {
        Document d = new Document();
        d.add(new StringField(IndexFields.ENTRY, "passage", Field.Store.NO));
        facet(d, IndexFields.TYPE, "transcript");
        facet(d, IndexFields.COLLECTION, COLLECTIONS[random.nextInt(COLLECTIONS.length)]);
        return d;
    }

    private static void facet(Document d, String dim, String value) {
        d.add(new SortedSetDocValuesField(IndexFields.facetField(dim), new BytesRef(value)));
    }

    private static List<SearchResult.FacetCount> lucene(DirectoryReader reader, FacetsCollector fc, String dim) throws Exception {
        StringDocValuesReaderState state = new StringDocValuesReaderState(reader, IndexFields.facetField(dim));
        FacetResult r = new StringValueFacetCounts(state, fc).getTopChildren(1000, IndexFields.facetField(dim));
        List<SearchResult.FacetCount> out = new ArrayList<>();
        if (r != null) {
            for (LabelAndValue lv : r.labelValues) {
                out.add(new SearchResult.FacetCount(lv.label, lv.value.longValue()));
            }
        }
        return out;
    }

    /** Documents with an item overdue, due this week, due later: each document's due days read one by one. */
    private static List<Long> plainDueCounts(FacetsCollector fc) throws Exception {
        Map<String, Long> n = new LinkedHashMap<>(Map.of("overdue", 0L, "this-week", 0L, "later", 0L));
        for (FacetsCollector.MatchingDocs m : fc.getMatchingDocs()) {
            SortedNumericDocValues days = DocValues.getSortedNumeric(m.context.reader(), IndexFields.DUE_DAYS);
            DocIdSetIterator docs = m.bits.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (!days.advanceExact(doc)) {
                    continue;
                }
                Map<String, Boolean> has = new HashMap<>();
                for (int i = 0; i < days.docValueCount(); i++) {
                    long d = days.nextValue();
                    has.put(d < TODAY ? "overdue" : d <= TODAY + 6 ? "this-week" : "later", true);
                }
                has.keySet().forEach(b -> n.merge(b, 1L, Long::sum));
            }
        }
        return List.of(n.get("overdue"), n.get("this-week"), n.get("later"));
    }
}
