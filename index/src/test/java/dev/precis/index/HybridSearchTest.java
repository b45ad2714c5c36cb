package dev.precis.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.index.vectors.MiniLmEmbedder;
import dev.precis.schemas.AnalyzedDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridSearchTest {
    @TempDir
    static Path root;
    static IndexSearch search;
    static final Access FINANCE = Access.of(Set.of("finance"));
    static final Access ENGINEERING = Access.of(Set.of("engineering"));

    @BeforeAll
    static void build() throws Exception {
        TestCorpus.write(root);
        search = IndexSearch.open(root, MiniLmEmbedder::shared, TestCorpus.CLOCK);
    }

    @AfterAll
    static void close() throws Exception {
        search.close();
    }

    static SearchResult run(String q, Access access, SearchRequest.Mode mode, Map<String, List<String>> filters) throws Exception {
        return search.search(new SearchRequest(q, filters, null, null, null, mode, 0, 10, access));
    }

    static List<String> ids(SearchResult r) {
        return r.hits().stream().map(SearchHit::id).toList();
    }

    static Map<String, Long> facet(SearchResult r, String dim) {
        return r.facets().get(dim).stream().collect(Collectors.toMap(SearchResult.FacetCount::value, SearchResult.FacetCount::count));
    }

    @Test
    void wordsAreHighlightedAndFacetsCountTheResults() throws Exception {
        SearchResult r = run("invoices", Access.ALL, SearchRequest.Mode.BM25, Map.of());
        assertEquals(List.of("fin-q1"), ids(r));
        assertTrue(r.hits().get(0).highlights().stream().anyMatch(h -> h.html().contains("<b>invoices</b>")), r.hits().get(0).toString());
        assertEquals(Map.of("transcript", 1L), facet(r, "type"));
        assertEquals(Map.of("Bob", 1L, "Carol", 1L), facet(r, "owner"));
        assertEquals(Map.of("Alice", 1L, "Bob", 1L, "Carol", 1L), facet(r, "speaker"));

        SearchResult all = run("", Access.ALL, SearchRequest.Mode.HYBRID, Map.of());
        assertEquals(4, all.total());
        assertEquals(Map.of("transcript", 2L, "document", 2L), facet(all, "type"));
        assertEquals(Map.of("finance", 2L, "engineering", 2L), facet(all, "collection"));
        assertEquals(Map.of("overdue", 2L, "this-week", 2L, "later", 1L), facet(all, "due"));
    }

    @Test
    void facetFiltersAndQueryFiltersNarrowTheResults() throws Exception {
        assertEquals(List.of("eng-standup"), ids(run("", Access.ALL, SearchRequest.Mode.HYBRID,
                Map.of("type", List.of("transcript"), "collection", List.of("engineering")))));
        assertEquals(Set.of("fin-q1"), Set.copyOf(ids(run("owner:bob", Access.ALL, SearchRequest.Mode.HYBRID, Map.of()))));
        // A filter beside words narrows them: Orion documents that Alice owes something in.
        assertEquals(List.of("eng-design"), ids(run("Orion owner:alice", Access.ALL, SearchRequest.Mode.HYBRID, Map.of())));
        assertEquals(Set.of("fin-q1", "eng-standup"),
                Set.copyOf(ids(run("date:[2025-03-01 TO 2025-03-31]", Access.ALL, SearchRequest.Mode.HYBRID, Map.of()))));
        assertEquals(Set.of("fin-q1", "eng-standup"), Set.copyOf(ids(run("due:overdue", Access.ALL, SearchRequest.Mode.HYBRID, Map.of()))));
        assertEquals(List.of("eng-design"), ids(run("type:document AND date:[* TO 2025-01-31]", Access.ALL, SearchRequest.Mode.BM25, Map.of())));
        assertEquals(List.of("fin-q1"), ids(run("\"marketing spend\"", Access.ALL, SearchRequest.Mode.BM25, Map.of())));
    }

    @Test
    void vectorsFindMeaningWithoutTheWords() throws Exception {
        SearchResult r = run("broken build because of unreliable automated checks", Access.ALL, SearchRequest.Mode.VECTOR, Map.of());
        assertEquals("eng-standup", r.hits().get(0).id());
        assertEquals(1, r.hits().get(0).matchedBy().size(), "found by meaning only: " + r.hits().get(0).matchedBy());
        assertTrue(r.hits().get(0).passage().text().contains("flaky"), r.hits().get(0).passage().toString());
        SearchResult hybrid = run("unreliable tests broke the deployment", Access.ALL, SearchRequest.Mode.HYBRID, Map.of());
        assertEquals("eng-standup", hybrid.hits().get(0).id());
    }

    @Test
    void accessFiltersEveryAnswer() throws Exception {
        SearchResult fin = run("invoices Orion", FINANCE, SearchRequest.Mode.HYBRID, Map.of());
        assertTrue(ids(fin).stream().allMatch(id -> id.startsWith("fin-")), ids(fin).toString());
        assertEquals(Map.of("finance", 2L), facet(run("", FINANCE, SearchRequest.Mode.HYBRID, Map.of()), "collection"));
        SearchResult eng = run("invoices Lisbon", ENGINEERING, SearchRequest.Mode.HYBRID, Map.of());
        assertTrue(ids(eng).stream().noneMatch(id -> id.startsWith("fin-")), ids(eng).toString());
        assertFalse(facet(eng, "owner").containsKey("Bob"));
        assertTrue(search.document("fin-q1", ENGINEERING).isEmpty());
        assertEquals("Q1 budget review", search.document("fin-q1", FINANCE).orElseThrow().record().getDocument().getTitle());
        assertTrue(search.actionItems(null, List.of("bob"), null, ENGINEERING, 50).isEmpty());
        assertEquals(Set.of("Erin", "Frank", "Alice"),
                search.actionItemOwners(ENGINEERING).stream().map(SearchResult.FacetCount::value).collect(Collectors.toSet()));
        assertEquals(0, run("", Access.of(Set.of()), SearchRequest.Mode.HYBRID, Map.of()).total());
    }

    @Test
    void actionItemsByOwnerAndDueDate() throws Exception {
        List<ActionItemHit> alice = search.actionItems(null, List.of("ALICE"), null, Access.ALL, 50);
        assertEquals(List.of("present the migration plan"), alice.stream().map(h -> h.item().getTask()).toList());
        List<ActionItemHit> overdue = search.actionItems(null, List.of(), "overdue", Access.ALL, 50);
        assertEquals(List.of("quarantine the flaky test", "reconcile the Lisbon invoices"), overdue.stream().map(h -> h.item().getTask()).toList());
        assertEquals("overdue", overdue.get(0).status());
        assertEquals("Frank", overdue.get(0).item().getEvidence().getSpeaker());
        assertEquals("I will quarantine the flaky test and open a ticket today.", overdue.get(0).item().getEvidence().getText());
        List<ActionItemHit> week = search.actionItems(null, List.of(), "this-week", Access.ALL, 50);
        assertEquals(List.of("build the latency dashboard", "send the revised forecast to the board"), week.stream().map(h -> h.item().getTask()).toList());
        assertEquals(List.of("collect the travel receipts"),
                search.actionItems(null, List.of(), "no-date", Access.ALL, 50).stream().map(h -> h.item().getTask()).toList());
        assertEquals("eng-standup", search.actionItems("dashboard", List.of(), null, Access.ALL, 50).get(0).documentId());
    }

    @Test
    void badQueriesSayWhatIsWrong() {
        assertMessage("budget AND (", "cannot parse the query");
        assertMessage("colour:red", "unknown field 'colour'");
        assertMessage("/inv.*/", "regular expressions");
        assertMessage("date:[yesterday TO 2025-01-01]", "is not a date");
        assertMessage("title:[a TO b]", "ranges work on date: and due: only");
        assertMessage("a*", "too short for a wildcard");
        assertMessage("x".repeat(1001), "over the limit of 1000");
        assertThrows(IllegalArgumentException.class, () -> new SearchRequest("x", Map.of(), null, null, null, null, 0, 101, Access.ALL));
        assertThrows(IllegalArgumentException.class, () -> new SearchRequest("x", Map.of("colour", List.of("red")), null, null, null, null, 0, 10, Access.ALL));
    }

    private static void assertMessage(String query, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(query, Access.ALL, SearchRequest.Mode.HYBRID, Map.of()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void newCommitsAppearAfterRefresh(@TempDir Path other) throws Exception {
        TestCorpus.write(other);
        try (IndexSearch live = IndexSearch.open(other, MiniLmEmbedder::shared, TestCorpus.CLOCK)) {
            assertEquals(4, live.documentCount());
            assertFalse(live.refresh());
            AnalyzedDocument extra = TestCorpus.documents().get(1);
            AnalyzedDocument copy = AnalyzedDocument.newBuilder(extra)
                    .setDocument(dev.precis.schemas.DocumentRecord.newBuilder(extra.getDocument()).setId("fin-extra").build()).build();
            try (ShardWriter w = new ShardWriter(other.resolve("shard-2"))) {
                w.upsert(copy);
                w.commit(Map.of());
            }
            assertTrue(live.refresh());
            assertEquals(5, live.documentCount());
            assertEquals(2, live.actionItems(null, List.of("dana"), null, Access.ALL, 10).size());
        }
    }
}
