package dev.precis.attention.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.precis.attention.bench.MachinePeaks;
import dev.precis.attention.model.gguf.GgufFile;
import dev.precis.kernels.quant.GgmlType;
import dev.precis.kernels.quant.QuantKernels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code precis bench model [FILE] [--json]}: prefill and decode speed of the Gemma engine, with the
 * machine's own bounds measured in the same run (memory read bandwidth and the f32 FMA peak, both on all
 * cores), so that the figures read as fractions of what the machine can do. Without a file it writes
 * Gemma-3-1B-shaped random-weight files in Q8_0 and Q4_0 into a cache and measures both.
 */
public final class ModelBench {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Decode warm-up before anything is timed: at least this long and this many tokens, at most the cap. */
    static final long WARM_UP_NANOS = 2_000_000_000L;
    static final int WARM_UP_TOKENS = 4;
    static final int WARM_UP_MAX_TOKENS = 200;

    /** What to measure. */
    public record Options(int[] prefillLengths, int[] decodeContexts, int decodeTokens, Path cacheDir) {
        public Options {
            for (int n : prefillLengths) {
                if (n <= 0) {
                    throw new IllegalArgumentException("prefill length " + n + " must be positive");
                }
            }
            for (int c : decodeContexts) {
                if (c < 0) {
                    throw new IllegalArgumentException("decode context " + c + " must not be negative");
                }
            }
            if (decodeTokens <= 0) {
                throw new IllegalArgumentException("decode token count " + decodeTokens + " must be positive");
            }
        }

        public static Options defaults() {
            return new Options(new int[] {512, 4096}, new int[] {0, 4096, 32768}, 16,
                    Paths.get(System.getProperty("user.home"), ".cache", "precis", "bench"));
        }
    }

    /**
     * Figures for one model file. The {@code ...CpuShare} maps give the share of the machine's cores this
     * process had during each measurement (process CPU time / (wall time x cores)); the {@code ...FullCpu}
     * fractions divide it out, which is what the fractions would be on an otherwise idle machine.
     */
    public record ModelResult(String file, String weights, long bytesPerToken, Map<String, Double> prefillTokensPerSecond,
            Map<String, Double> decodeTokensPerSecond, double decodeFractionOfBandwidthBound,
            double prefillFractionOfFmaPeak, double prefillGflops, Map<String, Double> prefillCpuShare,
            Map<String, Double> decodeCpuShare, double decodeFractionOfBandwidthBoundFullCpu,
            double prefillFractionOfFmaPeakFullCpu, Map<String, Double> decodeAllocatedBytesPerToken) {
    }

    /** The whole run; bounds also as measured per CPU-second (scaled to all cores). */
    public record Result(String machine, int threads, String kernels, double bandwidthBytesPerSecond,
            double fmaPeakFlops, double bandwidthFullCpu, double fmaPeakFullCpu, double loadAverageAtStart,
            KernelFigures singleThreadKernels, List<ModelResult> models, long peakRssBytes, String note) {
    }

    /**
     * One thread's kernel throughput per second of its own CPU time (so other processes' scheduling does not
     * enter): matrix–vector in bytes of weights, matrix–matrix (96 tokens) in FLOP; a 2048 x 1152 matrix in the
     * heap layout the model's products read ({@code QuantMatrix.resident()}).
     */
    public record KernelFigures(double q8MatvecBytesPerCpuSecond, double q4MatvecBytesPerCpuSecond,
            double q8MatmulFlopsPerCpuSecond, double q4MatmulFlopsPerCpuSecond) {
    }

