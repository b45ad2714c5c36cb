package dev.precis.attention.analysis;

/**
 * Parameter-free interleaved attention over a sequence of sentence vectors: local layers let each
 * sentence attend to a window of its neighbours (the topic segment it sits in), global layers to the
 * whole document (its main themes). Queries, keys and values are the sentence states themselves;
 * each layer adds its attention output to the state (a residual) and renormalises.
 *
 * <p>All attention goes through {@link #attend}, the one place to hand to the project's attention
 * kernel: it is scaled dot-product attention with a symmetric band mask for local layers.
 */
public final class SentenceAttention {

    /** Result of a stack: the final states and, per layer, the attention each sentence received. */
    public record Output(float[][] states, double[][] received) {}

    private final boolean[] global; // [layers] true for a global layer
    private final int window;
    private final float scale;

    /**
     * @param pattern one letter per layer, {@code L} local or {@code G} global, e.g. "LLG"
     * @param window  sentences on each side a local layer sees
     * @param temperature softmax temperature over cosine similarities; smaller is sharper
     */
    public SentenceAttention(String pattern, int window, float temperature) {
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
            float[][] o = attend(h, h, h, global[layer] ? n : window, scale, received[layer]);
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
     * Scaled dot-product attention, softmax in double. Query i sees keys j with 0 < |i - j| <= window:
     * a sentence is always most like itself, so letting it attend to itself would drown what its
     * neighbours say. {@code received[j]} accumulates the probability mass key j gets from all queries.
     *
     * @param q [n][d] queries, k [n][d] keys, v [n][dv] values
     * @return [n][dv] outputs
     */
    static float[][] attend(float[][] q, float[][] k, float[][] v, int window, float scale, double[] received) {
        int n = q.length;
        float[][] out = new float[n][v.length == 0 ? 0 : v[0].length];
        double[] logits = new double[n];
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - window);
            int to = Math.min(n - 1, i + window);
            double max = Double.NEGATIVE_INFINITY;
            if (to == from) {
                continue; // a single sentence has nothing to attend to
            }
            for (int j = from; j <= to; j++) {
                logits[j] = j == i ? Double.NEGATIVE_INFINITY : scale * Vectors.dot(q[i], k[j]);
                max = Math.max(max, logits[j]);
            }
            double sum = 0;
            for (int j = from; j <= to; j++) {
                logits[j] = Math.exp(logits[j] - max);
                sum += logits[j];
            }
            for (int j = from; j <= to; j++) {
                if (j == i) {
                    continue;
                }
                double p = logits[j] / sum;
                received[j] += p;
                float pf = (float) p;
                float[] vj = v[j];
                float[] oi = out[i];
                for (int d = 0; d < oi.length; d++) {
                    oi[d] += pf * vj[d];
                }
            }
        }
        return out;
    }
}
