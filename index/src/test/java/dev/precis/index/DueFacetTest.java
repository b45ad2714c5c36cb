package dev.precis.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precis.index.vectors.MiniLmEmbedder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The due-date facet counts documents by their items' due days. Documents written by this version carry
 * the days as doc values; a segment written before that has only the due-date points, and its documents
 * must be counted all the same.
 */
class DueFacetTest {
    @TempDir
    Path root;

    @Test
    void segmentsWithoutDueDocValuesAreCountedFromTheirPoints() throws Exception {
        TestCorpus.write(root);
        long today = TestCorpus.TODAY.toEpochDay();
        // An extra shard as an earlier version wrote documents: due dates as points only.
        try (IndexWriter w = new IndexWriter(FSDirectory.open(root.resolve("shard-9")), new IndexWriterConfig(IndexFields.analyzer()))) {
            w.addDocument(legacy("old-1", today - 3, today + 30));
            w.addDocument(legacy("old-2", today + 2));
            w.addDocument(legacy("old-3"));
            w.commit();
        }
        try (IndexSearch search = IndexSearch.open(root, MiniLmEmbedder::shared, TestCorpus.CLOCK)) {
            SearchResult legacyOnly = search.search(new SearchRequest("zeppelin", Map.of(), null, null, null,
                    SearchRequest.Mode.BM25, 0, 10, Access.ALL));
            assertEquals(3, legacyOnly.total());
            assertEquals(Map.of("overdue", 1L, "this-week", 1L, "later", 1L), due(legacyOnly));

            SearchResult everything = search.search(new SearchRequest("", Map.of(), null, null, null,
                    SearchRequest.Mode.HYBRID, 0, 10, Access.ALL));
            SearchResult current = search.search(new SearchRequest("", Map.of(IndexFields.COLLECTION, List.of("finance", "engineering")),
                    null, null, null, SearchRequest.Mode.HYBRID, 0, 10, Access.ALL));
            Map<String, Long> sum = new java.util.HashMap<>(due(current));
            due(legacyOnly).forEach((k, v) -> sum.merge(k, v, Long::sum));
            assertEquals(sum, due(everything));
        }
    }

    private static Document legacy(String id, long... dueDays) {
        Document d = new Document();
        d.add(new StringField(IndexFields.ID, id, Field.Store.YES));
        d.add(new SortedDocValuesField(IndexFields.ID_VALUE, new BytesRef(id)));
        d.add(new StringField(IndexFields.ENTRY, "document", Field.Store.NO));
        d.add(new StringField(IndexFields.TYPE, "document", Field.Store.YES));
        d.add(new StringField(IndexFields.COLLECTION, "archive", Field.Store.YES));
        d.add(new Field(IndexFields.TITLE, "Zeppelin hangar lease " + id, ShardWriter.TEXT_WITH_OFFSETS));
        for (long day : dueDays) {
            d.add(new LongPoint(IndexFields.DUE, day));
        }
        return d;
    }

    private static Map<String, Long> due(SearchResult r) {
        return r.facets().get("due").stream().collect(Collectors.toMap(SearchResult.FacetCount::value, SearchResult.FacetCount::count));
    }
}
