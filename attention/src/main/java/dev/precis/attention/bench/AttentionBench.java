package dev.precis.attention.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.precis.attention.AttentionPattern;
import dev.precis.attention.KvCache;
import dev.precis.kernels.AttentionShape;
import dev.precis.kernels.Kernels;
import dev.precis.kernels.KvBuffer;
import dev.precis.kernels.KvPrecision;
import dev.precis.kernels.KvStream;
import dev.precis.kernels.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code precis bench attention}: one local and one global Gemma-3-4B-shaped attention layer (8 query
 * heads, 4 kv heads, head_dim 256, window 1024) prefilled and decoded at several context lengths, next
 * to this machine's FMA peak and memory bandwidth measured in the same process.
 *
 * <p>GFLOP/s count 4 * headDim FLOPs per visible query-key pair and head (two multiply-adds of the
 * score and two of the value sum), never the pairs the mask hides. A global layer whose full prefill
 * would take too long is timed on a block of its last query rows and scaled by the visible-pair count
 * (its tiles all see at least as many keys as the average, so this is a fair or pessimistic estimate);
 * the result says which contexts were sampled.
 */
public final class AttentionBench {

    /** What to measure. */
    public record Options(List<Integer> contexts, int heads, int kvHeads, int headDim, int window, int chunk,
                          KvPrecision precision, String backend, double fullPrefillGflop, double peakSeconds,
                          long bandwidthBytes) {
        public Options {
            contexts = List.copyOf(contexts);
            if (contexts.isEmpty()) {
                throw new IllegalArgumentException("bench needs at least one context length");
            }
            for (int n : contexts) {
                if (n < chunk) {
                    throw new IllegalArgumentException("context " + n + " is shorter than the prefill chunk " + chunk);
                }
            }
            new AttentionShape(heads, kvHeads, headDim);
            if (window <= 0 || chunk <= 0 || fullPrefillGflop <= 0 || peakSeconds <= 0 || bandwidthBytes <= 0) {
                throw new IllegalArgumentException("bench needs window, chunk, fullPrefillGflop, peakSeconds and "
                        + "bandwidthBytes above 0, got window=" + window + " chunk=" + chunk + " fullPrefillGflop="
                        + fullPrefillGflop + " peakSeconds=" + peakSeconds + " bandwidthBytes=" + bandwidthBytes);
            }
        }

        /**
         * Gemma 3 4B layers at 4K, 32K and 128K, f32 cache, prefill chunks of 1024 rows; global prefills
         * above 150 GFLOP are sampled; peaks from half-second bursts and a 1 GiB array.
         */
        public static Options defaults() {
            return new Options(List.of(4096, 32768, 131072), 8, 4, 256, 1024, 1024, KvPrecision.F32, "cpu", 150,
                    0.5, 1L << 30);
        }
    }

    /**
     * Figures for one context length. Seconds and rates are by the wall clock; "CpuBasis" figures
     * divide by the process CPU time spread over the threads instead, which leaves out time spent
     * waiting for a core that other work on the machine held.
     */
    public record ContextResult(int context, double localSeconds, double localGflops, double localGflopsCpuBasis,
                                double globalSeconds, double globalGflops, double globalGflopsCpuBasis,
                                int globalTimedRows, boolean globalScaled, double block5to1Seconds,
                                double global6Seconds, double blockSpeedup, double blockSpeedupCpuBasis,
                                double blockPairRatio, long kvBytesInterleaved, long kvBytesGlobal,
                                double decodeSeconds, double decodeGBs, double decodeGBsCpuBasis,
                                double decodeBandwidthFraction, double decodeBandwidthFractionCpuBasis,
                                double cacheStreamGBs, double decodeCacheStreamFraction,
                                double localPeakFraction, double localPeakFractionCpuBasis,
                                double globalPeakFraction, double globalPeakFractionCpuBasis, double cpuShare) {
    }

    /** The whole run. */
    public record Result(String backend, int threads, int vectorBits, String javaVersion, int heads, int kvHeads,
                         int headDim, int window, int chunk, String kvPrecision, double fmaPeakGflops,
                         double fmaPeakGflopsCpuBasis, double bandwidthGBs, double bandwidthGBsCpuBasis,
                         double wallSeconds, List<ContextResult> contexts, List<String> notes) {
    }

    private AttentionBench() {
    }

