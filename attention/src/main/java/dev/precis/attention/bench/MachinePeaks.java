package dev.precis.attention.bench;

import dev.precis.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What this machine can do at best, measured in-process so that kernel figures can be read as
 * fractions of it: the FP32 FMA rate on all cores and the streaming read bandwidth of main memory.
 */
public final class MachinePeaks {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Independent FMA chains per thread: enough to cover the FMA latency on every current core. */
    private static final int CHAINS = 12;
    /** Keeps results alive so that the JIT cannot drop the measured loops. */
    private static volatile float blackhole;

    private MachinePeaks() {
    }

    /** Lanes of the preferred vector species: the width the kernels and the FMA peak use. */
    public static int vectorLanes() {
        return S.length();
    }

    /** A rate by the wall clock and on the CPU basis (see {@link Span}). */
    public record Rate(double wall, double cpuBasis) {
    }

    /** FP32 GFLOP/s (an FMA counts 2) of independent vector FMA chains on all kernel threads; best of reps. */
    public static Rate fmaPeakGflops(double secondsPerRep, int reps) {
        int threads = Parallel.threads();
        // Calibrate the iteration count to the requested duration on one thread.
        long calibration = 1_000_000;
        long t0 = System.nanoTime();
        sink(fmaChains(calibration));
        double one = (System.nanoTime() - t0) / 1e9;
        long perThread = Math.max(calibration, (long) (calibration * secondsPerRep / Math.max(one, 1e-6)));
        double flops = threads * perThread * CHAINS * 2.0 * S.length();
        Span best = null;
        for (int r = 0; r < reps; r++) {
            Span s = Span.of(() -> Parallel.forEach(threads, i -> sink(fmaChains(perThread))));
            best = best == null ? s : best.best(s);
        }
        return new Rate(flops / best.wall() / 1e9, flops / best.cpuBasis(threads) / 1e9);
    }

    /** GB/s of a vector sum streaming over {@code bytes} of floats split across all kernel threads; best of reps. */
    public static Rate bandwidthGBs(long bytes, int reps) {
        int n = (int) Math.min(Integer.MAX_VALUE - 64, bytes / Float.BYTES);
        int threads = Parallel.threads();
        int lanes4 = 4 * S.length();
        int per = n / threads / lanes4 * lanes4;
        float[] a = new float[per * threads];
        java.util.Arrays.fill(a, 1f);
        double read = (double) a.length * Float.BYTES;
        Span best = null;
        for (int r = 0; r < reps; r++) {
            Span s = Span.of(() -> Parallel.forEach(threads, i -> sink(sum(a, i * per, (i + 1) * per))));
            best = best == null ? s : best.best(s);
        }
        return new Rate(read / best.wall() / 1e9, read / best.cpuBasis(threads) / 1e9);
    }

    private static float fmaChains(long iters) {
        FloatVector m = FloatVector.broadcast(S, 0.9999999f);
        FloatVector c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f), a5 = a0.add(5f), a6 = a0.add(6f), a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f), a11 = a0.add(11f);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6.add(a7).add(a8).add(a9).add(a10).add(a11))
                .reduceLanes(VectorOperators.ADD);
    }

    private static float sum(float[] a, int from, int to) {
        int l = S.length();
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int i = from; i < to; i += 4 * l) {
            s0 = s0.add(FloatVector.fromArray(S, a, i));
            s1 = s1.add(FloatVector.fromArray(S, a, i + l));
            s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * l));
            s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * l));
        }
        return s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    }

    private static void sink(float f) {
        blackhole += f;
    }
}
