package dev.precis.kernels.quant;

/**
 * Tensor element types of the GGML family, with their GGUF type ids and block layouts.
 *
 * <p>A quantized row is a sequence of blocks; {@link #blockSize()} values are stored in
 * {@link #typeSize()} bytes. Only whole blocks are allowed in a row.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q8_0(8, 32, 34),
    Q4_K(12, 256, 144),
    Q6_K(14, 256, 210),
    BF16(30, 1, 2);

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The type id written in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** Values per block. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    /** Whether the matrix kernels compute on this type directly (the others are dequantized on load). */
    public boolean isComputable() {
        return this != Q4_K && this != Q6_K;
    }

    /** Bytes taken by {@code count} values; {@code count} must be a whole number of blocks. */
    public long bytesFor(long count) {
        if (count < 0 || count % blockSize != 0) {
            throw new IllegalArgumentException(
                    name() + " stores values in blocks of " + blockSize + "; " + count + " is not a multiple");
        }
        return count / blockSize * typeSize;
    }

    /** The type with GGUF id {@code id}, or null when Precis does not know it. */
    public static GgmlType byId(int id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    /** Parses a user-facing name such as {@code q8_0} or {@code bf16}. */
    public static GgmlType parse(String name) {
        for (GgmlType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tensor type '" + name + "' (known: f32, f16, bf16, q8_0, q4_0, q4_k, q6_k)");
    }
}
