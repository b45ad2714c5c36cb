package dev.precis.kernels;

/**
 * Head layout of one attention call: {@code heads} query heads share {@code kvHeads} key/value heads
 * (grouped-query attention; query head h reads kv head {@code h / (heads / kvHeads)}), each
 * {@code headDim} wide. Any head_dim is accepted; the CPU kernels vectorise over query rows and keys,
 * so no size is special.
 */
public record AttentionShape(int heads, int kvHeads, int headDim) {

    public AttentionShape {
        if (heads <= 0 || kvHeads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("attention shape needs positive sizes, got heads=" + heads
                    + " kvHeads=" + kvHeads + " headDim=" + headDim);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("query heads must be a multiple of kv heads, got heads=" + heads
                    + " kvHeads=" + kvHeads);
        }
    }

    /** Query heads per kv head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    /** Floats in one query (or output) row: [heads][headDim]. */
    public int rowWidth() {
        return heads * headDim;
    }
}
