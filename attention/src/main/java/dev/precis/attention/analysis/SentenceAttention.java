package dev.precis.attention.analysis;

import dev.precis.kernels.AttentionKernels;
import dev.precis.kernels.AttentionShape;
import dev.precis.kernels.Kernels;
import dev.precis.kernels.KvBuffer;
import dev.precis.kernels.KvPrecision;

/**
 * Parameter-free interleaved attention over a sequence of sentence vectors: local layers let each
 * sentence attend to a window of its neighbours (the topic segment it sits in), global layers to the
 * whole document (its main themes). Queries, keys and values are the sentence states themselves;
 * each layer adds its attention output to the state (a residual) and renormalises.
 *
 * <p>The attention runs on the project's kernel ({@link Kernels#get()}), one decode step per sentence.
 * Sentence attention differs from a language model's in two ways, both handled here around the kernel:
 * it looks both ways (sentence i sees {@code i - window .. i + window}: the decode position is the
 * window's last sentence and the kernel's window its width), and a sentence does not attend to itself
 * (it is always most like itself and would drown what its neighbours say). The kernel returns outputs,
 * not probabilities, so the values it mixes are one-hot rows: its output is then the probability
 * row itself, from which the self term is taken out, the attention each sentence receives is summed,
 * and the layer's output is mixed from the sentence vectors in double precision. The price of the
 * one-hot rows is width: a global layer over n sentences of dimension d costs n x n x max(d, n)
 * multiply-adds in the kernel instead of n x n x d, the same while n stays below d.
 */
public final class SentenceAttention {

    /** Result of a stack: the final states and, per layer, the attention each sentence received. */
    public record Output(float[][] states, double[][] received) {}

    private final boolean[] global; // [layers] true for a global layer
    private final int window;
    private final float scale;
    private final AttentionKernels kernels;

    /**
     * @param pattern one letter per layer, {@code L} local or {@code G} global, e.g. "LG"
     * @param window  sentences on each side a local layer sees
     * @param temperature softmax temperature over cosine similarities; smaller is sharper
     */
    public SentenceAttention(String pattern, int window, float temperature) {
        this(pattern, window, temperature, Kernels.get());
    }

    SentenceAttention(String pattern, int window, float temperature, AttentionKernels kernels) {
        if (pattern.isEmpty() || !pattern.matches("[LG]+")) {
            throw new IllegalArgumentException("layer pattern '" + pattern + "' must be a non-empty string of L and G");
        }
        if (window < 1 || temperature <= 0) {
            throw new IllegalArgumentException("window " + window + " must be at least 1 and temperature " + temperature + " positive");
        }
        this.global = new boolean[pattern.length()];
        for (int i = 0; i < pattern.length(); i++) {
            global[i] = pattern.charAt(i) == 'G';
        }
        this.window = window;
        this.scale = 1 / temperature;
        this.kernels = kernels;
    }

    /** Runs the layers over {@code x} ([n][d], unit rows); {@code x} is not modified. */
    public Output run(float[][] x) {
        int n = x.length;
        float[][] h = new float[n][];
        for (int i = 0; i < n; i++) {
            h[i] = x[i].clone();
        }
        double[][] received = new double[global.length][n]; // [layers][n]
        for (int layer = 0; layer < global.length; layer++) {
            float[][] o = attend(kernels, h, h, h, global[layer] ? n : window, scale, received[layer]);
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < h[i].length; d++) {
                    o[i][d] += h[i][d];
                }
                Vectors.normalize(o[i], 1);
            }
            h = o;
        }
        return new Output(h, received);
    }

    /**
     * Scaled dot-product attention, softmax as the kernel does it (f32). Query i sees keys j with
     * 0 < |i - j| <= window; {@code received[j]} accumulates the probability key j gets from all queries.
     *
     * @param q [n][d] queries, k [n][d] keys, v [n][dv] values
     * @return [n][dv] outputs (zero for a sentence with no neighbour in reach)
     */
    static float[][] attend(AttentionKernels kernels, float[][] q, float[][] k, float[][] v, int window, float scale,
            double[] received) {
        int n = q.length;
        if (n == 0) {
            return new float[0][];
        }
        int d = q[0].length;
        int dv = v[0].length;
        if (k.length != n || v.length != n || k[0].length != d || received.length != n) {
            throw new IllegalArgumentException("attention over " + n + " queries of width " + d + " needs " + n
                    + " keys of that width, " + n + " values and " + n + " received slots; got " + k.length + " keys of width "
                    + k[0].length + ", " + v.length + " values, " + received.length + " slots");
        }
        int width = Math.max(d, n); // keys [k | 0], values the one-hot row of their position
        float[] keys = new float[n * width]; // [n][width]
        float[] values = new float[n * width]; // [n][width]
        for (int j = 0; j < n; j++) {
            System.arraycopy(k[j], 0, keys, j * width, d);
            values[j * width + j] = 1;
        }
        KvBuffer kv = new KvBuffer(1, n, width, KvPrecision.F32);
        kv.append(n, keys, 0, values, 0);
        AttentionShape shape = new AttentionShape(1, 1, width);
        float[] query = new float[width]; // [width] query i padded with zeros
        float[] p = new float[width]; // [width] the probabilities query i gives each position
        float[][] result = new float[n][dv];
        double[] mix = new double[dv];
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - window);
            int to = Math.min(n - 1, i + window);
            if (to == from) {
                continue; // a single sentence has nothing to attend to
            }
            System.arraycopy(q[i], 0, query, 0, d);
            kernels.attentionDecode(shape, query, 0, to, kv, to - from + 1, scale, p, 0);
            // Renormalise without the self term; summing the others keeps precision when self dominates.
            double others = 0;
            for (int j = from; j <= to; j++) {
                if (j != i) {
                    others += p[j];
                }
            }
            java.util.Arrays.fill(mix, 0);
            for (int j = from; j <= to; j++) {
                if (j == i || p[j] == 0) {
                    continue;
                }
                double w = p[j] / others;
                received[j] += w;
                float[] vj = v[j];
                for (int c = 0; c < dv; c++) {
                    mix[c] += w * vj[c];
                }
            }
            for (int c = 0; c < dv; c++) {
                result[i][c] = (float) mix[c];
            }
        }
        return result;
    }
}
