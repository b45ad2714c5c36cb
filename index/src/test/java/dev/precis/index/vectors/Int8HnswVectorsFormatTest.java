package dev.precis.index.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vector API scorer changes no result: the same documents written with Lucene's int8 HNSW format and
 * with {@link Int8HnswVectorsFormat} (same order, same flushes, same merges) give the same graphs, neighbour for neighbour, so every
 * kNN search finds the same documents with the same scores: on flushed segments (graphs built from float
 * vectors), after merges of segments with deletions (graphs built from the int8 vectors with the scorer
 * under test) and with a filter. An index written with Lucene's format, as earlier versions wrote it, is read
 * beside new segments and merged into this format with the graph Lucene's format would have built.
 */
class Int8HnswVectorsFormatTest {
    private static final int DIM = 48;

    @TempDir
    Path root;

    @Test
    void findsExactlyWhatLucenesFormatFinds() throws Exception {
        try (Directory lucene = FSDirectory.open(root.resolve("lucene"));
                Directory precis = FSDirectory.open(root.resolve("precis"))) {
            IndexWriter lw = writer(lucene, new Lucene99HnswScalarQuantizedVectorsFormat());
            IndexWriter pw = writer(precis, new Int8HnswVectorsFormat());
            Random docs = new Random(3);
            for (int segment = 0; segment < 4; segment++) {
                for (int i = 0; i < 700; i++) {
                    Document d = document("d" + segment + "-" + i, docs);
                    lw.addDocument(d);
                    pw.addDocument(d);
                }
                lw.commit();
                pw.commit();
            }
            assertSameResults(lucene, precis, "flushed segments");
            for (int i = 0; i < 300; i++) {
                Term t = new Term("id", "d" + docs.nextInt(4) + "-" + docs.nextInt(700));
                lw.deleteDocuments(t);
                pw.deleteDocuments(t);
            }
            lw.forceMerge(1);
            pw.forceMerge(1);
            lw.close();
            pw.close();
            assertSameResults(lucene, precis, "one merged segment");
        }
    }

