package dev.precis.index.bench;

import dev.precis.index.vectors.Embedder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Embeds generated text from a pool of sentence embeddings made once by a real embedder: a passage or
 * summary of pool sentences gets the normalised mean of their vectors, which keeps every vector in the
 * real model's space while indexing 100K documents in minutes. Text outside the pool (queries) goes to
 * the real embedder. For load tests only: a mean of sentence vectors is not what the model would say.
 */
public final class PooledEmbedder implements Embedder {
    private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+");

    private final Embedder real;
    private final Map<String, float[]> pool = new HashMap<>();

    public PooledEmbedder(Embedder real, List<String> sentences) {
        this.real = real;
        List<float[]> vectors = real.embedAll(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            pool.put(sentences.get(i), vectors.get(i));
        }
    }

    @Override
    public int dimension() {
        return real.dimension();
    }

    @Override
    public float[] embed(String text) {
        float[] sum = new float[dimension()];
        for (String s : SENTENCES.split(text.strip())) {
            float[] v = pool.get(s.strip());
            if (v == null) {
                return real.embed(text);
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return Embedder.normalize(sum);
    }
}
