package dev.precis.index.vectors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the embeddings of the most recent texts. The web page asks the same query again for every
 * facet click and every page, and embedding it is the slowest step of a search on a CPU.
 */
public final class CachingEmbedder implements Embedder {
    private final Embedder inner;
    private final Map<String, float[]> recent;

    public CachingEmbedder(Embedder inner, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity " + capacity + " must be at least 1");
        }
        this.inner = inner;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public float[] embed(String text) {
        synchronized (recent) {
            float[] v = recent.get(text);
            if (v != null) {
                return v.clone();
            }
        }
        float[] v = inner.embed(text);
        synchronized (recent) {
            recent.put(text, v.clone());
        }
        return v;
    }
}