    static KernelFigures singleThreadKernels() {
        java.lang.management.ThreadMXBean tb = java.lang.management.ManagementFactory.getThreadMXBean();
        int rows = 2048;
        int cols = 1152;
        int n = 96;
        Random r = new Random(3);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        float[] xv = new float[cols];
        float[] x = new float[n * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        System.arraycopy(x, 0, xv, 0, cols);
        QuantKernels k = QuantKernels.get();
        double[] fig = new double[4];
        int f = 0;
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            dev.precis.kernels.quant.QuantMatrix m = dev.precis.kernels.quant.QuantMatrix.quantize(t, w, rows, cols).resident();
            dev.precis.kernels.quant.Q8Activations xq = new dev.precis.kernels.quant.Q8Activations(cols).quantize(xv, 0, cols);
            float[] o = new float[rows];
            double best = 0;
            for (int rep = 0; rep < 200; rep++) {
                long c0 = tb.getCurrentThreadCpuTime();
                k.matvec(m, xv, xq, o, 0, rows);
                best = Math.max(best, m.bytes() / ((tb.getCurrentThreadCpuTime() - c0) / 1e9));
            }
            fig[f++] = best;
            float[] out = new float[n * rows];
            best = 0;
            for (int rep = 0; rep < 6; rep++) {
                long c0 = tb.getCurrentThreadCpuTime();
                k.matmul(m, x, n, out, 0, rows);
                best = Math.max(best, 2.0 * rows * cols * n / ((tb.getCurrentThreadCpuTime() - c0) / 1e9));
            }
            fig[f++] = best;
        }
        return new KernelFigures(fig[0], fig[2], fig[1], fig[3]);
    }