    public static Result run(Options o) {
        long start = System.nanoTime();
        Kernels kernels = Kernels.named(o.backend());
        AttentionShape shape = new AttentionShape(o.heads(), o.kvHeads(), o.headDim());
        List<String> notes = new ArrayList<>();
        progress("warming up the kernels");
        warmUp(kernels, shape, o);
        progress("measuring the FMA peak and the memory bandwidth");
        MachinePeaks.Rate fma = MachinePeaks.fmaPeakGflops(o.peakSeconds(), 4);
        MachinePeaks.Rate bw = MachinePeaks.bandwidthGBs(o.bandwidthBytes(), 6);
        List<Raw> raws = new ArrayList<>();
        for (int n : o.contexts()) {
            raws.add(measure(kernels, shape, o, n, notes));
        }
        // Measured again at the end: other load on the machine lowers a peak, so keep the best seen.
        MachinePeaks.Rate fma2 = MachinePeaks.fmaPeakGflops(o.peakSeconds(), 2);
        MachinePeaks.Rate bw2 = MachinePeaks.bandwidthGBs(o.bandwidthBytes(), 3);
        fma = new MachinePeaks.Rate(Math.max(fma.wall(), fma2.wall()), Math.max(fma.cpuBasis(), fma2.cpuBasis()));
        bw = new MachinePeaks.Rate(Math.max(bw.wall(), bw2.wall()), Math.max(bw.cpuBasis(), bw2.cpuBasis()));
        int threads = Parallel.threads();
        List<ContextResult> results = new ArrayList<>();
        for (Raw r : raws) {
            results.add(r.result(o, threads, fma, bw));
        }
        for (ContextResult r : results) {
            warnings(r.context(), r.cacheStreamGBs(), r.cpuShare(), bw.wall(), notes);
        }
        notes.add("block times are 5 x local + 1 x global against 6 x global, from the single-layer times");
        notes.add("attention alone: appending K and V to the cache is not timed");
        notes.add("cache: a plain streaming read of the global layer's K and V storage (GB/s), the rate of the "
                + "memory decode read; 'of it' is decode's rate against it (decode's target is set against the "
                + "machine bandwidth above, 'of bw')");
        notes.add("CPU basis: work / (process CPU seconds / threads), the rate with the cores to itself; "
                + "cpu share = CPU seconds / (wall seconds x threads) while the context was measured");
        return new Result(kernels.name(), threads, MachinePeaks.vectorLanes() * Float.SIZE,
                System.getProperty("java.version"), o.heads(), o.kvHeads(), o.headDim(), o.window(), o.chunk(),
                o.precision().name().toLowerCase(Locale.ROOT), fma.wall(), fma.cpuBasis(), bw.wall(), bw.cpuBasis(),
                (System.nanoTime() - start) / 1e9, results, notes);
    }

    /**
     * Says when a context's figures are not the kernel's own: its cache sat in memory slower than the
     * bandwidth array's (some virtual machines back allocations with memory of two speeds, and the
     * fraction of the bandwidth is then capped by the ratio of the two), or other load took part of the
     * cores while it was measured.
     */
    static void warnings(int context, double cacheStreamGBs, double cpuShare, double bandwidthGBs, List<String> notes) {
        if (cacheStreamGBs < SLOWER_MEMORY * bandwidthGBs) {
            notes.add(String.format(Locale.ROOT, "context %d: the cache streams at %.1f GB/s, the bandwidth array at %.1f: "
                    + "they sit in memory of different speeds, so decode cannot show more than %.2f of the bandwidth "
                    + "in this run; run again to compare like with like", context, cacheStreamGBs, bandwidthGBs,
                    cacheStreamGBs / bandwidthGBs));
        }
        if (cpuShare < BUSY_SHARE) {
            notes.add(String.format(Locale.ROOT, "context %d: the process had %.0f%% of its cores while this context ran "
                    + "(other load on the machine or its host); its rates are low by about that share", context,
                    100 * cpuShare));
        }
    }

    /** A cache stream below this share of the bandwidth reading means another kind of memory. */
    static final double SLOWER_MEMORY = 0.75;
    /** A CPU share below this means the cores were not the process's own. */
    static final double BUSY_SHARE = 0.92;

