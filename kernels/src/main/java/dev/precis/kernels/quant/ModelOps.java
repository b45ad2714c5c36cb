package dev.precis.kernels.quant;

/** The element-wise operations of a transformer layer: RMSNorm, NeoX RoPE, gated GELU, softmax. */
public final class ModelOps {
    private ModelOps() {
    }

    /**
     * {@code out = x / sqrt(mean(x²) + eps) * w} over {@code n} values; the sum of squares is kept in
     * double, as ggml does, so long rows do not lose precision. {@code out} may be {@code x}.
     */
    public static void rmsnorm(float[] out, int oo, float[] x, int xo, float[] w, int n, float eps) {
        if (w.length < n) {
            throw new IllegalArgumentException("rmsnorm weight has " + w.length + " values, needs " + n);
        }
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (double) x[xo + i] * x[xo + i];
        }
        float scale = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) {
            out[oo + i] = x[xo + i] * scale * w[i];
        }
    }

    /**
     * Inverse frequencies {@code base^(-2i/d) * factor} for {@code i < d/2}: multiplying by a position gives
     * the NeoX rotation angles. {@code factor} is {@code 1/scale} for linear RoPE scaling.
     */
    public static double[] ropeFrequencies(int headDim, double base, double factor) {
        if (headDim <= 0 || headDim % 2 != 0) {
            throw new IllegalArgumentException("RoPE needs an even head size, got " + headDim);
        }
        double[] f = new double[headDim / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.pow(base, -2.0 * i / headDim) * factor;
        }
        return f;
    }

    /** cos and sin of the angles at position {@code pos}: {@code cs[2i] = cos, cs[2i+1] = sin}. */
    public static void ropeAngles(double[] freq, long pos, float[] cs) {
        for (int i = 0; i < freq.length; i++) {
            double a = pos * freq[i];
            cs[2 * i] = (float) Math.cos(a);
            cs[2 * i + 1] = (float) Math.sin(a);
        }
    }

    /** NeoX rotation of one head: pairs {@code (x[i], x[i + d/2])}. */
    public static void rope(float[] x, int xo, int headDim, float[] cs) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            float c = cs[2 * i];
            float s = cs[2 * i + 1];
            float a = x[xo + i];
            float b = x[xo + i + half];
            x[xo + i] = a * c - b * s;
            x[xo + i + half] = a * s + b * c;
        }
    }

    /** {@code gate[i] = gelu_tanh(gate[i]) * up[i]}. */
    public static void geluGate(float[] gate, int go, float[] up, int uo, int n) {
        for (int i = 0; i < n; i++) {
            gate[go + i] = gelu(gate[go + i]) * up[uo + i];
        }
    }

    /** {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x³)))}. */
    public static float gelu(float x) {
        // tanh(y) = 1 - 2 / (e^{2y} + 1): Math.exp is an intrinsic, Math.tanh is not, and this runs for every
        // FFN activation; the identity is exact in real arithmetic and loses nothing at double precision
        double y = 0.7978845608028654 * (x + 0.044715 * x * x * x);
        double t = 1 - 2 / (Math.exp(2 * y) + 1);
        return (float) (0.5 * x * (1 + t));
    }

    /** In-place softmax of {@code x[o..o+n)}, max-subtracted. */
    public static void softmax(float[] x, int o, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[o + i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[o + i] - max);
            x[o + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            x[o + i] *= inv;
        }
    }
}