    /** Process CPU seconds so far (all threads). */
    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /**
     * Bytes allocated so far by the live threads (NaN where the JVM cannot tell). Decode allocates a few MB a
     * token (logits, activations); a kernel whose vectors fall back to boxed objects shows as hundreds.
     */
    static double allocatedBytes() {
        if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean tb)
                || !tb.isThreadAllocatedMemorySupported() || !tb.isThreadAllocatedMemoryEnabled()) {
            return Double.NaN;
        }
        double sum = 0;
        for (long b : tb.getThreadAllocatedBytes(tb.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    private static double share(double cpu, double wall) {
        return Math.min(1, cpu / (wall * Runtime.getRuntime().availableProcessors()));
    }

    private ModelBench() {
    }

    public static Result run(Path file, Options o, PrintStream log) throws IOException {
        List<Path> files = new ArrayList<>();
        if (file != null) {
            files.add(file);
        } else {
            Files.createDirectories(o.cacheDir());
            for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
                Path p = o.cacheDir().resolve("gemma3-1b-random-" + t.name().toLowerCase() + ".gguf");
                if (!Files.exists(p)) {
                    log.printf("writing %s ...%n", p);
                    Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
                    RandomGemma.write(tmp, RandomGemma.shape("1b"), t, 1);
                    Files.move(tmp, p);
                }
                files.add(p);
            }
        }
        log.println("measuring memory bandwidth and FMA peak ...");
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double[] bw = bandwidth();
        double[] fma = fmaPeak();
        KernelFigures kf = singleThreadKernels();
        log.printf("one thread per CPU-second: Q8_0 matvec %.1f GB/s, Q4_0 matvec %.1f GB/s, Q8_0 matmul %.1f GFLOP/s, "
                + "Q4_0 matmul %.1f GFLOP/s%n", kf.q8MatvecBytesPerCpuSecond() / 1e9, kf.q4MatvecBytesPerCpuSecond() / 1e9,
                kf.q8MatmulFlopsPerCpuSecond() / 1e9, kf.q4MatmulFlopsPerCpuSecond() / 1e9);
        log.printf("bandwidth %.1f GB/s (%.1f with all cores), FMA peak %.1f GFLOP/s (%.1f with all cores); load average %.1f%n",
                bw[0] / 1e9, bw[1] / 1e9, fma[0] / 1e9, fma[1] / 1e9, load);
        List<ModelResult> models = new ArrayList<>();
        for (Path p : files) {
            models.add(model(p, o, bw, fma, log));
        }
        return new Result(System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + cpuName(), Runtime.getRuntime().availableProcessors(), QuantKernels.get().name(), bw[0], fma[0], bw[1],
                fma[1], load, kf, models, peakRss(),
                "decode at context > 0 starts from a KV cache filled with random values, not from a real prefill");
    }

    private static ModelResult model(Path p, Options o, double[] bwPair, double[] fmaPair, PrintStream log) {
        double bw = bwPair[0];
        double fma = fmaPair[0];
        try (GgufFile f = GgufFile.open(p)) {
            GemmaModel m = GemmaModel.load(f);
            GemmaConfig c = m.config();
            Random r = new Random(1);
            String weights = f.tensor("blk.0.ffn_up.weight").type().name();
            log.printf("%s: %s weights (%s), %,d bytes read per token%n", p.getFileName(), weights,
                    m.weightsInHeap() ? "copied into the heap" : "mapped", m.bytesPerToken());
            // Warm-up: both paths run until the compiler has settled. Right after three tokens the next ones
            // still took 1.6-2.8x the steady time (the JIT's threads share the cores), so decode goes on for
            // WARM_UP_NANOS and at least WARM_UP_TOKENS tokens.
            GemmaModel.Session warm = m.newSession(WARM_UP_MAX_TOKENS + 40, 32);
            warm.forward(r.ints(32, 0, c.vocab()).toArray(), false);
            long w0 = System.nanoTime();
            int warmed = 0;
            while (warmed < WARM_UP_MAX_TOKENS && (warmed < WARM_UP_TOKENS || System.nanoTime() - w0 < WARM_UP_NANOS)) {
                warm.next(r.nextInt(c.vocab()));
                warmed++;
            }
            log.printf("  warm-up: %d tokens decoded in %.1f s%n", warmed, (System.nanoTime() - w0) / 1e9);
            Map<String, Double> prefill = new LinkedHashMap<>();
            Map<String, Double> prefillShare = new LinkedHashMap<>();
            Map<String, Double> decodeShare = new LinkedHashMap<>();
            double prefillFlops = 0;
            double bestFraction = 0;
            double bestFullCpu = 0;
            for (int n : o.prefillLengths()) {
                int[] tokens = r.ints(n, 0, c.vocab()).toArray();
                GemmaModel.Session s = m.newSession(Math.min(c.contextLength(), n + 1), 256);
                long t0 = System.nanoTime();
                double c0 = cpuSeconds();
                s.forward(tokens, false);
                double sec = (System.nanoTime() - t0) / 1e9;
                double sh = share(cpuSeconds() - c0, sec);
                prefill.put(Integer.toString(n), n / sec);
                prefillShare.put(Integer.toString(n), sh);
                // the matrix products alone, timed inside the model (the rest of the prefill is attention,
                // norms, RoPE and GELU)
                double flops = s.matmulFlopsPerSecond();
                if (flops / fma > bestFraction) {
                    bestFraction = flops / fma;
                    prefillFlops = flops;
                }
                bestFullCpu = Math.max(bestFullCpu, flops / sh / fmaPair[1]);
                long layerMacs = m.macsPerToken() - (long) c.vocab() * c.hidden();
                log.printf("  prefill %5d tokens: %.2f s, %.1f tokens/s; matrix products %.1f GFLOP/s (%.0f%% of FMA peak), "
                        + "whole prefill %.1f GFLOP/s%n", n, sec, n / sec, flops / 1e9, 100 * flops / fma,
                        2.0 * layerMacs * n / sec / 1e9);
            }
            Map<String, Double> decode = new LinkedHashMap<>();
            Map<String, Double> allocated = new LinkedHashMap<>();
            for (int want : o.decodeContexts()) {
                // "at 32K" on a 32K-context model: as deep as the context allows with room for the timed tokens
                int ctx = Math.min(want, c.contextLength() - o.decodeTokens() - 2);
                GemmaModel.Session s = m.newSession(ctx + o.decodeTokens() + 2, 256);
                if (ctx > 0) {
                    s.skipWithRandomCache(ctx, 7);
                }
                s.next(r.nextInt(c.vocab()));
                long t0 = System.nanoTime();
                double c0 = cpuSeconds();
                double a0 = allocatedBytes();
                for (int i = 0; i < o.decodeTokens(); i++) {
                    s.next(r.nextInt(c.vocab()));
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                double cpu = cpuSeconds() - c0;
                double perToken = (allocatedBytes() - a0) / o.decodeTokens();
                decode.put(Integer.toString(want), o.decodeTokens() / sec);
                decodeShare.put(Integer.toString(want), share(cpu, sec));
                allocated.put(Integer.toString(want), perToken);
                log.printf("  decode at context %5d (from position %d, KV cache %,d bytes): %.2f tokens/s, "
                        + "%.2f tokens per CPU-second, %.1f MB allocated per token%n", want, ctx, s.attention().bytes(),
                        o.decodeTokens() / sec, o.decodeTokens() / cpu, perToken / 1e6);
            }
            double bound = bw / m.bytesPerToken();
            double d0 = decode.getOrDefault("0", Double.NaN);
            double fullCpu = d0 / decodeShare.getOrDefault("0", Double.NaN) / (bwPair[1] / m.bytesPerToken());
            log.printf("  decode bound from bandwidth: %.2f tokens/s; reached %.0f%% (%.0f%% with all cores)%n", bound,
                    100 * d0 / bound, 100 * fullCpu);
            return new ModelResult(p.toString(), weights, m.bytesPerToken(), prefill, decode, d0 / bound, bestFraction,
                    prefillFlops / 1e9, prefillShare, decodeShare, fullCpu, bestFullCpu, allocated);
        }
    }

    /**
     * Read bandwidth in bytes/s, {wall clock, CPU basis}: the same streaming-sum measurement as the attention
     * benchmark ({@link MachinePeaks#bandwidthGBs}, a 1 GiB array over all kernel threads, best of five).
     */
    static double[] bandwidth() {
        MachinePeaks.Rate r = MachinePeaks.bandwidthGBs(1L << 30, 5);
        return new double[] {r.wall() * 1e9, r.cpuBasis() * 1e9};
    }

    /** f32 FMA peak in FLOP/s, {wall clock, CPU basis}: {@link MachinePeaks#fmaPeakGflops}, best of five. */
    static double[] fmaPeak() {
        MachinePeaks.Rate r = MachinePeaks.fmaPeakGflops(0.5, 5);
        return new double[] {r.wall() * 1e9, r.cpuBasis() * 1e9};
    }

    /** Peak resident set size of this process (Linux), or -1. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown cpu";
        }
        return "unknown cpu";
    }

    public static String renderJson(Result r) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r);
    }

    public static String renderText(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("machine: %s; %d threads; kernels: %s%n", r.machine(), r.threads(), r.kernels()));
        KernelFigures kf = r.singleThreadKernels();
        b.append(String.format("one thread per CPU-second: Q8_0 matvec %.1f GB/s, Q4_0 matvec %.1f GB/s, Q8_0 matmul %.1f GFLOP/s, Q4_0 matmul %.1f GFLOP/s%n",
                kf.q8MatvecBytesPerCpuSecond() / 1e9, kf.q4MatvecBytesPerCpuSecond() / 1e9, kf.q8MatmulFlopsPerCpuSecond() / 1e9,
                kf.q4MatmulFlopsPerCpuSecond() / 1e9));
        b.append(String.format("bounds: read bandwidth %.1f GB/s, f32 FMA peak %.1f GFLOP/s (with all cores: %.1f GB/s, %.1f GFLOP/s); load average %.1f%n",
                r.bandwidthBytesPerSecond() / 1e9, r.fmaPeakFlops() / 1e9, r.bandwidthFullCpu() / 1e9, r.fmaPeakFullCpu() / 1e9,
                r.loadAverageAtStart()));
        for (ModelResult m : r.models()) {
            b.append(String.format("%s (%s, %,d bytes per token)%n", m.file(), m.weights(), m.bytesPerToken()));
            m.prefillTokensPerSecond().forEach((k, v) -> b.append(String.format("  prefill %6s tokens: %8.1f tokens/s%n", k, v)));
            m.decodeTokensPerSecond().forEach((k, v) -> b.append(String.format("  decode at context %6s: %8.2f tokens/s, %.1f MB allocated per token%n",
                    k, v, m.decodeAllocatedBytesPerToken().getOrDefault(k, Double.NaN) / 1e6)));
            b.append(String.format("  decode at context 0 = %.0f%% of the bandwidth bound; prefill matrix products = %.0f%% of the FMA peak (%.1f GFLOP/s)%n",
                    100 * m.decodeFractionOfBandwidthBound(), 100 * m.prefillFractionOfFmaPeak(), m.prefillGflops()));
            b.append(String.format("  with the CPU share this process had divided out: decode %.0f%% of the bandwidth bound, prefill %.0f%% of the FMA peak%n",
                    100 * m.decodeFractionOfBandwidthBoundFullCpu(), 100 * m.prefillFractionOfFmaPeakFullCpu()));
        }
        b.append(String.format("peak RSS: %,d bytes%n", r.peakRssBytes()));
        b.append("note: ").append(r.note()).append('\n');
        return b.toString();
    }
}
