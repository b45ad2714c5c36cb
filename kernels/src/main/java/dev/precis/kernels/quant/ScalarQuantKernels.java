package dev.precis.kernels.quant;

import java.nio.ByteBuffer;

/** The plain reference kernels: one value at a time, in index order. */
public final class ScalarQuantKernels implements QuantKernels {
    static final ScalarQuantKernels INSTANCE = new ScalarQuantKernels();

    private ScalarQuantKernels() {
    }

    @Override
    public void geluGate(float[] gate, int go, float[] up, int uo, int n) {
        ModelOps.geluGate(gate, go, up, uo, n);
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void matvec(QuantMatrix w, float[] x, Q8Activations xq, float[] out, int r0, int r1) {
        int cols = w.cols();
        float[] row = w.type() == GgmlType.Q8_0 || w.type() == GgmlType.Q4_0 ? null : new float[cols];
        for (int r = r0; r < r1; r++) {
            ByteBuffer b = w.chunkOf(r);
            int off = w.offsetOf(r);
            switch (w.type()) {
                case Q8_0:
                    out[r] = dotQ8(b, off, xq, cols);
                    break;
                case Q4_0:
                    out[r] = dotQ4(b, off, xq, cols);
                    break;
                default:
                    QuantFormats.dequantize(w.type(), b, off, row, 0, cols);
                    float s = 0;
                    for (int i = 0; i < cols; i++) {
                        s += row[i] * x[i];
                    }
                    out[r] = s;
            }
        }
    }

    static float dotQ8(ByteBuffer b, int off, Q8Activations xq, int cols) {
        float acc = 0;
        for (int blk = 0; blk < cols / 32; blk++) {
            int base = off + blk * 34;
            int isum = 0;
            for (int j = 0; j < 32; j++) {
                isum += b.get(base + 2 + j) * xq.qs[blk * 32 + j];
            }
            acc += isum * (Float16.toFloat(b.getShort(base)) * xq.d[blk]);
        }
        return acc;
    }

    static float dotQ4(ByteBuffer b, int off, Q8Activations xq, int cols) {
        float acc = 0;
        for (int blk = 0; blk < cols / 32; blk++) {
            int base = off + blk * 18;
            int isum = 0;
            for (int j = 0; j < 16; j++) {
                int q = b.get(base + 2 + j) & 0xFF;
                isum += ((q & 15) - 8) * xq.qs[blk * 32 + j] + ((q >>> 4) - 8) * xq.qs[blk * 32 + 16 + j];
            }
            acc += isum * (Float16.toFloat(b.getShort(base)) * xq.d[blk]);
        }
        return acc;
    }

    @Override
    public void matmul(QuantMatrix w, float[] x, int n, float[] out, int r0, int r1) {
        int cols = w.cols();
        int rows = w.rows();
        float[] row = new float[cols];
        for (int r = r0; r < r1; r++) {
            w.row(r, row, 0);
            for (int t = 0; t < n; t++) {
                float s = 0;
                int xo = t * cols;
                for (int i = 0; i < cols; i++) {
                    s += row[i] * x[xo + i];
                }
                out[t * rows + r] = s;
            }
        }
    }
}
