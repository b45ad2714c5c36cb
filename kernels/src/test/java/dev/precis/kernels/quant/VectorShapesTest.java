package dev.precis.kernels.quant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.kernels.AttentionShape;
import dev.precis.kernels.Kernels;
import dev.precis.kernels.KvBuffer;
import dev.precis.kernels.KvPrecision;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The quantized kernels and the attention kernels run in one process (the Gemma engine) without pushing each
 * other onto boxed vectors. Float vectors of two shapes in one JVM leave the Vector API's shared call sites
 * with two receiver classes in their profiles, and the compiler then built the attention prefill on boxed
 * vectors: gigabytes of garbage per prefill and several times the time (docs/PERFORMANCE.md, run 11). The
 * measure is bytes allocated, not time: a prefill of 512 positions allocates a few MB of working arrays
 * when compiled to vector code and gigabytes when boxed. The first runs are interpreted or compiled without
 * the Vector API's intrinsics and allocate too, so each check passes as soon as one run stays under its
 * limit. The decode products (Q8_0, Q4_0 matrix-vector) are checked the same way afterwards; with the
 * Vector API's intrinsics switched off ({@code -XX:-EnableVectorSupport}) both checks fail.
 */
class VectorShapesTest {
    private static final long LIMIT = 64L << 20;
    private static final long PRODUCT_LIMIT = 1L << 20;

    @Test
    void quantizedProductsAndAttentionStayInVectorRegistersTogether() {
        Assumptions.assumeTrue(QuantKernels.vector() != null, "tests run with --add-modules jdk.incubator.vector");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes");
        Random rnd = new Random(3);
        // every quantized product a model runs, often enough to be profiled and compiled
        int rows = 48;
        int cols = 512;
        float[] x = new float[7 * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] out = new float[7 * rows];
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.F16, GgmlType.BF16, GgmlType.F32}) {
            float[] values = new float[rows * cols];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) rnd.nextGaussian();
            }
            QuantMatrix file = QuantMatrix.quantize(type, values, rows, cols);
            for (QuantMatrix w : new QuantMatrix[] {file, file.resident()}) {
                for (int rep = 0; rep < 300; rep++) {
                    w.matmul(QuantKernels.vector(), x, 7, out);
                    w.matvec(QuantKernels.vector(), x, out);
                }
            }
        }
        // then the prefill attention of a Gemma-3-1B layer (4 query heads, 1 kv head, head_dim 256)
        AttentionShape shape = new AttentionShape(4, 1, 256);
        int n = 512;
        float[] q = new float[n * 4 * 256];
        float[] k = new float[n * 256];
        float[] v = new float[n * 256];
        float[] o = new float[n * 4 * 256];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) rnd.nextGaussian();
            v[i] = (float) rnd.nextGaussian();
        }
        Kernels kernels = Kernels.named("cpu");
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 60 && least > LIMIT; run++) {
            KvBuffer kv = new KvBuffer(1, n, 256, KvPrecision.F32);
            long before = allocated(threads);
            for (int t = 0; t < n; t += 256) {
                kv.append(256, k, t * 256, v, t * 256);
                kernels.attentionPrefill(shape, q, t * 1024, 256, t, kv, Integer.MAX_VALUE, 0.0625f, o, t * 1024);
            }
            least = Math.min(least, allocated(threads) - before);
        }
        assertTrue(least <= LIMIT, "a prefill of " + n + " positions still allocated " + (least >> 20)
                + " MB after 60 runs: the attention kernels run on boxed vectors next to the quantized ones");
        // and the decode products after all of that: a 512 x 2048 Q8_0 or Q4_0 product allocates its quantized
        // activations (a few KB); on boxed vectors it would allocate tens of MB
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            float[] values = new float[512 * 2048];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) rnd.nextGaussian();
            }
            QuantMatrix w = QuantMatrix.quantize(type, values, 512, 2048).resident();
            float[] xv = new float[2048];
            float[] y = new float[512];
            long fewest = Long.MAX_VALUE;
            for (int run = 0; run < 2000 && fewest > PRODUCT_LIMIT; run++) {
                long before = allocated(threads);
                w.matvec(QuantKernels.vector(), xv, y);
                fewest = Math.min(fewest, allocated(threads) - before);
            }
            assertTrue(fewest <= PRODUCT_LIMIT, type + " matrix-vector product still allocated " + (fewest >> 10)
                    + " KB after 2000 runs: its kernel runs on boxed vectors");
        }
    }

    /** Bytes allocated so far by all live threads (the kernels spread work over pool threads). */
    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }
}
