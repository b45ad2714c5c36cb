package dev.precis.index;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.precis.index.vectors.MiniLmEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each QMSum specific query should find its own meeting among the 35 validation meetings. Prints
 * recall@5 and MRR (of the first ten hits) for BM25 alone, vectors alone and the hybrid (the figures in docs/QUALITY.md), and
 * requires the hybrid to beat BM25 alone on both.
 */
class QmsumRelevanceTest {

    record Scores(double recallAt5, double mrr) {}

    @Test
    void hybridBeatsBm25OnQmsumSpecificQueries(@TempDir Path root) throws Exception {
        Path data = Qmsum.find();
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(data != null, "shared/data/qmsum/val.jsonl is missing beside the project");
        }
        assumeTrue(data != null, "shared/data/qmsum/val.jsonl not found beside the project");
        List<Qmsum.Meeting> meetings = Qmsum.load(data);
        // -Dqmsum.index=DIR keeps the index between runs, to tune retrieval without embedding again.
        String kept = System.getProperty("qmsum.index");
        boolean reuse = kept != null && java.nio.file.Files.isDirectory(Path.of(kept));
        if (kept != null) {
            root = Path.of(kept);
        }
        long t0 = System.nanoTime();
        if (!reuse) try (ShardWriter w0 = new ShardWriter(root.resolve("shard-0")); ShardWriter w1 = new ShardWriter(root.resolve("shard-1"))) {
            for (int i = 0; i < meetings.size(); i++) {
                (i % 2 == 0 ? w0 : w1).upsert(meetings.get(i).document());
            }
            w0.commit(Map.of());
            w1.commit(Map.of());
        }
        long t1 = System.nanoTime();
        Map<SearchRequest.Mode, Scores> scores = new EnumMap<>(SearchRequest.Mode.class);
        int queries = 0;
        try (IndexSearch search = IndexSearch.open(root, MiniLmEmbedder::shared, Clock.systemUTC())) {
            for (SearchRequest.Mode mode : SearchRequest.Mode.values()) {
                double hitsAt5 = 0;
                double rr = 0;
                queries = 0;
                for (Qmsum.Meeting m : meetings) {
                    String want = m.document().getDocument().getId();
                    for (String q : m.queries()) {
                        queries++;
                        List<SearchHit> hits = search.search(new SearchRequest(q, Map.of(), null, null, null, mode, 0,
                                10, Access.ALL)).hits();
                        for (int r = 0; r < hits.size(); r++) {
                            if (hits.get(r).id().equals(want)) {
                                hitsAt5 += r < 5 ? 1 : 0;
                                rr += 1.0 / (r + 1);
                                break;
                            }
                        }
                    }
                }
                scores.put(mode, new Scores(hitsAt5 / queries, rr / queries));
            }
        }
        System.out.printf("QMSum val: %d meetings, %d specific queries, indexed in %.1f s%n", meetings.size(), queries, (t1 - t0) / 1e9);
        System.out.println("| retrieval | recall@5 | MRR@10 |");
        System.out.println("|---|---|---|");
        for (Map.Entry<SearchRequest.Mode, Scores> e : scores.entrySet()) {
            System.out.printf("| %s | %.3f | %.3f |%n", e.getKey().name().toLowerCase(), e.getValue().recallAt5(), e.getValue().mrr());
        }
        Scores bm25 = scores.get(SearchRequest.Mode.BM25);
        Scores hybrid = scores.get(SearchRequest.Mode.HYBRID);
        assertTrue(hybrid.recallAt5() > bm25.recallAt5(), "hybrid recall@5 " + hybrid + " vs BM25 " + bm25);
        assertTrue(hybrid.mrr() > bm25.mrr(), "hybrid MRR " + hybrid + " vs BM25 " + bm25);
    }
}
