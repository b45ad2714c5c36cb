package dev.precis.kernels;

/**
 * Keys and values of one attention layer, appended one position at a time or in chunks.
 *
 * <p>Storage is [kvHeads][capacity][headDim] for K and the same for V, so one head's keys are
 * contiguous. Position p lives in slot {@code p % capacity}: with capacity at least the context this
 * is a plain array (a global layer), with a smaller capacity it is a ring buffer that keeps the most
 * recent {@code capacity} positions (a local layer). The buffer holds positions
 * {@code [oldest(), length())}.
 */
public final class KvBuffer {
    private final int kvHeads;
    private final int capacity;
    private final int headDim;
    private final KvPrecision precision;
    private final float[] keysF32;   // [kvHeads][capacity][headDim] when F32, else null
    private final float[] valuesF32; // [kvHeads][capacity][headDim] when F32, else null
    private final short[] keysBf16;  // [kvHeads][capacity][headDim] bf16 bits when BF16, else null
    private final short[] valuesBf16;
    private int length;

    public KvBuffer(int kvHeads, int capacity, int headDim, KvPrecision precision) {
        if (kvHeads <= 0 || capacity <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("kv buffer needs positive sizes, got kvHeads=" + kvHeads
                    + " capacity=" + capacity + " headDim=" + headDim);
        }
        if (precision == null) {
            throw new IllegalArgumentException("kv buffer precision is null");
        }
        long values = (long) kvHeads * capacity * headDim;
        if (values > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("kv buffer of kvHeads=" + kvHeads + " x capacity=" + capacity
                    + " x headDim=" + headDim + " = " + values + " values exceeds one Java array (2^31 - 1)");
        }
        this.kvHeads = kvHeads;
        this.capacity = capacity;
        this.headDim = headDim;
        this.precision = precision;
        if (precision == KvPrecision.F32) {
            keysF32 = new float[(int) values];
            valuesF32 = new float[(int) values];
            keysBf16 = null;
            valuesBf16 = null;
        } else {
            keysF32 = null;
            valuesF32 = null;
            keysBf16 = new short[(int) values];
            valuesBf16 = new short[(int) values];
        }
    }

    public int kvHeads() {
        return kvHeads;
    }

    public int capacity() {
        return capacity;
    }

    public int headDim() {
        return headDim;
    }

    public KvPrecision precision() {
        return precision;
    }

    /** Positions appended so far; the next append starts here. */
    public int length() {
        return length;
    }

    /** The oldest position still held (older ones were overwritten by the ring). */
    public int oldest() {
        return Math.max(0, length - capacity);
    }

    /** Bytes of K and V storage together. */
    public long bytes() {
        return 2L * kvHeads * capacity * headDim * precision.bytes();
    }

    /** Forgets every position (storage is kept). */
    public void clear() {
        length = 0;
    }

    /**
     * Appends {@code rows} positions starting at {@link #length()}.
     *
     * @param keys   [rows][kvHeads][headDim] from {@code keysOffset}
     * @param values [rows][kvHeads][headDim] from {@code valuesOffset}
     */
    public void append(int rows, float[] keys, int keysOffset, float[] values, int valuesOffset) {
        int width = kvHeads * headDim;
        if (rows <= 0) {
            throw new IllegalArgumentException("append needs at least one row, got rows=" + rows);
        }
        if (rows > capacity) {
            throw new IllegalArgumentException("append of rows=" + rows + " exceeds the buffer capacity="
                    + capacity + ": the ring would overwrite rows of the same chunk");
        }
        checkRange("keys", keys, keysOffset, (long) rows * width);
        checkRange("values", values, valuesOffset, (long) rows * width);
        for (int r = 0; r < rows; r++) {
            int slot = (length + r) % capacity;
            for (int g = 0; g < kvHeads; g++) {
                int src = r * width + g * headDim;
                int dst = (g * capacity + slot) * headDim;
                if (precision == KvPrecision.F32) {
                    System.arraycopy(keys, keysOffset + src, keysF32, dst, headDim);
                    System.arraycopy(values, valuesOffset + src, valuesF32, dst, headDim);
                } else {
                    for (int c = 0; c < headDim; c++) {
                        keysBf16[dst + c] = Bf16.fromFloat(keys[keysOffset + src + c]);
                        valuesBf16[dst + c] = Bf16.fromFloat(values[valuesOffset + src + c]);
                    }
                }
            }
        }
        length += rows;
    }

    /** Key component c of kv head g at position pos, as f32 (bf16 widens exactly). */
    public float key(int g, int pos, int c) {
        int i = offset(g, pos) + c;
        return keysF32 != null ? keysF32[i] : Bf16.toFloat(keysBf16[i]);
    }

    /** Value component c of kv head g at position pos, as f32. */
    public float value(int g, int pos, int c) {
        int i = offset(g, pos) + c;
        return valuesF32 != null ? valuesF32[i] : Bf16.toFloat(valuesBf16[i]);
    }

    /** Index of the first component of (g, pos) in the storage arrays. */
    int offset(int g, int pos) {
        return (g * capacity + pos % capacity) * headDim;
    }

    float[] keysF32() {
        return keysF32;
    }

    float[] valuesF32() {
        return valuesF32;
    }

    short[] keysBf16() {
        return keysBf16;
    }

    short[] valuesBf16() {
        return valuesBf16;
    }

    static void checkRange(String name, float[] a, int offset, long count) {
        if (a == null) {
            throw new IllegalArgumentException(name + " array is null");
        }
        if (offset < 0 || offset + count > a.length) {
            throw new IllegalArgumentException(name + " needs " + count + " floats from offset " + offset
                    + " but the array has length " + a.length);
        }
    }
}
