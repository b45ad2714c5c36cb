package dev.precis.kernels.quant;

/**
 * An activation vector quantized to 8 bits in blocks of 32, as llama.cpp's q8_0 dot product does:
 * the quantized weight paths multiply integer blocks and scale once per block.
 */
public final class Q8Activations {
    final byte[] qs; // [length] quantized values
    final short[] qs16; // [length] the same values as shorts, for kernels that multiply in 16-bit lanes
    final float[] d; // [length / 32] block scales
    /** What {@link QuantKernels#prepare} derived from these values for its kernels; null after quantize. */
    volatile Object prepared;
    private int length;

    /** Room for vectors up to {@code capacity} values (a multiple of 32). */
    public Q8Activations(int capacity) {
        if (capacity <= 0 || capacity % 32 != 0) {
            throw new IllegalArgumentException("capacity must be a positive multiple of 32, got " + capacity);
        }
        qs = new byte[capacity];
        qs16 = new short[capacity];
        d = new float[capacity / 32];
    }

    /** Quantizes {@code x[off..off+n)} into this buffer. */
    public Q8Activations quantize(float[] x, int off, int n) {
        if (n % 32 != 0 || n > qs.length) {
            throw new IllegalArgumentException("cannot quantize " + n + " values into a buffer of " + qs.length
                    + " (needs a multiple of 32)");
        }
        for (int b = 0; b < n / 32; b++) {
            int s = off + b * 32;
            float scale = QuantFormats.q8Scale(x, s);
            float inv = scale != 0 ? 1f / scale : 0f;
            d[b] = scale;
            for (int j = 0; j < 32; j++) {
                qs[b * 32 + j] = (byte) QuantFormats.roundAway(x[s + j] * inv);
                qs16[b * 32 + j] = qs[b * 32 + j];
            }
        }
        length = n;
        prepared = null;
        return this;
    }

    /** Number of quantized values. */
    public int length() {
        return length;
    }
}
