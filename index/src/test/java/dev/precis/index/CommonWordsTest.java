package dev.precis.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

class CommonWordsTest {
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);

    /**
     * {@code n} documents: every one says "we", every tenth "budget", every seventh "vendor"; titles repeat
     * "we" now and then so that a common word scores in another field too.
     */
    private static Directory index(int n) throws Exception {
        Directory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(IndexFields.analyzer()))) {
            for (int i = 0; i < n; i++) {
                StringBuilder text = new StringBuilder("we met on day ").append(i).append(" and we talked");
                if (i % 10 == 0) {
                    text.append(" about the budget");
                }
                if (i % 7 == 0) {
                    text.append(" with the vendor, the vendor again");
                }
                Document d = new Document();
                d.add(new TextField(IndexFields.TEXT, text.toString(), Field.Store.NO));
                d.add(new TextField(IndexFields.TITLE, i % 3 == 0 ? "we plan" : "notes " + i, Field.Store.NO));
                w.addDocument(d);
            }
        }
        return dir;
    }

    private static Query parse(String q) throws Exception {
        return new PrecisQueryParser(IndexFields.analyzer(), TODAY).parse(q);
    }

    private static Map<Integer, Float> scores(IndexSearcher s, Query q) throws Exception {
        Map<Integer, Float> out = new HashMap<>();
        for (ScoreDoc sd : s.search(q, s.getIndexReader().maxDoc()).scoreDocs) {
            out.put(sd.doc, sd.score);
        }
        return out;
    }

    @Test
    void commonWordsRankButDoNotMatchOnTheirOwn() throws Exception {
        int n = 1400;
        try (Directory dir = index(n); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            Query parsed = parse("we budget vendor");
            Query rewritten = CommonWords.optional(reader, parsed);
            assertNotEquals(parsed, rewritten, "'we' is in every document and must become optional");

            Map<Integer, Float> before = scores(searcher, parsed);
            Map<Integer, Float> after = scores(searcher, rewritten);
            assertEquals(n, before.size(), "as plain optional words, 'we' makes every document match");
            int expected = 0;
            for (int i = 0; i < n; i++) {
                expected += i % 10 == 0 || i % 7 == 0 ? 1 : 0;
            }
            assertEquals(expected, after.size(), "only documents with a rare word (budget, vendor) match");
            // Every document that still matches keeps its score: the same sum of every word's BM25, added
            // in another order (f32 rounding only).
            for (Map.Entry<Integer, Float> e : after.entrySet()) {
                float old = before.get(e.getKey());
                assertEquals(old, e.getValue(), 1e-5f * Math.abs(old), "score of document " + e.getKey());
            }
        }
    }

    @Test
    void leavesQueriesItDoesNotApplyTo() throws Exception {
        try (Directory dir = index(1400); DirectoryReader reader = DirectoryReader.open(dir)) {
            for (String q : new String[] {"we", "budget", "we met", "\"we met\" budget", "+we budget", "budget vendor",
                    "budget*", "we title:budget"}) {
                Query parsed = parse(q);
                // common words only, one word, a phrase or a one-field clause beside a common word (neither is a
                // plain word of the text), required words, rare words only, a wildcard
                assertSame(parsed, CommonWords.optional(reader, parsed), q);
            }
        }
        try (Directory dir = index(CommonWords.MIN_DOCUMENTS - 1); DirectoryReader reader = DirectoryReader.open(dir)) {
            Query parsed = parse("we budget vendor");
            assertSame(parsed, CommonWords.optional(reader, parsed), "too few documents for a word's share to mean much");
        }
    }

    @Test
    void keepsFiltersBesideTheWords() throws Exception {
        try (Directory dir = index(1400); DirectoryReader reader = DirectoryReader.open(dir)) {
            Query rewritten = CommonWords.optional(reader, parse("we budget owner:alice"));
            assertTrue(rewritten.toString().contains("#owner:alice"), rewritten.toString());
        }
    }
}