    /** Timings of one context before they are turned into rates against the machine's peaks. */
    private record Raw(int n, long localPairs, long globalPairs, Span local, Span global, int timedRows,
                       boolean scaled, Span decode, long kvRead, double cacheStreamSeconds, long kvInterleaved,
                       long kvGlobal, Span total) {

        ContextResult result(Options o, int threads, MachinePeaks.Rate fma, MachinePeaks.Rate bw) {
            double flopsPerPair = 4.0 * o.headDim() * o.heads();
            double lf = localPairs * flopsPerPair / 1e9;
            double gf = globalPairs * flopsPerPair / 1e9;
            double localW = lf / local.wall();
            double localC = lf / local.cpuBasis(threads);
            double globalW = gf / global.wall();
            double globalC = gf / global.cpuBasis(threads);
            double block = 5 * local.wall() + global.wall();
            double six = 6 * global.wall();
            double blockC = 5 * local.cpu() + global.cpu();
            double decW = kvRead / decode.wall() / 1e9;
            double decC = kvRead / decode.cpuBasis(threads) / 1e9;
            double pairRatio = 6.0 * globalPairs / (5.0 * localPairs + globalPairs);
            double cacheGBs = kvRead / cacheStreamSeconds / 1e9;
            return new ContextResult(n, local.wall(), localW, localC, global.wall(), globalW, globalC, timedRows,
                    scaled, block, six, six / block, 6 * global.cpu() / blockC, pairRatio, kvInterleaved, kvGlobal,
                    decode.wall(), decW, decC, decW / bw.wall(), decC / bw.cpuBasis(), cacheGBs, decW / cacheGBs,
                    localW / fma.wall(), localC / fma.cpuBasis(), globalW / fma.wall(), globalC / fma.cpuBasis(),
                    total.cpu() / (total.wall() * threads));
        }
    }

    private static Raw measure(Kernels kernels, AttentionShape shape, Options o, int n, List<String> notes) {
        double flopsPerPair = 4.0 * o.headDim() * o.heads();
        long localPairs = AttentionPattern.visiblePairs(o.window(), 0, n);
        long globalPairs = AttentionPattern.visiblePairs(AttentionPattern.GLOBAL, 0, n);
        SplittableRandom rnd = new SplittableRandom(n);
        Chunk chunk = new Chunk(shape, o.chunk(), rnd);
        Span total = Span.ZERO;

        progress("context " + n + ": local layer");
        int localCapacity = KvCache.capacities(AttentionPattern.of(o.window()), n, o.chunk())[0];
        KvBuffer local = new KvBuffer(o.kvHeads(), localCapacity, o.headDim(), o.precision());
        int localReps = localPairs * flopsPerPair < o.fullPrefillGflop() * 1e9 / 4 ? 3 : 1;
        Span localBest = null;
        for (int r = 0; r < localReps; r++) {
            local.clear();
            Span s = prefillAll(kernels, shape, local, o.window(), n, chunk);
            total = total.plus(s);
            localBest = localBest == null ? s : localBest.best(s);
        }

        progress("context " + n + ": global layer");
        KvBuffer global = new KvBuffer(o.kvHeads(), n, o.headDim(), o.precision());
        for (int p = 0; p < n; p += o.chunk()) {
            global.append(Math.min(o.chunk(), n - p), chunk.k, 0, chunk.v, 0);
        }
        Span globalBest = null;
        int timedRows;
        boolean scaled = globalPairs * flopsPerPair > o.fullPrefillGflop() * 1e9;
        if (!scaled) {
            timedRows = n;
            for (int r = 0; r < 2; r++) {
                Span s = prefillRange(kernels, shape, global, n, chunk);
                total = total.plus(s);
                globalBest = globalBest == null ? s : globalBest.best(s);
            }
        } else {
            // Whole query tiles, as many as fit the budget, at most one chunk.
            int tile = 64;
            long rows = (long) (o.fullPrefillGflop() * 1e9 / (flopsPerPair * n));
            timedRows = (int) Math.max(tile, Math.min(o.chunk(), (rows + tile - 1) / tile * tile));
            int first = n - timedRows;
            long sampledPairs = AttentionPattern.visiblePairs(AttentionPattern.GLOBAL, first, n);
            Span sample = null;
            for (int r = 0; r < 2; r++) {
                Span s = Span.of(() -> kernels.attentionPrefill(shape, chunk.q, 0, timedRows, first, global,
                        AttentionPattern.GLOBAL, chunk.scale, chunk.out, 0));
                total = total.plus(s);
                sample = sample == null ? s : sample.best(s);
            }
            globalBest = sample.times((double) globalPairs / sampledPairs);
            notes.add(String.format(Locale.ROOT, "global layer at context %d: timed the last %d query rows "
                    + "(%.3f s) and scaled by visible pairs (x %.1f)", n, timedRows, sample.wall(),
                    (double) globalPairs / sampledPairs));
        }

        progress("context " + n + ": decode");
        float[] dq = new float[shape.rowWidth()];
        float[] dout = new float[shape.rowWidth()];
        System.arraycopy(chunk.q, 0, dq, 0, dq.length);
        Span decodeBest = null;
        for (int r = 0; r < 8; r++) {
            Span s = Span.of(() -> kernels.attentionDecode(shape, dq, 0, n - 1, global, AttentionPattern.GLOBAL,
                    chunk.scale, dout, 0));
            total = total.plus(s);
            decodeBest = decodeBest == null ? s : decodeBest.best(s);
        }
        long kvRead = 2L * o.kvHeads() * n * o.headDim() * o.precision().bytes();
        // The rate of the memory this cache happens to sit in, for comparison (see KvStream).
        double cacheStream = KvStream.seconds(global, 3);
        long kvInterleaved = KvCache.totalBytes(AttentionPattern.interleaved(6, o.window(), 6), o.kvHeads(),
                o.headDim(), n, o.chunk(), o.precision());
        long kvGlobal = KvCache.totalBytes(AttentionPattern.allGlobal(6), o.kvHeads(), o.headDim(), n, o.chunk(),
                o.precision());
        return new Raw(n, localPairs, globalPairs, localBest, globalBest, timedRows, scaled, decodeBest, kvRead,
                cacheStream, kvInterleaved, kvGlobal, total);
    }

