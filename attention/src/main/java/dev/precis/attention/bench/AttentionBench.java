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
                          KvPrecision precision, String backend, double fullPrefillGflop) {
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
            if (window <= 0 || chunk <= 0 || fullPrefillGflop <= 0) {
                throw new IllegalArgumentException("bench needs window, chunk and fullPrefillGflop above 0, got window="
                        + window + " chunk=" + chunk + " fullPrefillGflop=" + fullPrefillGflop);
            }
        }

        /** Gemma 3 4B layers at 4K, 32K and 128K, f32 cache, prefill chunks of 1024 rows. */
        public static Options defaults() {
            return new Options(List.of(4096, 32768, 131072), 8, 4, 256, 1024, 1024, KvPrecision.F32, "cpu", 150);
        }
    }

    /** Figures for one context length. */
    public record ContextResult(int context, double localSeconds, double localGflops, double globalSeconds,
                                double globalGflops, int globalTimedRows, boolean globalScaled,
                                double block5to1Seconds, double global6Seconds, double blockSpeedup,
                                double blockPairRatio, long kvBytesInterleaved, long kvBytesGlobal,
                                double decodeSeconds, double decodeGBs, double decodeBandwidthFraction,
                                double localPeakFraction, double globalPeakFraction) {
    }

    /** The whole run. */
    public record Result(String backend, int threads, int vectorBits, String javaVersion, int heads, int kvHeads,
                         int headDim, int window, int chunk, String kvPrecision, double fmaPeakGflops,
                         double bandwidthGBs, List<ContextResult> contexts, List<String> notes) {
    }

    private AttentionBench() {
    }

    public static Result run(Options o) {
        Kernels kernels = Kernels.named(o.backend());
        AttentionShape shape = new AttentionShape(o.heads(), o.kvHeads(), o.headDim());
        List<String> notes = new ArrayList<>();
        warmUp(kernels, shape, o);
        double fma = MachinePeaks.fmaPeakGflops(0.5, 4);
        double bw = MachinePeaks.bandwidthGBs(1L << 30, 6);
        List<ContextResult> results = new ArrayList<>();
        for (int n : o.contexts()) {
            results.add(measure(kernels, shape, o, n, fma, bw, notes));
        }
        // Measured again at the end: other load on the machine lowers a peak, so keep the best seen.
        fma = Math.max(fma, MachinePeaks.fmaPeakGflops(0.5, 2));
        List<ContextResult> rescaled = new ArrayList<>();
        for (ContextResult r : results) {
            rescaled.add(new ContextResult(r.context(), r.localSeconds(), r.localGflops(), r.globalSeconds(),
                    r.globalGflops(), r.globalTimedRows(), r.globalScaled(), r.block5to1Seconds(), r.global6Seconds(),
                    r.blockSpeedup(), r.blockPairRatio(), r.kvBytesInterleaved(), r.kvBytesGlobal(), r.decodeSeconds(),
                    r.decodeGBs(), r.decodeGBs() / bw, r.localGflops() / fma, r.globalGflops() / fma));
        }
        notes.add("block times are 5 x local + 1 x global against 6 x global, from the single-layer times above");
        notes.add("attention alone: the time of appending K and V to the cache is not included");
        return new Result(kernels.name(), Parallel.threads(), MachinePeaks.vectorLanes() * Float.SIZE,
                System.getProperty("java.version"), o.heads(), o.kvHeads(), o.headDim(), o.window(), o.chunk(),
                o.precision().name().toLowerCase(Locale.ROOT), fma, bw, rescaled, notes);
    }

    private static ContextResult measure(Kernels kernels, AttentionShape shape, Options o, int n, double fma,
                                         double bw, List<String> notes) {
        double flopsPerPair = 4.0 * o.headDim() * o.heads();
        long localPairs = AttentionPattern.visiblePairs(o.window(), 0, n);
        long globalPairs = AttentionPattern.visiblePairs(AttentionPattern.GLOBAL, 0, n);
        SplittableRandom rnd = new SplittableRandom(n);
        Chunk chunk = new Chunk(shape, o.chunk(), rnd);

        int localCapacity = KvCache.capacities(AttentionPattern.of(o.window()), n, o.chunk())[0];
        KvBuffer local = new KvBuffer(o.kvHeads(), localCapacity, o.headDim(), o.precision());
        int localReps = localPairs * flopsPerPair < o.fullPrefillGflop() * 1e9 / 4 ? 3 : 1;
        double localSeconds = Double.MAX_VALUE;
        for (int r = 0; r < localReps; r++) {
            local.clear();
            localSeconds = Math.min(localSeconds, prefillAll(kernels, shape, local, o.window(), n, chunk));
        }

        KvBuffer global = new KvBuffer(o.kvHeads(), n, o.headDim(), o.precision());
        for (int p = 0; p < n; p += o.chunk()) {
            global.append(Math.min(o.chunk(), n - p), chunk.k, 0, chunk.v, 0);
        }
        double globalSeconds;
        int timedRows;
        boolean scaled = globalPairs * flopsPerPair > o.fullPrefillGflop() * 1e9;
        if (!scaled) {
            timedRows = n;
            globalSeconds = Double.MAX_VALUE;
            for (int r = 0; r < 2; r++) {
                globalSeconds = Math.min(globalSeconds, prefillRange(kernels, shape, global, n, chunk));
            }
        } else {
            int lanesRows = 64;
            long rows = (long) (o.fullPrefillGflop() * 1e9 / (flopsPerPair * n));
            timedRows = (int) Math.max(lanesRows, Math.min(o.chunk(), (rows + lanesRows - 1) / lanesRows * lanesRows));
            long sampledPairs = AttentionPattern.visiblePairs(AttentionPattern.GLOBAL, n - timedRows, n);
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 2; r++) {
                long t0 = System.nanoTime();
                kernels.attentionPrefill(shape, chunk.q, 0, timedRows, n - timedRows, global, AttentionPattern.GLOBAL,
                        chunk.scale, chunk.out, 0);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            globalSeconds = best * globalPairs / sampledPairs;
            notes.add(String.format(Locale.ROOT, "global layer at context %d: timed the last %d query rows "
                    + "(%.3f s) and scaled by visible pairs (x %.1f)", n, timedRows, best,
                    (double) globalPairs / sampledPairs));
        }

        float[] dq = new float[shape.rowWidth()];
        float[] dout = new float[shape.rowWidth()];
        System.arraycopy(chunk.q, 0, dq, 0, dq.length);
        double decodeSeconds = Double.MAX_VALUE;
        for (int r = 0; r < 8; r++) {
            long t0 = System.nanoTime();
            kernels.attentionDecode(shape, dq, 0, n - 1, global, AttentionPattern.GLOBAL, chunk.scale, dout, 0);
            decodeSeconds = Math.min(decodeSeconds, (System.nanoTime() - t0) / 1e9);
        }
        long kvRead = 2L * o.kvHeads() * n * o.headDim() * o.precision().bytes();
        double decodeGBs = kvRead / decodeSeconds / 1e9;

        long kvInterleaved = KvCache.totalBytes(AttentionPattern.interleaved(6, o.window(), 6), o.kvHeads(),
                o.headDim(), n, o.chunk(), o.precision());
        long kvGlobal = KvCache.totalBytes(AttentionPattern.allGlobal(6), o.kvHeads(), o.headDim(), n, o.chunk(),
                o.precision());
        double localGflops = localPairs * flopsPerPair / localSeconds / 1e9;
        double globalGflops = globalPairs * flopsPerPair / globalSeconds / 1e9;
        double block = 5 * localSeconds + globalSeconds;
        double six = 6 * globalSeconds;
        double pairRatio = 6.0 * globalPairs / (5.0 * localPairs + globalPairs);
        return new ContextResult(n, localSeconds, localGflops, globalSeconds, globalGflops, timedRows, scaled, block,
                six, six / block, pairRatio, kvInterleaved, kvGlobal, decodeSeconds, decodeGBs, decodeGBs / bw,
                localGflops / fma, globalGflops / fma);
    }

    /** Prefills positions 0..n-1 into kv chunk by chunk, as a layer does; returns seconds in attention. */
    private static double prefillAll(Kernels kernels, AttentionShape shape, KvBuffer kv, int window, int n, Chunk c) {
        long spent = 0;
        for (int p = 0; p < n; p += c.rows) {
            int m = Math.min(c.rows, n - p);
            kv.append(m, c.k, 0, c.v, 0);
            long t0 = System.nanoTime();
            kernels.attentionPrefill(shape, c.q, 0, m, p, kv, window, c.scale, c.out, 0);
            spent += System.nanoTime() - t0;
        }
        return spent / 1e9;
    }

    /** Global prefill over a buffer already holding positions 0..n-1, chunk by chunk. */
    private static double prefillRange(Kernels kernels, AttentionShape shape, KvBuffer kv, int n, Chunk c) {
        long spent = 0;
        for (int p = 0; p < n; p += c.rows) {
            int m = Math.min(c.rows, n - p);
            long t0 = System.nanoTime();
            kernels.attentionPrefill(shape, c.q, 0, m, p, kv, AttentionPattern.GLOBAL, c.scale, c.out, 0);
            spent += System.nanoTime() - t0;
        }
        return spent / 1e9;
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
        b.append(String.format(Locale.ROOT, "Attention benchmark: backend %s, %d threads, %d-bit vectors, Java %s%n",
                r.backend(), r.threads(), r.vectorBits(), r.javaVersion()));
        b.append(String.format(Locale.ROOT, "Layer: %d query heads, %d kv heads, head_dim %d, window %d, "
                        + "prefill chunks of %d rows, %s KV cache%n", r.heads(), r.kvHeads(), r.headDim(), r.window(),
                r.chunk(), r.kvPrecision()));
        b.append(String.format(Locale.ROOT, "Machine: FP32 FMA peak %.1f GFLOP/s, memory bandwidth %.1f GB/s "
                + "(measured in this run)%n%n", r.fmaPeakGflops(), r.bandwidthGBs()));
        b.append(String.format(Locale.ROOT, "%8s | %10s %9s %6s | %10s %9s %6s | %9s %9s %7s %7s | %9s %9s %6s | "
                        + "%9s %8s %6s%n", "context", "local s", "GFLOP/s", "peak", "global s", "GFLOP/s", "peak",
                "5:1 s", "6 glob s", "speedup", "ceiling", "KV 5:1", "KV 6 glob", "ratio", "decode ms", "GB/s",
                "of bw"));
        for (ContextResult c : r.contexts()) {
            b.append(String.format(Locale.ROOT, "%8d | %10.3f %9.1f %5.0f%% | %9.3f%s %9.1f %5.0f%% | %9.2f %9.2f "
                            + "%6.2fx %6.2fx | %9s %9s %5.3f | %9.2f %8.1f %5.0f%%%n",
                    c.context(), c.localSeconds(), c.localGflops(), 100 * c.localPeakFraction(), c.globalSeconds(),
                    c.globalScaled() ? "*" : " ", c.globalGflops(), 100 * c.globalPeakFraction(), c.block5to1Seconds(),
                    c.global6Seconds(), c.blockSpeedup(), c.blockPairRatio(), mib(c.kvBytesInterleaved()),
                    mib(c.kvBytesGlobal()), (double) c.kvBytesInterleaved() / c.kvBytesGlobal(),
                    1e3 * c.decodeSeconds(), c.decodeGBs(), 100 * c.decodeBandwidthFraction()));
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

    /**
     * {@code AttentionBench [--json] [--contexts=4096,32768] [--precision=f32|bf16] [--backend=cpu|scalar]}.
     */
    public static void main(String[] args) {
        Options d = Options.defaults();
        boolean json = false;
        List<Integer> contexts = d.contexts();
        KvPrecision precision = d.precision();
        String backend = d.backend();
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else if (a.startsWith("--contexts=")) {
                contexts = new ArrayList<>();
                for (String s : a.substring("--contexts=".length()).split(",")) {
                    contexts.add(Integer.parseInt(s.trim()));
                }
            } else if (a.startsWith("--precision=")) {
                precision = KvPrecision.valueOf(a.substring("--precision=".length()).toUpperCase(Locale.ROOT));
            } else if (a.startsWith("--backend=")) {
                backend = a.substring("--backend=".length());
            } else {
                throw new IllegalArgumentException("unknown option " + a
                        + "; use --json, --contexts=N,N, --precision=f32|bf16, --backend=cpu|scalar");
            }
        }
        Options o = new Options(contexts, d.heads(), d.kvHeads(), d.headDim(), d.window(), d.chunk(), precision,
                backend, d.fullPrefillGflop());
        Result r = run(o);
        System.out.println(json ? toJson(r) : toText(r));
    }
}