    @Test
    void anIndexWrittenWithLucenesFormatIsReadAndMergedIntoThisOne() throws Exception {
        try (Directory lucene = FSDirectory.open(root.resolve("lucene"));
                Directory mixed = FSDirectory.open(root.resolve("mixed"))) {
            Random docs = new Random(5);
            List<Document> all = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                all.add(document("d" + i, docs));
            }
            // The same documents in the same segments, written and merged by Lucene's format alone.
            Lucene99HnswScalarQuantizedVectorsFormat luceneFormat = new Lucene99HnswScalarQuantizedVectorsFormat();
            writeTwoSegments(lucene, all, luceneFormat, luceneFormat);
            mergeAll(lucene, luceneFormat);
            // An index an earlier version wrote (Lucene's format), then opened by this one and merged.
            writeTwoSegments(mixed, all, luceneFormat, new Int8HnswVectorsFormat());
            try (DirectoryReader r = DirectoryReader.open(mixed)) {
                assertEquals(List.of(Lucene99HnswScalarQuantizedVectorsFormat.NAME, Int8HnswVectorsFormat.NAME),
                        r.leaves().stream().map(l -> format(l.reader())).toList());
            }
            mergeAll(mixed, new Int8HnswVectorsFormat());
            try (DirectoryReader r = DirectoryReader.open(mixed)) {
                assertEquals(List.of(Int8HnswVectorsFormat.NAME), r.leaves().stream().map(l -> format(l.reader())).toList());
            }
            assertSameResults(lucene, mixed, "a merged index of both formats");
        }
    }

    /** The first 700 documents committed by a writer with one format, the rest by a writer with another. */
    private static void writeTwoSegments(Directory dir, List<Document> docs, KnnVectorsFormat first, KnnVectorsFormat second)
            throws Exception {
        try (IndexWriter w = writer(dir, first)) {
            w.addDocuments(docs.subList(0, 700));
            w.commit();
        }
        try (IndexWriter w = writer(dir, second)) {
            w.addDocuments(docs.subList(700, docs.size()));
            w.commit();
        }
    }

    private static void mergeAll(Directory dir, KnnVectorsFormat format) throws Exception {
        try (IndexWriter w = writer(dir, format)) {
            w.forceMerge(1);
        }
    }

    private static String format(LeafReader leaf) {
        return leaf.getFieldInfos().fieldInfo("vec").getAttribute("PerFieldKnnVectorsFormat.format");
    }

    @Test
    void isFoundByNameWhenAnIndexIsRead() {
        assertInstanceOf(Int8HnswVectorsFormat.class, KnnVectorsFormat.forName(Int8HnswVectorsFormat.NAME));
        assertTrue(Int8VectorScorer.VECTOR_API, "the tests run with the Vector API module, as every Precis process");
    }

    private static IndexWriter writer(Directory dir, KnnVectorsFormat format) throws Exception {
        Codec codec = new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
        return new IndexWriter(dir, new IndexWriterConfig().setCodec(codec).setMergeScheduler(new SerialMergeScheduler())
                .setMaxBufferedDocs(1000).setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH));
    }

    private static void assertSameResults(Directory lucene, Directory precis, String what) throws Exception {
        try (DirectoryReader lr = DirectoryReader.open(lucene); DirectoryReader pr = DirectoryReader.open(precis)) {
            assertEquals(lr.leaves().size(), pr.leaves().size());
            for (int l = 0; l < lr.leaves().size(); l++) {
                List<String> expected = neighbours(lr.leaves().get(l).reader());
                List<String> actual = neighbours(pr.leaves().get(l).reader());
                assertEquals(expected.size(), actual.size(), what + ": nodes of segment " + l);
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i), actual.get(i), what + ": level:node: neighbours in segment " + l);
                }
            }
            IndexSearcher ls = new IndexSearcher(lr);
            IndexSearcher ps = new IndexSearcher(pr);
            Random queries = new Random(9);
            for (int q = 0; q < 40; q++) {
                float[] target = vector(queries);
                int k = 1 + queries.nextInt(60);
                TermQuery filter = q % 4 == 0 ? new TermQuery(new Term("kind", "a")) : null;
                TopDocs expected = ls.search(new KnnFloatVectorQuery("vec", target, k, filter), k);
                TopDocs actual = ps.search(new KnnFloatVectorQuery("vec", target, k, filter), k);
                assertArrayEquals(docs(expected), docs(actual), what + ", query " + q);
                assertArrayEquals(scores(expected), scores(actual), what + ", query " + q);
            }
        }
    }

    /** Every node's neighbours on every level of a segment's graph. */
    private static List<String> neighbours(LeafReader leaf) throws Exception {
        KnnVectorsReader vectors = ((PerFieldKnnVectorsFormat.FieldsReader) ((CodecReader) leaf).getVectorReader()).getFieldReader("vec");
        HnswGraph graph = ((HnswGraphProvider) vectors).getGraph("vec");
        List<String> out = new ArrayList<>();
        for (int level = 0; level < graph.numLevels(); level++) {
            HnswGraph.NodesIterator nodes = graph.getNodesOnLevel(level);
            while (nodes.hasNext()) {
                int node = nodes.nextInt();
                graph.seek(level, node);
                StringBuilder line = new StringBuilder(level + ":" + node + ":");
                for (int n = graph.nextNeighbor(); n != DocIdSetIterator.NO_MORE_DOCS; n = graph.nextNeighbor()) {
                    line.append(' ').append(n);
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    private static Document document(String id, Random random) {
        Document d = new Document();
        d.add(new StringField("id", id, Field.Store.NO));
        d.add(new StringField("kind", random.nextInt(3) == 0 ? "a" : "b", Field.Store.NO));
        d.add(new KnnFloatVectorField("vec", vector(random), VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    /** A unit vector leaning towards a few shared directions, as sentence embeddings do. */
    private static float[] vector(Random random) {
        float[] v = new float[DIM];
        int topic = random.nextInt(5);
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (random.nextGaussian() + (i % 5 == topic ? 1.5 : 0));
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static int[] docs(TopDocs top) {
        List<Integer> out = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) {
            out.add(sd.doc);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] scores(TopDocs top) {
        float[] s = new float[top.scoreDocs.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = top.scoreDocs[i].score;
        }
        return s;
    }
}
