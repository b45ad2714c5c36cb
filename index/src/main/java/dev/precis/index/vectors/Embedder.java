package dev.precis.index.vectors;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a unit-length sentence embedding. The index stores these for summaries and passages
 * and compares them by dot product, so every implementation must return vectors of length one and
 * the same dimension for queries as for documents.
 */
public interface Embedder {
    /** Length of every vector this embedder returns. */
    int dimension();

    /** The unit-length embedding of one text; {@code float[dimension()]}. */
    float[] embed(String text);

    /** Embeddings of several texts, in order; implementations may batch. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }

    /** Scales {@code v} in place to unit length (a zero vector stays zero) and returns it. */
    static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }
}
