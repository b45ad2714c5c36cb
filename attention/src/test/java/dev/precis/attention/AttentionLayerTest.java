package dev.precis.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.precis.kernels.AttentionShape;
import dev.precis.kernels.Kernels;
import dev.precis.kernels.KvBuffer;
import dev.precis.kernels.KvPrecision;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Chunked prefill and decode through a local ring, against the reference over a buffer that keeps all. */
class AttentionLayerTest {
    /*
     * Same budget as the kernels' parity test: f32 sums of up to a few thousand terms against an f64
     * reference over identical inputs stay below 3e-7 on outputs of size <= 1; a missing or extra key
     * moves them by 1e-4 or more.
     */
    private static final float ATOL = 1e-6f;
    private static final float RTOL = 1e-5f;

    private final Kernels ref = Kernels.named("scalar");

    @Test
    void chunkedPrefillThenDecodeOnAWrappedRingMatchesReference() {
        int window = 100;
        int rows = 4098;
        int decodes = 150;
        AttentionShape shape = new AttentionShape(4, 2, 64);
        int kvw = shape.kvHeads() * shape.headDim();
        float scale = 0.3f;
        SplittableRandom rnd = new SplittableRandom(42);
        int total = rows + decodes;
        float[] q = random(rnd, total * shape.rowWidth());
        float[] k = random(rnd, total * kvw);
        float[] v = random(rnd, total * kvw);

        KvCache cache = new KvCache(AttentionPattern.of(window), shape.kvHeads(), shape.headDim(), total, 61,
                KvPrecision.F32);
        KvBuffer ring = cache.layer(0);
        AttentionLayer layer = new AttentionLayer(shape, window, scale, Kernels.named("cpu"));
        float[] out = new float[total * shape.rowWidth()];
        layer.prefill(q, k, v, rows, ring, out);
        float[] step = new float[shape.rowWidth()];
        for (int t = rows; t < total; t++) {
            layer.decode(slice(q, t, shape.rowWidth()), slice(k, t, kvw), slice(v, t, kvw), ring, step);
            System.arraycopy(step, 0, out, t * shape.rowWidth(), step.length);
        }
        assertEquals(total, ring.length());
        assertTrue(ring.oldest() > 0, "the ring wrapped");

        KvBuffer all = new KvBuffer(shape.kvHeads(), total, shape.headDim(), KvPrecision.F32);
        all.append(total, k, 0, v, 0);
        float[] expected = new float[out.length];
        ref.attentionPrefill(shape, q, 0, total, 0, all, window, scale, expected, 0);
        for (int i = 0; i < out.length; i++) {
            if (!(Math.abs(out[i] - expected[i]) <= ATOL + RTOL * Math.abs(expected[i]))) {
                fail("row " + i / shape.rowWidth() + " element " + i % shape.rowWidth() + ": expected "
                        + expected[i] + " but was " + out[i]);
            }
        }
    }

