package dev.precis.kernels;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The inner attention kernels at Gemma-3-4B layer shapes (8 query heads, 4 kv heads): one 64-row
 * prefill block at the end of a 4K context, global and with window 1024, and one decode step over the
 * same cache. FLOPs per call: 4 * headDim * heads * visible pairs (see AttentionBench for GFLOP/s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class AttentionJmh {
    private static final int CONTEXT = 4096;
    private static final int ROWS = 64;

    @Param({"64", "128", "256"})
    public int headDim;

    @Param({"cpu"})
    public String backend;

    private Kernels kernels;
    private AttentionShape shape;
    private KvBuffer kv;
    private float[] q;   // [ROWS][heads][headDim]
    private float[] out; // [ROWS][heads][headDim]
    private float scale;

    @Setup
    public void setUp() {
        kernels = Kernels.named(backend);
        shape = new AttentionShape(8, 4, headDim);
        SplittableRandom rnd = new SplittableRandom(1);
        kv = new KvBuffer(4, CONTEXT, headDim, KvPrecision.F32);
        float[] k = random(rnd, CONTEXT * 4 * headDim);
        float[] v = random(rnd, CONTEXT * 4 * headDim);
        kv.append(CONTEXT, k, 0, v, 0);
        q = random(rnd, ROWS * shape.rowWidth());
        out = new float[ROWS * shape.rowWidth()];
        scale = (float) (1 / Math.sqrt(headDim));
    }

    @Benchmark
    public float[] prefillGlobalBlock() {
        kernels.attentionPrefill(shape, q, 0, ROWS, CONTEXT - ROWS, kv, AttentionKernels.GLOBAL, scale, out, 0);
        return out;
    }

    @Benchmark
    public float[] prefillLocalBlock() {
        kernels.attentionPrefill(shape, q, 0, ROWS, CONTEXT - ROWS, kv, 1024, scale, out, 0);
        return out;
    }

    @Benchmark
    public float[] decodeGlobal() {
        kernels.attentionDecode(shape, q, 0, CONTEXT - 1, kv, AttentionKernels.GLOBAL, scale, out, 0);
        return out;
    }

    @Benchmark
    public float dot() {
        return kernels.dot(q, 0, out, 0, headDim);
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }
}
