package dev.precis.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kNN search with cached accepted sets finds exactly what Lucene's filtered kNN search finds, with
 * the same scores, over segments with deletions and documents without vectors, for filters that accept
 * many documents (graph search), few (exact search) and none, also when the cached sets are reused.
 */
class CachedFilterKnnQueryTest {
    private static final int DIM = 16;
    private static final String[] COLLECTIONS = {"finance", "engineering", "sales", "legal", "hr", "rare"};

    @TempDir
    Path root;

    @Test
    void findsWhatLucenesFilteredSearchFinds() throws Exception {
        Random random = new Random(11);
        try (Directory dir = FSDirectory.open(root); IndexWriter w = new IndexWriter(dir,
                new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE).setCodec(SearchEntries.codec()))) {
            int id = 0;
            for (int segment = 0; segment < 3; segment++) {
                for (int i = 0; i < 1500; i++) {
                    w.addDocument(document("d" + id++, random));
                }
                w.commit();
            }
            deleteSome(w, random, id);
            CachedFilterKnnQuery.Cache cache = new CachedFilterKnnQuery.Cache();
            DirectoryReader first = DirectoryReader.open(dir);
            assertEquals(3, first.leaves().size());
            assertTrue(first.hasDeletions());
            for (int round = 0; round < 2; round++) { // the second round reads the cached sets
                compare(first, cache, random);
            }
            assertEquals(2 * 3 * FILTERS.size(), cache.size(), "one set per segment and filter on each level");

            // A commit that deletes documents of every segment: its readers are new, the segments' cores are not.
            deleteSome(w, random, id);
            DirectoryReader second = DirectoryReader.openIfChanged(first);
            compare(second, cache, random);
            assertEquals(3 * 3 * FILTERS.size(), cache.size());
            first.close();
            assertEquals(2 * 3 * FILTERS.size(), cache.size(), "the first reader's accepted sets are dropped");
            second.close();
            assertEquals(0, cache.size(), "a closed segment's sets are dropped");
        }
    }

    private static final List<Query> FILTERS = List.of(
            new MatchAllDocsQuery(),
            collections("finance", "engineering", "sales", "legal"),
            collections("hr"),
            collections("rare"),
            collections("nobody"),
            new BooleanQuery.Builder()
                    .add(collections("finance", "sales"), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(IndexFields.TYPE, "transcript")), BooleanClause.Occur.FILTER)
                    .build());

    private static void compare(DirectoryReader reader, CachedFilterKnnQuery.Cache cache, Random random) throws Exception {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (Query filter : FILTERS) {
            for (int k : new int[] {5, 50, 100}) {
                float[] target = vector(random);
                TopDocs lucene = searcher.search(new KnnFloatVectorQuery("vec", target, k, filter), k);
                TopDocs cached = searcher.search(new CachedFilterKnnQuery("vec", target, k, filter, cache), k);
                String what = filter + " k=" + k;
                assertArrayEquals(docs(lucene), docs(cached), what);
                assertArrayEquals(scores(lucene), scores(cached), what);
            }
        }
    }

    private static void deleteSome(IndexWriter w, Random random, int ids) throws Exception {
        for (int i = 0; i < 400; i++) {
            w.deleteDocuments(new Term(IndexFields.ID, "d" + random.nextInt(ids)));
        }
        w.commit();
    }

    @Test
    void filtersAreKeptApart() {
        CachedFilterKnnQuery.Cache cache = new CachedFilterKnnQuery.Cache();
        float[] v = new float[DIM];
        assertNotEquals(new CachedFilterKnnQuery("vec", v, 5, collections("hr"), cache),
                new CachedFilterKnnQuery("vec", v, 5, collections("sales"), cache));
        assertEquals(new CachedFilterKnnQuery("vec", v, 5, collections("hr"), cache),
                new CachedFilterKnnQuery("vec", v, 5, collections("hr"), cache));
    }

    private static Query collections(String... names) {
        List<BytesRef> terms = new ArrayList<>();
        for (String n : names) {
            terms.add(new BytesRef(n));
        }
        return new TermInSetQuery(IndexFields.COLLECTION, terms);
    }

    private static Document document(String id, Random random) {
        Document d = new Document();
        d.add(new StringField(IndexFields.ID, id, Field.Store.YES));
        // "rare" holds a few documents per segment: fewer than k, so those segments are searched exactly.
        String collection = random.nextInt(500) == 0 ? "rare" : COLLECTIONS[random.nextInt(COLLECTIONS.length - 1)];
        d.add(new StringField(IndexFields.COLLECTION, collection, Field.Store.NO));
        d.add(new StringField(IndexFields.TYPE, random.nextBoolean() ? "transcript" : "document", Field.Store.NO));
        if (random.nextInt(10) > 0) { // some entries carry no vector
            d.add(new KnnFloatVectorField("vec", vector(random), VectorSimilarityFunction.DOT_PRODUCT));
        }
        return d;
    }

    private static float[] vector(Random random) {
        float[] v = new float[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static int[] docs(TopDocs top) {
        return java.util.Arrays.stream(top.scoreDocs).mapToInt(sd -> sd.doc).toArray();
    }

    private static float[] scores(TopDocs top) {
        float[] s = new float[top.scoreDocs.length];
        for (int i = 0; i < s.length; i++) {
            ScoreDoc sd = top.scoreDocs[i];
            s[i] = sd.score;
        }
        return s;
    }
}
