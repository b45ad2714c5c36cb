package dev.precis.kernels;

import java.util.Arrays;

/**
 * The reference backend: straightforward loops, one thread, every sum in f64. It defines what the fast
 * backends must compute; parity tests compare them against it.
 */
public final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void attentionPrefill(AttentionShape shape, float[] q, int qOffset, int rows, int firstPos, KvBuffer kv,
                                 int window, float scale, float[] out, int outOffset) {
        AttentionChecks.check(shape, q, qOffset, rows, firstPos, kv, window, scale, out, outOffset);
        int d = shape.headDim();
        double[] scores = new double[(int) Math.min((long) window, (long) firstPos + rows)];
        double[] acc = new double[d];
        for (int r = 0; r < rows; r++) {
            int pos = firstPos + r;
            int lo = (int) Math.max(0, (long) pos - window + 1);
            for (int h = 0; h < shape.heads(); h++) {
                int g = h / shape.groupSize();
                int qi = qOffset + r * shape.rowWidth() + h * d;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = lo; j <= pos; j++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) {
                        s += (double) q[qi + c] * kv.key(g, j, c);
                    }
                    s *= scale;
                    scores[j - lo] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                Arrays.fill(acc, 0);
                for (int j = lo; j <= pos; j++) {
                    double p = Math.exp(scores[j - lo] - max);
                    sum += p;
                    for (int c = 0; c < d; c++) {
                        acc[c] += p * kv.value(g, j, c);
                    }
                }
                int oi = outOffset + r * shape.rowWidth() + h * d;
                for (int c = 0; c < d; c++) {
                    out[oi + c] = (float) (acc[c] / sum);
                }
            }
        }
    }

    @Override
    public void attentionDecode(AttentionShape shape, float[] q, int qOffset, int pos, KvBuffer kv, int window,
                                float scale, float[] out, int outOffset) {
        attentionPrefill(shape, q, qOffset, 1, pos, kv, window, scale, out, outOffset);
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        AttentionChecks.checkVectors("a", a, aOffset, "b", b, bOffset, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[aOffset + i] * b[bOffset + i];
        }
        return (float) s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        AttentionChecks.checkVectors("x", x, xOffset, "y", y, yOffset, n);
        for (int i = 0; i < n; i++) {
            y[yOffset + i] = (float) (y[yOffset + i] + (double) alpha * x[xOffset + i]);
        }
    }
}
