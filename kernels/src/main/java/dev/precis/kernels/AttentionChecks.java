package dev.precis.kernels;

/** Argument checks shared by every backend, so that all of them reject the same calls the same way. */
final class AttentionChecks {
    /** Positions are compared as f32 in the CPU mask; f32 counts integers exactly up to 2^24. */
    static final int MAX_POSITION = 1 << 24;

    private AttentionChecks() {
    }

    static void check(AttentionShape shape, float[] q, int qOffset, int rows, int firstPos, KvBuffer kv,
                      int window, float scale, float[] out, int outOffset) {
        if (shape == null || kv == null) {
            throw new IllegalArgumentException("attention needs a shape and a kv buffer, got shape=" + shape
                    + " kv=" + kv);
        }
        if (shape.kvHeads() != kv.kvHeads() || shape.headDim() != kv.headDim()) {
            throw new IllegalArgumentException("shape kvHeads=" + shape.kvHeads() + " headDim=" + shape.headDim()
                    + " does not match the kv buffer's kvHeads=" + kv.kvHeads() + " headDim=" + kv.headDim());
        }
        if (rows <= 0) {
            throw new IllegalArgumentException("attention needs at least one query row, got rows=" + rows);
        }
        if (window <= 0) {
            throw new IllegalArgumentException("attention window must be at least 1 (key j is visible to "
                    + "query i iff i - window < j <= i), got window=" + window);
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("query scale must be finite, got " + scale);
        }
        long last = (long) firstPos + rows - 1;
        if (firstPos < 0 || last >= MAX_POSITION) {
            throw new IllegalArgumentException("query positions " + firstPos + ".." + last + " must lie in [0, "
                    + MAX_POSITION + ")");
        }
        if (last >= kv.length()) {
            throw new IllegalArgumentException("query position " + last + " is past the cache: the kv buffer "
                    + "holds positions " + kv.oldest() + ".." + (kv.length() - 1)
                    + "; append the keys and values of a position before attending from it");
        }
        long firstKey = Math.max(0, (long) firstPos - window + 1);
        if (firstKey < kv.oldest()) {
            throw new IllegalArgumentException("query position " + firstPos + " with window=" + window
                    + " needs key position " + firstKey + " but the kv buffer (capacity=" + kv.capacity()
                    + ") holds only " + kv.oldest() + ".." + (kv.length() - 1)
                    + "; attend in smaller chunks or give the buffer a larger capacity");
        }
        long width = (long) rows * shape.rowWidth();
        KvBuffer.checkRange("queries [rows=" + rows + "][heads=" + shape.heads() + "][headDim="
                + shape.headDim() + "]", q, qOffset, width);
        KvBuffer.checkRange("output [rows=" + rows + "][heads=" + shape.heads() + "][headDim="
                + shape.headDim() + "]", out, outOffset, width);
    }

    /** The window clipped to the positions that exist, so that {@code pos + window} cannot overflow. */
    static int effectiveWindow(int window, int firstPos, int rows) {
        return (int) Math.min(window, (long) firstPos + rows);
    }

    static void checkVectors(String a, float[] x, int xOffset, String b, float[] y, int yOffset, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("length must be non-negative, got n=" + n);
        }
        KvBuffer.checkRange(a, x, xOffset, n);
        KvBuffer.checkRange(b, y, yOffset, n);
    }
}
