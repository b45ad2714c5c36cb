package dev.precis.index.bench;

import dev.precis.index.Access;
import dev.precis.index.IndexSearch;
import dev.precis.index.SearchRequest;
import dev.precis.index.ShardWriter;
import dev.precis.index.vectors.Embedder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
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
 * serve} does beside a running job. Each run first warms up under the same writer, so that it measures
 * a server that has been answering for a while.
 */
public final class SearchBench {
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
    /** Distinct documents the writer upserts during a run (it rewrites them in turn after that many). */
    private static final int WRITER_IDS = 1_000;
    /** Documents between two progress reports while an index is built. */
    private static final int PROGRESS_STEP = 500;
    /** The warm-up ends early once the JIT compilers used under this share of one core over a window. */
    private static final double SETTLED_JIT_SHARE = 0.05;
    private static final long SETTLE_WINDOW_NANOS = 10_000_000_000L;

    /**
     * Latency percentiles of one run, in milliseconds; the warm-up before it (queries and seconds, with the
     * writer running), and the milliseconds the JIT compilers still spent during the measured queries.
     */
    public record Run(int documents, int clients, int queries, double p50Ms, double p99Ms, double qps, int committedDuringRun,
            int shards, int segments, int warmupQueries, double warmupSeconds, long jitMsDuringRun) {}

    private final Embedder embedder;
    private final PrintStream log;
    private final int shards;
    private double warmupSeconds = 180;
    private int commitSeconds = 1;

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
     * How long at most each run first searches, with the writer committing, before it measures (default
     * 180 s; 0 for one round of the queries). The warm-up ends earlier once the JIT compilers have settled
     * (under 5% of a core over 10 s). A server answers from code the compilers have finished with; its first
     * minutes of queries do not: on two cores the compilers take most of a core for a minute or two
     * (thousands of Lucene methods reach their final tier only after hundreds of queries) and those queries
     * are slower twice.
     */
    public SearchBench warmup(double seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("warm-up of " + seconds + " s: use 0 or more");
        }
        this.warmupSeconds = seconds;
        return this;
    }

    /**
     * Seconds between the writer's commits (default 1; the searcher refreshes after each). The writer still
     * upserts 20 documents a second; a job commits at its checkpoints ({@code precis watch}: every 10 s).
     */
    public SearchBench commitEvery(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("commit interval of " + seconds + " s: use 1 or more");
        }
        this.commitSeconds = seconds;
        return this;
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

    /**
     * Runs {@code perClient} queries from each of {@code clients} threads while new documents are committed,
     * after the warm-up ({@link #warmup(double)}) under the same writer.
     */
    public Run measure(Path dir, int documents, int clients, int perClient) throws Exception {
        List<String> queries = SyntheticCorpus.typicalQueries();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        try (IndexSearch search = IndexSearch.open(dir, () -> embedder, Clock.systemUTC());
                ShardWriter writer = new ShardWriter(dir.resolve("shard-0"), embedder)) {
            int segments = search.segmentCount();
            Thread ingest = new Thread(() -> {
                SyntheticCorpus corpus = new SyntheticCorpus(1000 + clients, TODAY);
                int first = documents + clients * 1_000_000;
                int k = 0;
                int pending = 0;
                try {
                    for (int second = 1; running.get(); second++) {
                        for (int i = 0; i < 20; i++) {
                            // new documents, then new versions of them: a long warm-up must not grow the index
                            writer.upsert(corpus.next(first + k++ % WRITER_IDS));
                        }
                        pending += 20;
                        if (second % commitSeconds == 0) {
                            writer.commit(Map.of());
                            committed.addAndGet(pending);
                            pending = 0;
                            search.refresh();
                        }
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
            int warmed = 0;
            double warmSeconds;
            long jitBefore;
            long t0;
            try {
                long w0 = System.nanoTime();
                long warmUntil = w0 + (long) (warmupSeconds * 1e9);
                long windowStart = w0;
                long windowJit = jitTimed ? jit.getTotalCompilationTime() : 0;
                boolean settled = false;
                do { // at least a round of every query: class loading, first use of the query embedder
                    for (String q : queries) {
                        search.search(request(q));
                        warmed++;
                    }
                    long now = System.nanoTime();
                    if (jitTimed && now - windowStart >= SETTLE_WINDOW_NANOS) {
                        long jitNow = jit.getTotalCompilationTime();
                        settled = (jitNow - windowJit) * 1e6 < SETTLED_JIT_SHARE * (now - windowStart);
                        windowStart = now;
                        windowJit = jitNow;
                    }
                } while (!settled && System.nanoTime() < warmUntil);
                warmSeconds = (System.nanoTime() - w0) / 1e9;
                log.printf("warm-up: %d queries in %.1f s (%s)%n", warmed, warmSeconds,
                        settled ? "the JIT compilers had settled" : "time limit");
                committed.set(0);
                jitBefore = jitTimed ? jit.getTotalCompilationTime() : -1;
                t0 = System.nanoTime();
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
            long jitMs = jitTimed ? jit.getTotalCompilationTime() - jitBefore : -1;
            Arrays.sort(latencies);
            return new Run(documents, clients, latencies.length, percentile(latencies, 0.50), percentile(latencies, 0.99),
                    latencies.length / seconds, committed.get(), search.shardCount(), segments, warmed, warmSeconds, jitMs);
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
        m.put("warmupQueries", r.warmupQueries());
        m.put("warmupSeconds", Math.round(r.warmupSeconds() * 10) / 10.0);
        m.put("jitMsDuringRun", r.jitMsDuringRun());
        return m;
    }
}
