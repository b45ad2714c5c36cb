package dev.precis.kernels;

/** How a {@link KvBuffer} stores its keys and values. */
public enum KvPrecision {
    /** IEEE single precision, 4 bytes a value. */
    F32(4),
    /** bfloat16 (the upper half of an f32), 2 bytes a value; halves cache memory and decode traffic. */
    BF16(2);

    private final int bytes;

    KvPrecision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes one stored value takes. */
    public int bytes() {
        return bytes;
    }
}
