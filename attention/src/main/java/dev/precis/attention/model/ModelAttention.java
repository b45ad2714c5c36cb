package dev.precis.attention.model;

/**
 * The attention step of the Gemma engine: where each layer's keys and values are kept and how one query head
 * reads them. Kept behind this small interface so that the model can move onto the shared
 * {@code AttentionPattern}/{@code KvCache} kernel without touching the forward pass.
 */
public interface ModelAttention {

    /** Stores the keys and values of position {@code pos}: {@code kvHeads * headDim} values each. */
    void store(int layer, long pos, float[] k, int ko, float[] v, int vo);

    /**
     * Writes into {@code out[oo..oo+headDim)} the attention of query head {@code head} ({@code q[qo..]}, RoPE
     * applied and scaled) at position {@code pos} over the keys its layer lets it see: causal, and on a local
     * layer only the last {@code window} positions (self included). Keys up to {@code pos} must be stored.
     */
    void attend(int layer, long pos, int head, float[] q, int qo, float[] out, int oo);

    /** Fills positions {@code [0, positions)} of every layer with random keys and values (for benchmarks). */
    void fillRandom(long positions, long seed);

    /** Bytes held by the cache now. */
    long bytes();
}
