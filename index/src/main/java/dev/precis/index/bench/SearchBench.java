package dev.precis.index.bench;

import dev.precis.index.Access;
import dev.precis.index.IndexSearch;
import dev.precis.index.SearchRequest;
import dev.precis.index.ShardWriter;
import dev.precis.index.vectors.Embedder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Search latency under load: builds an index of generated documents, then runs typical queries (hybrid,
 * with facets, as the web page asks them) from 1 and more concurrent clients while a writer upserts
 * and commits new documents every second and the searcher refreshes every second, as {@code precis
 * serve} does beside a running job.
 */
public final class SearchBench {
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
    /** Documents between two progress reports while an index is built. */
    private static final int PROGRESS_STEP = 500;

    /** Latency percentiles of one run, in milliseconds. */
    public record Run(int documents, int clients, int queries, double p50Ms, double p99Ms, double qps, int committedDuringRun,
            int shards, int segments) {}

    private final Embedder embedder;
    private final PrintStream log;
    private final int shards;

    /** A bench whose indexes have {@code shards} shards (as {@code precis run --parallelism} makes them). */
    public SearchBench(Embedder realEmbedder, int shards, PrintStream log) {
        if (shards < 1) {
            throw new IllegalArgumentException("shard count " + shards + " must be at least 1");
        }
        this.log = log;
        this.shards = shards;
        long t0 = System.nanoTime();
        this.embedder = new PooledEmbedder(realEmbedder, SyntheticCorpus.sentences());
        log.printf("embedded the %d-sentence pool in %.1f s%n", SyntheticCorpus.sentences().size(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Builds {@code documents} generated documents under {@code dir} with one writer thread per shard;
     * {@code indexed} hears the running count every {@value #PROGRESS_STEP} documents and at the end.
     */
    public double build(Path dir, int documents, IntConsumer indexed) throws Exception {
        long t0 = System.nanoTime();
        AtomicInteger indexedSoFar = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(shards);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                int shard = s;
                done.add(pool.submit(() -> {
                    SyntheticCorpus corpus = new SyntheticCorpus(shard, TODAY);
                    try (ShardWriter w = new ShardWriter(dir.resolve("shard-" + shard), embedder)) {
                        for (int n = shard; n < documents; n += shards) {
                            w.upsert(corpus.next(n));
                            int k = indexedSoFar.incrementAndGet();
                            if (k % PROGRESS_STEP == 0) {
                                indexed.accept(k);
                            }
                        }
                        w.commit(Map.of());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        indexed.accept(documents);
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf("indexed %d documents in %.1f s%n", documents, seconds);
        return seconds;
    }

    /** Runs {@code perClient} queries from each of {@code clients} threads while new documents are committed. */
    public Run measure(Path dir, int documents, int clients, int perClient) throws Exception {
        List<String> queries = SyntheticCorpus.typicalQueries();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        try (IndexSearch search = IndexSearch.open(dir, () -> embedder, Clock.systemUTC());
                ShardWriter writer = new ShardWriter(dir.resolve("shard-0"), embedder)) {
            int segments = search.segmentCount();
            for (int i = 0; i < 20; i++) { // warm-up: class loading, JIT, first use of the query embedder
                search.search(request(queries.get(i % queries.size())));
            }
            Thread ingest = new Thread(() -> {
                SyntheticCorpus corpus = new SyntheticCorpus(1000 + clients, TODAY);
                int next = documents + clients * 1_000_000;
                try {
                    while (running.get()) {
                        for (int i = 0; i < 20; i++) {
                            writer.upsert(corpus.next(next++));
                        }
                        writer.commit(Map.of());
                        committed.addAndGet(20);
                        search.refresh();
                        Thread.sleep(1000);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-ingest");
            ingest.start();
            long[] latencies = new long[clients * perClient];
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long t0 = System.nanoTime();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perClient; i++) {
                            String q = queries.get((client * 7 + i) % queries.size());
                            long s = System.nanoTime();
                            search.search(request(q));
                            latencies[client * perClient + i] = System.nanoTime() - s;
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
                running.set(false);
                ingest.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(latencies);
            return new Run(documents, clients, latencies.length, percentile(latencies, 0.50), percentile(latencies, 0.99),
                    latencies.length / seconds, committed.get(), search.shardCount(), segments);
        }
    }

    private static SearchRequest request(String q) {
        return new SearchRequest(q, Map.of(), null, null, null, SearchRequest.Mode.HYBRID, 0, 10, Access.of(java.util.Set.of(
                "finance", "engineering", "sales", "legal", "support", "hr")));
    }

    private static double percentile(long[] sorted, double p) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    public static Map<String, Object> json(Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documents", r.documents());
        m.put("clients", r.clients());
        m.put("queries", r.queries());
        m.put("p50Ms", Math.round(r.p50Ms() * 100) / 100.0);
        m.put("p99Ms", Math.round(r.p99Ms() * 100) / 100.0);
        m.put("queriesPerSecond", Math.round(r.qps() * 10) / 10.0);
        m.put("documentsCommittedDuringRun", r.committedDuringRun());
        m.put("shards", r.shards());
        m.put("segmentsAtStart", r.segments());
        return m;
    }
}
