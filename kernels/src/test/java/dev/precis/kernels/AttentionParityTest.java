package dev.precis.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Vector API backend against the scalar f64 reference, at sizes that miss every tile boundary. */
class AttentionParityTest {
    /*
     * Tolerance |cpu - ref| <= ATOL + RTOL * |ref|. The reference sums in f64 from the same f32 (or
     * exactly widened bf16) inputs, so the bf16 rounding of the cache is seen by both and is not part
     * of the error. The cpu backend rounds q * scale to f32, sums head_dim products and the
     * probabilities of up to 4098 keys in f32, and uses a 2-ulp polynomial exp: errors of a few f32
     * ulps of the O(1) scores and outputs. Outputs are convex combinations of values in [-1, 1], so
     * the error is mostly absolute; the largest deviation seen over these cases is below 3e-7, and
     * 1e-6 + 1e-5 |ref| leaves a margin while a key off the window edge moves outputs by 1e-4 to 1.
     */
    static final float ATOL = 1e-6f;
    static final float RTOL = 1e-5f;

    private final Kernels cpu = Kernels.named("cpu");
    private final Kernels ref = Kernels.named("scalar");

    static Stream<Arguments> prefillCases() {
        int w = 100;
        return Stream.of(
                // rows, window, heads, kvHeads, headDim, precision
                Arguments.of(1, w, 8, 8, 64, KvPrecision.F32),
                Arguments.of(13, w, 8, 4, 128, KvPrecision.F32),
                Arguments.of(w - 1, w, 8, 2, 256, KvPrecision.F32),
                Arguments.of(w, w, 8, 1, 64, KvPrecision.BF16),
                Arguments.of(w + 1, w, 4, 4, 128, KvPrecision.F32),
                Arguments.of(w + 1, w, 8, 1, 256, KvPrecision.BF16),
                Arguments.of(13, AttentionKernels.GLOBAL, 2, 1, 384, KvPrecision.F32),
                Arguments.of(130, 7, 2, 2, 13, KvPrecision.F32),
                Arguments.of(200, 1, 2, 1, 64, KvPrecision.F32),
                Arguments.of(4098, 1024, 8, 4, 256, KvPrecision.F32),
                Arguments.of(4098, AttentionKernels.GLOBAL, 4, 1, 64, KvPrecision.BF16));
    }

    @ParameterizedTest(name = "rows={0} window={1} heads={2}/{3} headDim={4} {5}")
    @MethodSource("prefillCases")
    void prefillMatchesReference(int rows, int window, int heads, int kvHeads, int headDim, KvPrecision precision) {
        AttentionShape shape = new AttentionShape(heads, kvHeads, headDim);
        SplittableRandom rnd = new SplittableRandom(rows * 31L + headDim);
        KvBuffer kv = new KvBuffer(kvHeads, rows, headDim, precision);
        float[] k = random(rnd, rows * kvHeads * headDim);
        float[] v = random(rnd, rows * kvHeads * headDim);
        kv.append(rows, k, 0, v, 0);
        float[] q = random(rnd, rows * shape.rowWidth());
        // Three times the usual 1/sqrt(headDim) gives scores of spread ~1: a peaked softmax, as trained
        // models produce, where a wrong max or rescale would show.
        float scale = (float) (3 / Math.sqrt(headDim));
        float[] out = new float[rows * shape.rowWidth()];
        cpu.attentionPrefill(shape, q, 0, rows, 0, kv, window, scale, out, 0);

        // The reference is O(rows^2): for long runs check the first, a middle and the last rows.
        int band = Math.min(rows, 70);
        int[] starts = rows <= 300 ? new int[] {0} : new int[] {0, rows / 2 - band / 2, rows - band};
        for (int start : starts) {
            int n = rows <= 300 ? rows : band;
            float[] expected = new float[n * shape.rowWidth()];
            ref.attentionPrefill(shape, q, start * shape.rowWidth(), n, start, kv, window, scale, expected, 0);
            assertClose(expected, 0, out, start * shape.rowWidth(), n * shape.rowWidth(), "rows from " + start);
        }
    }

