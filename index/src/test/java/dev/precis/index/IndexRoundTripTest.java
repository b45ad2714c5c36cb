package dev.precis.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Evidence;
import dev.precis.schemas.IngestFailure;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexRoundTripTest {

    static AnalyzedDocument doc(String id, String title, String text, String summary, ActionItem... items) {
        DocumentRecord d = DocumentRecord.newBuilder().setId(id).setSourceUri("file:/inbox/" + id).setContentHash("h" + id)
                .setMediaType("text/plain").setTitle(title).setLanguage("en").setText(text).setIngestedAt(Instant.EPOCH).build();
        AnalysisRecord a = AnalysisRecord.newBuilder().setDocumentId(id).setEngine("extractive").setEngineVersion("t")
                .setSummary(summary).setKeyPoints(List.of()).setActionItems(List.of(items)).setAnalyzedAt(Instant.EPOCH).build();
        return new AnalyzedDocument(d, a);
    }

    static ActionItem item(String owner, String task) {
        return ActionItem.newBuilder().setTask(task).setOwner(owner).setConfidence(0.6f)
                .setEvidence(Evidence.newBuilder().setCharStart(0).setCharEnd(4).setText(task).build()).build();
    }

    @Test
    void upsertSearchHighlightAndFailures(@TempDir Path root) throws Exception {
        try (ShardWriter w0 = new ShardWriter(root.resolve("shard-0")); ShardWriter w1 = new ShardWriter(root.resolve("shard-1"))) {
            w0.upsert(doc("a", "Budget review", "We reviewed the budget for the marketing campaign.", "The budget was reviewed."));
            w1.upsert(doc("b", "Hiring sync", "Hiring two engineers is the priority this quarter.", "Hiring plans.",
                    item("Maria", "send the hiring plan to finance")));
            w0.upsertFailure("c", IngestFailure.newBuilder().setSourceUri("file:/inbox/c.pdf").setStage("extract")
                    .setErrorKind("corrupt").setMessage("could not parse").setAt(Instant.EPOCH).build());
            w0.commit(Map.of("run", "1"));
            w1.commit(Map.of());
            // The same id written again replaces the first version instead of adding a second document.
            w0.upsert(doc("a", "Budget review v2", "We reviewed the budget again, with the new marketing numbers.", "Budget, second pass."));
            w0.commit(Map.of());
        }
        try (IndexSearch search = IndexSearch.open(root)) {
            assertEquals(2, search.documentCount());
            assertEquals(1, search.failureCount());
            List<SearchHit> hits = words(search, "marketing");
            assertEquals(1, hits.size());
            assertEquals("Budget review v2", hits.get(0).title());
            assertTrue(hits.get(0).snippet().contains("<b>marketing</b>"), hits.get(0).snippet());

            List<SearchHit> owner = words(search, "finance");
            assertEquals("b", owner.get(0).id());
            assertEquals(IndexFields.ACTION_ITEMS, owner.get(0).snippetField());
            assertEquals("Maria: send the hiring plan to <b>finance</b>", owner.get(0).snippet());

            assertEquals("Maria", search.documents().stream().filter(d -> d.getDocument().getId().equals("b"))
                    .findFirst().orElseThrow().getAnalysis().getActionItems().get(0).getOwner());
            assertEquals("corrupt", search.failures().get(0).getErrorKind());
            assertTrue(words(search, "parse").isEmpty(), "failures are not search results");

            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> search.search("budget AND (", 10));
            assertTrue(bad.getMessage().contains("cannot parse the query"), bad.getMessage());
        }
    }

    @Test
    void anItemOfSeveralOwnersIsEachOnesItem(@TempDir Path root) throws Exception {
        try (ShardWriter w = new ShardWriter(root.resolve("shard-0"))) {
            w.upsert(doc("d", "Contract sync", "Dana and Tom will review the vendor contract.", "The contract is up for review.",
                    item("Dana, Tom", "review the vendor contract")));
            w.commit(Map.of());
        }
        try (IndexSearch search = IndexSearch.open(root)) {
            for (String who : List.of("dana", "Tom")) {
                List<ActionItemHit> hits = search.actionItems(null, List.of(who), null, Access.ALL, 10);
                assertEquals(List.of("review the vendor contract"), hits.stream().map(h -> h.item().getTask()).toList(), who);
            }
            assertEquals(List.of("Dana", "Tom"), search.actionItemOwners(Access.ALL).stream().map(SearchResult.FacetCount::value)
                    .sorted().toList());
            assertEquals(List.of("d"), words(search, "owner:tom contract").stream().map(SearchHit::id).toList());
        }
    }

    /** Words only: vector search would also return the nearest documents that share no word with the query. */
    static List<SearchHit> words(IndexSearch search, String query) throws java.io.IOException {
        return search.search(new SearchRequest(query, Map.of(), null, null, null, SearchRequest.Mode.BM25, 0, 10, Access.ALL)).hits();
    }

    @Test
    void stemmingAndChineseBigrams(@TempDir Path root) throws Exception {
        try (ShardWriter w = new ShardWriter(root.resolve("shard-0"))) {
            w.upsert(doc("z", "周报", "项目进展顺利。我们下周将完成测试工作。", "项目进展顺利。"));
            w.upsert(doc("e", "Reviews", "The reviewers reviewed three proposals.", "Proposals reviewed."));
            w.commit(Map.of());
        }
        try (IndexSearch search = IndexSearch.open(root)) {
            assertEquals("z", search.search("测试", 5).get(0).id());
            assertEquals("e", search.search("review", 5).get(0).id());
        }
    }

    @Test
    void uncommittedWritesAreNotVisible(@TempDir Path root) throws Exception {
        try (ShardWriter w = new ShardWriter(root.resolve("shard-0"))) {
            w.upsert(doc("x", "Draft", "Unfinished work.", "Draft."));
        }
        try (IndexSearch search = IndexSearch.open(root)) {
            assertEquals(0, search.documentCount());
        }
    }
}