    /**
     * A local ring as long as the context (a window close to the context) never wraps, so a prefill tile goes
     * to the kernel in one call, not in chunks of capacity - window + 1 rows; once the ring has wrapped the
     * chunks are that size again.
     */
    @Test
    void aRingThatHasNotWrappedTakesATileInOneCall() {
        AttentionShape shape = new AttentionShape(2, 1, 8);
        int kvw = shape.headDim();
        SplittableRandom rnd = new SplittableRandom(3);
        int[] calls = new int[1];
        Kernels counting = new Kernels() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void attentionPrefill(AttentionShape s, float[] q, int qo, int rows, int firstPos, KvBuffer kv,
                                         int window, float scale, float[] out, int oo) {
                calls[0]++;
                ref.attentionPrefill(s, q, qo, rows, firstPos, kv, window, scale, out, oo);
            }

            @Override
            public void attentionDecode(AttentionShape s, float[] q, int qo, int pos, KvBuffer kv, int window,
                                        float scale, float[] out, int oo) {
                ref.attentionDecode(s, q, qo, pos, kv, window, scale, out, oo);
            }

            @Override
            public float dot(float[] a, int ao, float[] b, int bo, int n) {
                return ref.dot(a, ao, b, bo, n);
            }

            @Override
            public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
                ref.axpy(alpha, x, xo, y, yo, n);
            }
        };
        // window 20, tiles of 16, context 30: the ring holds min(30, 20 + 16 - 1) = 30 positions
        KvBuffer ring = new KvCache(AttentionPattern.of(20), 1, 8, 30, 16, KvPrecision.F32).layer(0);
        assertEquals(30, ring.capacity());
        AttentionLayer layer = new AttentionLayer(shape, 20, 1f, counting);
        float[] q = random(rnd, 30 * shape.rowWidth());
        float[] k = random(rnd, 30 * kvw);
        float[] v = random(rnd, 30 * kvw);
        float[] out = new float[30 * shape.rowWidth()];
        layer.prefill(q, k, v, 16, ring, out);
        assertEquals(1, calls[0]);
        int rw = shape.rowWidth();
        layer.prefill(Arrays.copyOfRange(q, 16 * rw, 30 * rw), Arrays.copyOfRange(k, 16 * kvw, 30 * kvw),
                Arrays.copyOfRange(v, 16 * kvw, 30 * kvw), 14, ring, new float[14 * rw]);
        assertEquals(2, calls[0]);

        // the same ring, wrapped: chunks of capacity - window + 1 = 11 rows
        KvBuffer wrapped = new KvBuffer(1, 30, 8, KvPrecision.F32);
        float[] pad = random(rnd, 40 * kvw);
        wrapped.append(30, pad, 0, pad, 0);
        wrapped.append(10, pad, 0, pad, 0);
        calls[0] = 0;
        layer.prefill(q, k, v, 16, wrapped, new float[16 * rw]);
        assertEquals(2, calls[0]);
    }

    @Test
    void attendServesAnyHeadDimAndWindow() {
        AttentionShape shape = new AttentionShape(1, 1, 384);
        SplittableRandom rnd = new SplittableRandom(7);
        int rows = 150;
        float[] q = random(rnd, rows * 384);
        float[] k = random(rnd, rows * 384);
        float[] v = random(rnd, rows * 384);
        float[] out = new AttentionLayer(shape, 33, 0.05f, Kernels.named("cpu")).attend(q, k, v, rows);
        KvBuffer all = new KvBuffer(1, rows, 384, KvPrecision.F32);
        all.append(rows, k, 0, v, 0);
        float[] expected = new float[out.length];
        ref.attentionPrefill(shape, q, 0, rows, 0, all, 33, 0.05f, expected, 0);
        for (int i = 0; i < out.length; i++) {
            assertEquals(expected[i], out[i], ATOL + RTOL * Math.abs(expected[i]), "element " + i);
        }
    }

    @Test
    void badCallsNameTheSizes() {
        AttentionShape shape = new AttentionShape(2, 1, 8);
        Kernels cpu = Kernels.named("cpu");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AttentionLayer(shape, 0, 1f, cpu));
        assertTrue(e.getMessage().contains("window=0"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new AttentionShape(3, 2, 8));
        assertTrue(e.getMessage().contains("heads=3") && e.getMessage().contains("kvHeads=2"), e.getMessage());

        KvBuffer small = new KvBuffer(1, 4, 8, KvPrecision.F32);
        AttentionLayer global = new AttentionLayer(shape, AttentionPattern.GLOBAL, 1f, cpu);
        e = assertThrows(IllegalArgumentException.class,
                () -> global.prefill(new float[5 * 16], new float[5 * 8], new float[5 * 8], 5, small, new float[5 * 16]));
        assertTrue(e.getMessage().contains("past the cache") && e.getMessage().contains("capacity=4"), e.getMessage());

        KvBuffer wrongDim = new KvBuffer(1, 4, 16, KvPrecision.F32);
        e = assertThrows(IllegalArgumentException.class,
                () -> global.decode(new float[16], new float[8], new float[8], wrongDim, new float[16]));
        assertTrue(e.getMessage().contains("headDim=16") && e.getMessage().contains("headDim=8"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> global.prefill(new float[15], new float[8], new float[8], 1, small, new float[16]));
        assertTrue(e.getMessage().contains("q needs at least 16"), e.getMessage());

        // Straight to the kernels: a query position that has no key yet, and one whose keys the ring lost.
        KvBuffer ring = new KvBuffer(1, 4, 8, KvPrecision.F32);
        ring.append(4, new float[32], 0, new float[32], 0);
        ring.append(2, new float[16], 0, new float[16], 0);
        e = assertThrows(IllegalArgumentException.class,
                () -> cpu.attentionDecode(shape, new float[16], 0, 6, ring, 2, 1f, new float[16], 0));
        assertTrue(e.getMessage().contains("position 6 is past the cache"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> cpu.attentionDecode(shape, new float[16], 0, 5, ring, 8, 1f, new float[16], 0));
        assertTrue(e.getMessage().contains("needs key position 0") && e.getMessage().contains("2..5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ref.attentionDecode(shape, new float[16], 0, 5, ring, 0, 1f, new float[16], 0));
        assertTrue(e.getMessage().contains("window=0"), e.getMessage());
    }

    private static float[] slice(float[] a, int row, int width) {
        float[] s = new float[width];
        System.arraycopy(a, row * width, s, 0, width);
        return s;
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }
}