    /** Prefills positions 0..n-1 into kv chunk by chunk, as a layer does; returns the time in attention. */
    private static Span prefillAll(Kernels kernels, AttentionShape shape, KvBuffer kv, int window, int n, Chunk c) {
        Span spent = Span.ZERO;
        for (int p = 0; p < n; p += c.rows) {
            int m = Math.min(c.rows, n - p);
            int first = p;
            kv.append(m, c.k, 0, c.v, 0);
            spent = spent.plus(Span.of(() -> kernels.attentionPrefill(shape, c.q, 0, m, first, kv, window, c.scale,
                    c.out, 0)));
        }
        return spent;
    }

    /** Global prefill over a buffer already holding positions 0..n-1, chunk by chunk. */
    private static Span prefillRange(Kernels kernels, AttentionShape shape, KvBuffer kv, int n, Chunk c) {
        Span spent = Span.ZERO;
        for (int p = 0; p < n; p += c.rows) {
            int m = Math.min(c.rows, n - p);
            int first = p;
            spent = spent.plus(Span.of(() -> kernels.attentionPrefill(shape, c.q, 0, m, first, kv,
                    AttentionPattern.GLOBAL, c.scale, c.out, 0)));
        }
        return spent;
    }

    private static void progress(String what) {
        System.err.println("bench attention: " + what);
    }

    /** Compiles the kernels' hot loops before anything is timed. */
    private static void warmUp(Kernels kernels, AttentionShape shape, Options o) {
        int n = Math.min(4096, o.contexts().get(0));
        Chunk c = new Chunk(shape, o.chunk(), new SplittableRandom(1));
        KvBuffer kv = new KvBuffer(o.kvHeads(), n, o.headDim(), o.precision());
        for (int r = 0; r < 2; r++) {
            kv.clear();
            prefillAll(kernels, shape, kv, o.window(), n, c);
        }
        float[] out = new float[shape.rowWidth()];
        for (int r = 0; r < 200; r++) {
            kernels.attentionDecode(shape, c.q, 0, n - 1, kv, AttentionPattern.GLOBAL, c.scale, out, 0);
        }
        KvStream.seconds(kv, 50);
    }

    /** One prefill chunk of random activations, reused for every chunk: the cost does not depend on values. */
    private static final class Chunk {
        final int rows;
        final float[] q;   // [rows][heads][headDim]
        final float[] k;   // [rows][kvHeads][headDim]
        final float[] v;   // [rows][kvHeads][headDim]
        final float[] out; // [rows][heads][headDim]
        final float scale;

