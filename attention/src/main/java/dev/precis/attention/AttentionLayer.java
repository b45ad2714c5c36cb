package dev.precis.attention;

import dev.precis.kernels.AttentionShape;
import dev.precis.kernels.KvBuffer;
import dev.precis.kernels.KvPrecision;
import dev.precis.kernels.Kernels;

/**
 * The attention of one layer: appends the keys and values of new positions to the layer's buffer and
 * attends from their queries, through the chosen {@link Kernels} backend. Projections, norms and RoPE
 * belong to the model that calls it; this class owns the mask, the cache bookkeeping and the chunking
 * that keeps a local layer's ring buffer large enough.
 */
public final class AttentionLayer {
    private final AttentionShape shape;
    private final int window;
    private final float scale;
    private final Kernels kernels;

    /**
     * @param window keys visible per query ({@link AttentionPattern#GLOBAL} for a global layer)
     * @param scale  multiplies q.k (Gemma 3: 1/sqrt(query_pre_attn_scalar))
     */
    public AttentionLayer(AttentionShape shape, int window, float scale, Kernels kernels) {
        if (shape == null || kernels == null) {
            throw new IllegalArgumentException("attention layer needs a shape and kernels, got shape=" + shape
                    + " kernels=" + kernels);
        }
        if (window <= 0) {
            throw new IllegalArgumentException("attention window must be at least 1, got window=" + window);
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("query scale must be finite, got " + scale);
        }
        this.shape = shape;
        this.window = window;
        this.scale = scale;
        this.kernels = kernels;
    }

    /** Layer il of a pattern. */
    public static AttentionLayer of(AttentionPattern pattern, int il, AttentionShape shape, float scale,
                                    Kernels kernels) {
        return new AttentionLayer(shape, pattern.window(il), scale, kernels);
    }

    public AttentionShape shape() {
        return shape;
    }

    public int window() {
        return window;
    }

    public float scale() {
        return scale;
    }

    /**
     * Appends {@code rows} new positions (from {@code kv.length()}) and attends from each of them.
     * Runs in as few kernel calls as the buffer allows: a local ring of capacity C holds a window w
     * plus chunks of C - w + 1 rows.
     *
     * @param q   [rows][heads][headDim]
     * @param k   [rows][kvHeads][headDim]
     * @param v   [rows][kvHeads][headDim]
     * @param out [rows][heads][headDim], overwritten
     */
    public void prefill(float[] q, float[] k, float[] v, int rows, KvBuffer kv, float[] out) {
        if (kv == null) {
            throw new IllegalArgumentException("prefill needs a kv buffer");
        }
        if (rows <= 0) {
            throw new IllegalArgumentException("prefill needs at least one row, got rows=" + rows);
        }
        int kvWidth = shape.kvHeads() * shape.headDim();
        checkLength("q", q, (long) rows * shape.rowWidth());
        checkLength("out", out, (long) rows * shape.rowWidth());
        checkLength("k", k, (long) rows * kvWidth);
        checkLength("v", v, (long) rows * kvWidth);
        for (int done = 0; done < rows; ) {
            int n = Math.min(chunkRows(kv, rows - done), rows - done);
            int first = kv.length();
            kv.append(n, k, done * kvWidth, v, done * kvWidth);
            kernels.attentionPrefill(shape, q, done * shape.rowWidth(), n, first, kv, window, scale, out,
                    done * shape.rowWidth());
            done += n;
        }
    }

    /**
     * Appends one position and attends from it.
     *
     * @param q   [heads][headDim]
     * @param k   [kvHeads][headDim]
     * @param v   [kvHeads][headDim]
     * @param out [heads][headDim], overwritten
     */
    public void decode(float[] q, float[] k, float[] v, KvBuffer kv, float[] out) {
        if (kv == null) {
            throw new IllegalArgumentException("decode needs a kv buffer");
        }
        chunkRows(kv, 1);
        int pos = kv.length();
        kv.append(1, k, 0, v, 0);
        kernels.attentionDecode(shape, q, 0, pos, kv, window, scale, out, 0);
    }

    /**
     * Self-attention over a whole sequence in one call, e.g. over sentence embeddings: a temporary
     * buffer holds the keys. Any head_dim and window.
     *
     * @return [rows][heads][headDim]
     */
    public float[] attend(float[] q, float[] k, float[] v, int rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("attend needs at least one row, got rows=" + rows);
        }
        KvBuffer kv = new KvBuffer(shape.kvHeads(), rows, shape.headDim(), KvPrecision.F32);
        float[] out = new float[rows * shape.rowWidth()];
        prefill(q, k, v, rows, kv, out);
        return out;
    }

    /**
     * Rows the next kernel call may append so that no key a query needs is overwritten while its chunk is
     * written: C - w + 1 on a wrapping ring, or as many as still fit before the ring first wraps (a ring as
     * long as the whole context never does, so a prefill tile goes in one call).
     */
    private int chunkRows(KvBuffer kv, int rows) {
        if (kv.kvHeads() != shape.kvHeads() || kv.headDim() != shape.headDim()) {
            throw new IllegalArgumentException("kv buffer kvHeads=" + kv.kvHeads() + " headDim=" + kv.headDim()
                    + " does not match the layer's kvHeads=" + shape.kvHeads() + " headDim=" + shape.headDim());
        }
        int capacity = kv.capacity();
        if (window < capacity) {
            return Math.max(capacity - window + 1, capacity - kv.length());
        }
        // The buffer is shorter than the window: it must keep every position, like a global layer.
        if ((long) kv.length() + rows > capacity) {
            throw new IllegalArgumentException("positions " + kv.length() + ".." + (kv.length() + rows - 1)
                    + " are past the cache: the buffer holds capacity=" + capacity + " positions for window="
                    + window);
        }
        return rows;
    }

    private static void checkLength(String name, float[] a, long needed) {
        if (a == null || a.length < needed) {
            throw new IllegalArgumentException(name + " needs at least " + needed + " floats for this shape, got "
                    + (a == null ? "null" : a.length));
        }
    }
}