    static Stream<Arguments> decodeCases() {
        return Stream.of(
                // positions appended, capacity, window, heads, kvHeads, headDim, precision
                Arguments.of(350, 100, 100, 8, 4, 64, KvPrecision.F32),
                Arguments.of(257, 64, 64, 8, 8, 128, KvPrecision.BF16),
                // bf16 with query heads in pairs (read straight from the bf16 rows), wrapped and not
                Arguments.of(700, 300, 300, 4, 2, 64, KvPrecision.BF16),
                Arguments.of(1300, 1300, AttentionKernels.GLOBAL, 8, 2, 256, KvPrecision.BF16),
                Arguments.of(1000, 129, 128, 8, 1, 256, KvPrecision.F32),
                // Gemma-3-4B heads (8 on 4): f32 values summed in registers by head pairs, several blocks
                Arguments.of(600, 600, AttentionKernels.GLOBAL, 8, 4, 256, KvPrecision.F32),
                Arguments.of(4098, 4098, AttentionKernels.GLOBAL, 8, 2, 256, KvPrecision.F32),
                Arguments.of(3, 4, AttentionKernels.GLOBAL, 1, 1, 384, KvPrecision.F32));
    }

    @ParameterizedTest(name = "n={0} capacity={1} window={2} heads={3}/{4} headDim={5} {6}")
    @MethodSource("decodeCases")
    void decodeMatchesReferenceOnWrappedRing(int n, int capacity, int window, int heads, int kvHeads, int headDim,
                                            KvPrecision precision) {
        AttentionShape shape = new AttentionShape(heads, kvHeads, headDim);
        SplittableRandom rnd = new SplittableRandom(n + 7L * headDim);
        KvBuffer kv = new KvBuffer(kvHeads, capacity, headDim, precision);
        float scale = 0.9f / (float) Math.sqrt(headDim);
        float[] out = new float[shape.rowWidth()];
        float[] expected = new float[shape.rowWidth()];
        int checked = 0;
        for (int pos = 0; pos < n; pos++) {
            kv.append(1, random(rnd, kvHeads * headDim), 0, random(rnd, kvHeads * headDim), 0);
            // Check early positions, the first wrap, and the last ones; skipping the rest keeps it fast.
            if (pos < 3 || pos % 97 == 0 || pos == capacity || pos >= n - 2) {
                float[] q = random(rnd, shape.rowWidth());
                cpu.attentionDecode(shape, q, 0, pos, kv, window, scale, out, 0);
                ref.attentionDecode(shape, q, 0, pos, kv, window, scale, expected, 0);
                assertClose(expected, 0, out, 0, out.length, "decode at " + pos);
                checked++;
            }
        }
        assertEquals(Math.max(0, n - capacity), kv.oldest(), "the ring keeps the last capacity positions");
        assertTrue(checked >= Math.min(n, 4), "checked " + checked + " positions");
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("vectorSizes")
    void dotAndAxpyMatchReference(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] a = random(rnd, n + 3);
        float[] b = random(rnd, n + 5);
        float want = ref.dot(a, 3, b, 5, n);
        assertEquals(want, cpu.dot(a, 3, b, 5, n), ATOL * Math.sqrt(n) + RTOL * Math.abs(want), "dot n=" + n);
        float[] y1 = random(rnd, n + 1);
        float[] y2 = y1.clone();
        ref.axpy(0.37f, a, 2, y1, 1, n);
        cpu.axpy(0.37f, a, 2, y2, 1, n);
        assertClose(y1, 0, y2, 0, y1.length, "axpy n=" + n);
    }

    static Stream<Integer> vectorSizes() {
        return Stream.of(0, 1, 13, 64, 255, 4098);
    }

    static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    static void assertClose(float[] expected, int eOff, float[] actual, int aOff, int n, String what) {
        for (int i = 0; i < n; i++) {
            float e = expected[eOff + i];
            float a = actual[aOff + i];
            if (!(Math.abs(a - e) <= ATOL + RTOL * Math.abs(e))) {
                fail(what + ": element " + i + " expected " + e + " but was " + a + " (diff " + Math.abs(a - e) + ")");
            }
        }
    }
}