        Chunk(AttentionShape shape, int rows, SplittableRandom rnd) {
            this.rows = rows;
            q = random(rnd, rows * shape.rowWidth());
            k = random(rnd, rows * shape.kvHeads() * shape.headDim());
            v = random(rnd, rows * shape.kvHeads() * shape.headDim());
            out = new float[rows * shape.rowWidth()];
            scale = (float) (1 / Math.sqrt(shape.headDim()));
        }

        private static float[] random(SplittableRandom rnd, int n) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return a;
        }
    }

    // ---------------------------------------------------------------- output

    public static String toJson(Result r) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench result did not serialise", e);
        }
    }

    public static String toText(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Attention benchmark: backend %s, %d threads, %d-bit vectors, Java %s, "
                + "%.0f s%n", r.backend(), r.threads(), r.vectorBits(), r.javaVersion(), r.wallSeconds()));
        b.append(String.format(Locale.ROOT, "Layer: %d query heads, %d kv heads, head_dim %d, window %d, "
                        + "prefill chunks of %d rows, %s KV cache%n", r.heads(), r.kvHeads(), r.headDim(), r.window(),
                r.chunk(), r.kvPrecision()));
        b.append(String.format(Locale.ROOT, "Machine (measured in this run): FP32 FMA peak %.1f GFLOP/s wall, "
                        + "%.1f CPU basis; memory bandwidth %.1f GB/s wall, %.1f CPU basis%n%n", r.fmaPeakGflops(),
                r.fmaPeakGflopsCpuBasis(), r.bandwidthGBs(), r.bandwidthGBsCpuBasis()));
        b.append(String.format(Locale.ROOT, "%8s | %9s %8s %5s | %9s %8s %5s | %9s %9s %7s %7s | %9s %9s %5s | "
                        + "%9s %7s %5s %7s %5s | %5s%n", "context", "local s", "GFLOP/s", "peak", "global s", "GFLOP/s",
                "peak", "5:1 s", "6 glob s", "speedup", "ceiling", "KV 5:1", "KV 6 glob", "ratio", "decode ms", "GB/s",
                "of bw", "cache", "of it", "cpu"));
        for (ContextResult c : r.contexts()) {
            b.append(String.format(Locale.ROOT, "%8d | %9.3f %8.1f %4.0f%% | %8.3f%s %8.1f %4.0f%% | %9.2f %9.2f "
                            + "%6.2fx %6.2fx | %9s %9s %5.3f | %9.2f %7.1f %4.0f%% %7.1f %4.0f%% | %4.0f%%%n",
                    c.context(), c.localSeconds(), c.localGflops(), 100 * c.localPeakFraction(), c.globalSeconds(),
                    c.globalScaled() ? "*" : " ", c.globalGflops(), 100 * c.globalPeakFraction(), c.block5to1Seconds(),
                    c.global6Seconds(), c.blockSpeedup(), c.blockPairRatio(), mib(c.kvBytesInterleaved()),
                    mib(c.kvBytesGlobal()), (double) c.kvBytesInterleaved() / c.kvBytesGlobal(),
                    1e3 * c.decodeSeconds(), c.decodeGBs(), 100 * c.decodeBandwidthFraction(), c.cacheStreamGBs(),
                    100 * c.decodeCacheStreamFraction(), 100 * c.cpuShare()));
        }
        b.append(String.format(Locale.ROOT, "%nCPU basis (rates per CPU second x threads; fractions of the peaks "
                + "measured the same way):%n"));
        b.append(String.format(Locale.ROOT, "%8s | %8s %5s | %8s %5s | %7s | %7s %5s%n", "context", "local", "peak",
                "global", "peak", "speedup", "decode", "of bw"));
        for (ContextResult c : r.contexts()) {
            b.append(String.format(Locale.ROOT, "%8d | %8.1f %4.0f%% | %8.1f %4.0f%% | %6.2fx | %7.1f %4.0f%%%n",
                    c.context(), c.localGflopsCpuBasis(), 100 * c.localPeakFractionCpuBasis(),
                    c.globalGflopsCpuBasis(), 100 * c.globalPeakFractionCpuBasis(), c.blockSpeedupCpuBasis(),
                    c.decodeGBsCpuBasis(), 100 * c.decodeBandwidthFractionCpuBasis()));
        }
        b.append(String.format(Locale.ROOT, "%n* estimated from a timed block of the last query rows, scaled by the "
                + "visible-pair count%n"));
        for (String n : r.notes()) {
            b.append("note: ").append(n).append(System.lineSeparator());
        }
        return b.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
