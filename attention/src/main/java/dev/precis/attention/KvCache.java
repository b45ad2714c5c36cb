package dev.precis.attention;

import dev.precis.kernels.KvBuffer;
import dev.precis.kernels.KvPrecision;

/**
 * The keys and values of every layer of a model, sized by its {@link AttentionPattern}: a global layer
 * keeps the whole context, a local layer a ring buffer of its window plus one prefill chunk (the
 * chunk's first query still needs the window before it while the chunk's own keys are written, as
 * llama.cpp sizes its local cells to window + batch). Decoding one token at a time
 * ({@code maxChunk = 1}) makes a local ring exactly the window.
 */
public final class KvCache {
    private final AttentionPattern pattern;
    private final int maxContext;
    private final int maxChunk;
    private final KvBuffer[] layers; // [layers] each [kvHeads][capacity][headDim] for K and for V

    public KvCache(AttentionPattern pattern, int kvHeads, int headDim, int maxContext, int maxChunk,
                   KvPrecision precision) {
        int[] capacities = capacities(pattern, maxContext, maxChunk);
        this.pattern = pattern;
        this.maxContext = maxContext;
        this.maxChunk = maxChunk;
        this.layers = new KvBuffer[capacities.length];
        for (int il = 0; il < capacities.length; il++) {
            layers[il] = new KvBuffer(kvHeads, capacities[il], headDim, precision);
        }
    }

    /** Positions each layer's buffer holds for this pattern, context and prefill chunk. */
    public static int[] capacities(AttentionPattern pattern, int maxContext, int maxChunk) {
        if (pattern == null) {
            throw new IllegalArgumentException("kv cache needs an attention pattern");
        }
        if (maxContext <= 0 || maxChunk <= 0 || maxChunk > maxContext) {
            throw new IllegalArgumentException("kv cache needs 1 <= maxChunk <= maxContext, got maxChunk="
                    + maxChunk + " maxContext=" + maxContext);
        }
        int[] c = new int[pattern.layers()];
        for (int il = 0; il < c.length; il++) {
            long local = (long) pattern.window(il) + maxChunk - 1;
            c[il] = (int) Math.min(maxContext, local);
        }
        return c;
    }

    /** Bytes of K and V per layer for such a cache, without allocating it. */
    public static long[] layerBytes(AttentionPattern pattern, int kvHeads, int headDim, int maxContext, int maxChunk,
                                    KvPrecision precision) {
        if (kvHeads <= 0 || headDim <= 0 || precision == null) {
            throw new IllegalArgumentException("kv cache needs kvHeads >= 1, headDim >= 1 and a precision, got kvHeads="
                    + kvHeads + " headDim=" + headDim + " precision=" + precision);
        }
        int[] c = capacities(pattern, maxContext, maxChunk);
        long[] bytes = new long[c.length];
        for (int il = 0; il < c.length; il++) {
            bytes[il] = 2L * kvHeads * c[il] * headDim * precision.bytes();
        }
        return bytes;
    }

    /** Total bytes of K and V over all layers for such a cache, without allocating it. */
    public static long totalBytes(AttentionPattern pattern, int kvHeads, int headDim, int maxContext, int maxChunk,
                                  KvPrecision precision) {
        long sum = 0;
        for (long b : layerBytes(pattern, kvHeads, headDim, maxContext, maxChunk, precision)) {
            sum += b;
        }
        return sum;
    }

    public AttentionPattern pattern() {
        return pattern;
    }

    public int maxContext() {
        return maxContext;
    }

    /** Most positions appended to a layer in one step. */
    public int maxChunk() {
        return maxChunk;
    }

    /** One layer's buffer. */
    public KvBuffer layer(int il) {
        if (il < 0 || il >= layers.length) {
            throw new IllegalArgumentException("layer " + il + " outside the cache's " + layers.length + " layers");
        }
        return layers[il];
    }

    /** Bytes of K and V of one layer. */
    public long bytes(int il) {
        return layer(il).bytes();
    }

    /** Bytes of K and V over all layers. */
    public long bytes() {
        long sum = 0;
        for (KvBuffer b : layers) {
            sum += b.bytes();
        }
        return sum;
    }

    /** Forgets every position of every layer (the storage stays allocated for the next document). */
    public void clear() {
        for (KvBuffer b : layers) {
            b.clear();
        }
    }
}
