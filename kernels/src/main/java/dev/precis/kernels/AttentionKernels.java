package dev.precis.kernels;

/**
 * Causal, sliding-window, grouped-query attention over a {@link KvBuffer}.
 *
 * <p>Masking: key position j is visible to query position i iff {@code i - window < j <= i}. A window
 * at least as long as the context (e.g. {@link #GLOBAL}) makes the layer global. The caller gives the
 * query scale (Gemma 3: {@code 1/sqrt(query_pre_attn_scalar)}); scores are {@code scale * q.k}, softmax
 * and sums are f32 (the scalar backend sums in f64).
 *
 * <p>Layouts: queries and outputs are row-major [rows][heads][headDim]; the keys the queries need must
 * already be appended to the buffer.
 */
public interface AttentionKernels {

    /** A window that never hides a key: global attention. */
    int GLOBAL = Integer.MAX_VALUE;

    /**
     * Attention of {@code rows} consecutive query rows at positions {@code firstPos ..
     * firstPos + rows - 1} (a prefill chunk).
     *
     * @param q   [rows][heads][headDim] from {@code qOffset}
     * @param out [rows][heads][headDim] from {@code outOffset}, overwritten
     * @throws IllegalArgumentException on shapes that do not match, a window below 1, or positions the
     *                                  buffer does not hold (not yet appended, or already overwritten)
     */
    void attentionPrefill(AttentionShape shape, float[] q, int qOffset, int rows, int firstPos, KvBuffer kv,
                          int window, float scale, float[] out, int outOffset);

    /**
     * Attention of one query row at position {@code pos} (a decode step).
     *
     * @param q   [heads][headDim] from {@code qOffset}
     * @param out [heads][headDim] from {@code outOffset}, overwritten
     * @throws IllegalArgumentException as {@link #attentionPrefill}
     */
    void attentionDecode(AttentionShape shape, float[] q, int qOffset, int pos, KvBuffer kv, int window,
                         float scale, float[] out, int outOffset);
}
