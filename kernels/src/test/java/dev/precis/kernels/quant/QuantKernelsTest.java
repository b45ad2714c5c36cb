package dev.precis.kernels.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class QuantKernelsTest {

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0}) {
            // 32 to 4128 columns: 1 to 129 blocks, so the vector kernels' steps of several blocks (Q4_0: 4 with
            // AVX-512, 2 with AVX2) are met whole, with blocks left over (5, 7, 129) and not at all (1, 2, 3)
            for (int[] s : new int[][] {{1, 32}, {13, 64}, {5, 512}, {4098, 96}, {3, 160}, {9, 224}, {7, 4128}}) {
                b.add(Arguments.of(t, s[0], s[1]));
            }
        }
        b.add(Arguments.of(GgmlType.F32, 13, 1));
        b.add(Arguments.of(GgmlType.F16, 3, 13));
        return b.build();
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Reference in double over the dequantized weights, and the quantized activations where the kernel uses them. */
    private static double referenceDot(QuantMatrix w, int r, float[] x, boolean quantizeX) {
        float[] row = new float[w.cols()];
        w.row(r, row, 0);
        float[] xv = x;
        if (quantizeX) {
            Q8Activations q = new Q8Activations(w.cols()).quantize(x, 0, w.cols());
            xv = new float[w.cols()];
            for (int i = 0; i < w.cols(); i++) {
                xv[i] = q.qs[i] * q.d[i / 32];
            }
        }
        double s = 0;
        for (int i = 0; i < w.cols(); i++) {
            s += (double) row[i] * xv[i];
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void matvecMatchesReference(GgmlType type, int rows, int cols) {
        QuantKernels vector = QuantKernels.vector();
        assertNotNull(vector, "tests run with --add-modules jdk.incubator.vector");
        Random rnd = new Random(rows * 31L + cols);
        QuantMatrix w = QuantMatrix.quantize(type, random(rnd, rows * cols), rows, cols);
        float[] x = random(rnd, cols);
        float[] a = new float[rows];
        float[] b = new float[rows];
        w.matvec(QuantKernels.scalar(), x, a);
        w.matvec(vector, x, b);
        // the same weights resident in the heap take the kernels' array path, and must give the same numbers
        QuantMatrix resident = w.resident();
        assertTrue(resident.isResident() && !w.isResident());
        float[] c = new float[rows];
        resident.matvec(vector, x, c);
        assertArrayEquals(b, c, "heap-resident weights");
        float[] d = new float[rows];
        resident.matvec(QuantKernels.scalar(), x, d);
        assertArrayEquals(a, d, "heap-resident weights, scalar kernels");
        boolean q = type == GgmlType.Q8_0 || type == GgmlType.Q4_0;
        for (int r = 0; r < rows; r++) {
            // reference: f64 over the stored weights and, for Q8_0/Q4_0, the 8-bit activations the kernels use.
            // Block integer sums are exact in both kernels; the remaining error is f32 accumulation of up to
            // `cols` terms in different orders (about sqrt(cols) ulps of the magnitude).
            double ref = referenceDot(w, r, x, q);
            double tol = 1e-4 + 1e-4 * Math.abs(ref) + 2e-6 * cols;
            assertEquals(ref, a[r], tol, "scalar row " + r);
            assertEquals(ref, b[r], tol, "vector row " + r);
        }
    }

    /**
     * The gated GELU of both backends against the double-precision reference, over the range activations take
     * and beyond it (where exp clamps or underflows), at a length that leaves a scalar tail. Tolerance: the
     * vector path computes in f32 with an exp of about 2 ulp, so a few f32 ulp of the value (2e-6 relative),
     * plus 1e-12 absolute: on the negative side, where GELU falls below 1e-10, the scalar path's
     * {@code 1 - 2 / (e + 1)} loses relative (not absolute) precision even in double, and f32 underflows to 0
     * below about -9; at that size nothing downstream can tell.
     */
    @Test
    void geluGateMatchesTheReference() {
        int n = 1003;
        float[] x = new float[n];
        float[] up = new float[n];
        Random rnd = new Random(5);
        for (int i = 0; i < n; i++) {
            x[i] = i < 40 ? (i - 20) * 5f : (float) (rnd.nextGaussian() * 3);
            up[i] = (float) (rnd.nextGaussian());
        }
        x[41] = 0f;
        x[42] = -0f;
        x[43] = 1e-30f;
        for (QuantKernels k : new QuantKernels[] {QuantKernels.scalar(), QuantKernels.vector()}) {
            float[] g = x.clone();
            k.geluGate(g, 0, up, 0, n);
            for (int i = 0; i < n; i++) {
                double c = Math.sqrt(2 / Math.PI) * (x[i] + 0.044715 * x[i] * (double) x[i] * x[i]);
                double ref = 0.5 * x[i] * (1 + Math.tanh(c)) * up[i];
                assertEquals(ref, g[i], 2e-6 * Math.abs(ref) + 1e-12, k.name() + " at x = " + x[i]);
            }
        }
    }

    /**
     * Heap-resident weights (Q8_0 and Q4_0 laid out anew, codes apart from f32 scales) decode to the same
     * rows and give the same matrix products, bit for bit, as the file's layout.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void residentLayoutMatchesTheFileLayout(GgmlType type, int rows, int cols) {
        Random rnd = new Random(rows * 7L + cols);
        QuantMatrix w = QuantMatrix.quantize(type, random(rnd, rows * cols), rows, cols);
        QuantMatrix resident = w.resident();
        assertEquals(w.bytes(), resident.bytes(), "bytes() counts the file's layout");
        float[] expected = new float[cols];
        float[] actual = new float[cols];
        for (int r = 0; r < rows; r += Math.max(1, rows / 7)) {
            w.row(r, expected, 0);
            resident.row(r, actual, 0);
            assertArrayEquals(expected, actual, "row " + r);
        }
        int n = 4;
        float[] x = random(rnd, n * cols);
        for (QuantKernels k : new QuantKernels[] {QuantKernels.scalar(), QuantKernels.vector()}) {
            float[] a = new float[n * rows];
            float[] b = new float[n * rows];
            w.matmul(k, x, n, a);
            resident.matmul(k, x, n, b);
            assertArrayEquals(a, b, k.name() + " matmul");
        }
    }

    /** A matrix over several buffers (as a large GGUF tensor is mapped) keeps its rows apart when made resident. */
    @Test
    void residentLayoutOverSeveralChunks() {
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.F16}) {
            int rows = 23;
            int cols = 96;
            int perChunk = 5;
            Random rnd = new Random(11);
            QuantMatrix whole = QuantMatrix.quantize(type, random(rnd, rows * cols), rows, cols);
            int rb = (int) whole.rowBytes();
            java.nio.ByteBuffer all = whole.chunkOf(0);
            java.nio.ByteBuffer[] chunks = new java.nio.ByteBuffer[(rows + perChunk - 1) / perChunk];
            for (int i = 0; i < chunks.length; i++) {
                int n = Math.min(perChunk, rows - i * perChunk);
                chunks[i] = all.duplicate().position(i * perChunk * rb).limit((i * perChunk + n) * rb).slice();
            }
            QuantMatrix chunked = new QuantMatrix(type, rows, cols, chunks, perChunk).resident();
            float[] x = random(rnd, cols);
            float[] a = new float[rows];
            float[] b = new float[rows];
            whole.matvec(QuantKernels.vector(), x, a);
            chunked.matvec(QuantKernels.vector(), x, b);
            assertArrayEquals(a, b, type + " matvec");
            float[] ra = new float[cols];
            float[] rb2 = new float[cols];
            for (int r = 0; r < rows; r++) {
                whole.row(r, ra, 0);
                chunked.row(r, rb2, 0);
                assertArrayEquals(ra, rb2, type + " row " + r);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void matmulMatchesReference(GgmlType type, int rows, int cols) {
        Random rnd = new Random(rows * 17L + cols);
        QuantMatrix w = QuantMatrix.quantize(type, random(rnd, rows * cols), rows, cols);
        int n = rows > 1000 ? 4 : 7; // 7 tokens: two full 3-token tiles and a remainder
        float[] x = random(rnd, n * cols);
        for (QuantKernels k : new QuantKernels[] {QuantKernels.scalar(), QuantKernels.vector()}) {
            float[] out = new float[n * rows];
            w.matmul(k, x, n, out);
            for (int t = 0; t < n; t++) {
                float[] xt = new float[cols];
                System.arraycopy(x, t * cols, xt, 0, cols);
                for (int r = 0; r < rows; r++) {
                    double ref = referenceDot(w, r, xt, false);
                    // f32 sums of `cols` products: error grows like sqrt(cols) ulps of the magnitude
                    assertEquals(ref, out[t * rows + r], 1e-4 + 2e-6 * cols, k.name() + " token " + t + " row " + r);
                }
            }
        }
    }

    /**
     * The extreme codes: Q8_0 weights of -128 and -127 against activations of +-127 (the largest products the
     * 16-bit lanes hold), Q4_0 nibbles 0 and 15 (codes -8 and 7). Block scale 1 and activations that quantize
     * to integers with scale 1, so every product is an integer and both backends must agree exactly.
     */
    @Test
    void extremeCodesDoNotOverflow() {
        int cols = 288; // 9 blocks a row: whole steps of the vector kernels and a block left over
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = i % 3 == 0 ? -127 : 127;
        }
        int perRow = cols / 32;
        java.nio.ByteBuffer q8 = java.nio.ByteBuffer.allocate(2 * perRow * 34).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer q4 = java.nio.ByteBuffer.allocate(2 * perRow * 18).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int blk = 0; blk < 2 * perRow; blk++) {
            q8.putShort(blk * 34, Float16.fromFloat(1f));
            q4.putShort(blk * 18, Float16.fromFloat(1f));
            for (int j = 0; j < 32; j++) {
                q8.put(blk * 34 + 2 + j, (byte) (blk < perRow ? -128 : (j % 2 == 0 ? -127 : 127)));
            }
            for (int j = 0; j < 16; j++) {
                q4.put(blk * 18 + 2 + j, (byte) (blk < perRow ? 0x00 : (j % 2 == 0 ? 0xF0 : 0x0F)));
            }
        }
        QuantMatrix mapped8 = QuantMatrix.of(GgmlType.Q8_0, 2, cols, q8);
        QuantMatrix mapped4 = QuantMatrix.of(GgmlType.Q4_0, 2, cols, q4);
        for (QuantMatrix w : new QuantMatrix[] {mapped8, mapped8.resident(), mapped4, mapped4.resident()}) {
            float[] a = new float[2];
            float[] b = new float[2];
            w.matvec(QuantKernels.scalar(), x, a);
            w.matvec(QuantKernels.vector(), x, b);
            String what = w.type() + (w.isResident() ? " resident" : " mapped");
            for (int r = 0; r < 2; r++) {
                assertEquals(referenceDot(w, r, x, true), a[r], 0, what + " scalar row " + r);
                assertEquals(a[r], b[r], 0, what + " vector row " + r);
            }
        }
    }

    @Test
    void badArgumentsNameTheSizes() {
        QuantMatrix w = QuantMatrix.quantize(GgmlType.Q8_0, new float[64], 2, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.matvec(new float[16], new float[2]));
        assertTrue(e.getMessage().contains("x[16]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QuantMatrix.quantize(GgmlType.Q4_0, new float[40], 2, 20));
        assertThrows(IllegalArgumentException.class, () -> w.row(2, new float[32], 0));
    }

    @Test
    void opsMatchTheirDefinitions() {
        float[] x = {1, -2, 3, 0.5f};
        float[] w = {1, 2, 0.5f, 1};
        float[] out = new float[4];
        ModelOps.rmsnorm(out, 0, x, 0, w, 4, 1e-6f);
        double rms = Math.sqrt((1 + 4 + 9 + 0.25) / 4 + 1e-6);
        for (int i = 0; i < 4; i++) {
            assertEquals(x[i] / rms * w[i], out[i], 1e-6);
        }
        assertEquals(0.8411920f, ModelOps.gelu(1f), 1e-6);
        assertEquals(0f, ModelOps.gelu(0f));
        float[] h = {1, 2, 3, 4};
        double[] f = ModelOps.ropeFrequencies(4, 10000, 1);
        float[] cs = new float[4];
        ModelOps.ropeAngles(f, 3, cs);
        ModelOps.rope(h, 0, 4, cs);
        // pair (x0, x2) rotated by 3 rad, pair (x1, x3) by 3 * 10000^-0.5 = 0.03 rad
        assertEquals(1 * Math.cos(3) - 3 * Math.sin(3), h[0], 1e-6);
        assertEquals(1 * Math.sin(3) + 3 * Math.cos(3), h[2], 1e-6);
        assertEquals(2 * Math.cos(0.03) - 4 * Math.sin(0.03), h[1], 1e-6);
        float[] s = {1, 2, 3};
        ModelOps.softmax(s, 0, 3);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(2) / z, s[1], 1e-6);
    }
}
