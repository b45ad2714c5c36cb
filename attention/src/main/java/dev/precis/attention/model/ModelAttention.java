package dev.precis.attention.model;

/**
 * The attention step of the Gemma engine: where each layer's keys and values are kept and how the queries of
 * a tile read them. The forward pass hands over a whole tile per layer, so that an implementation can run
 * the kernel's batched prefill over all its rows (and its split-key decode for a single row).
 */
public interface ModelAttention {

    /**
     * Appends the keys and values of positions {@code [firstPos, firstPos + rows)} of {@code layer} and writes
     * the attention of their queries: causal, and on a local layer only the last {@code window} positions
     * (self included). Query head h reads kv head {@code h / (heads / kvHeads)}. {@code firstPos} must be the
     * number of positions the layer already holds.
     *
     * @param q   [rows][heads][headDim] normed, RoPE applied and multiplied by the query scale
     * @param k   [rows][kvHeads][headDim] normed and RoPE applied
     * @param v   [rows][kvHeads][headDim]
     * @param out [rows][heads][headDim], overwritten
     */
    void attend(int layer, int firstPos, int rows, float[] q, float[] k, float[] v, float[] out);

    /** Fills positions {@code [0, positions)} of every layer with random keys and values (for benchmarks). */
    void fillRandom(int positions, long seed);

    /** Bytes held by the cache now. */
    long bytes();
}
