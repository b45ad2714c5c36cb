package dev.precis.kernels.quant;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encoding and decoding of rows in the GGML formats, bit-exact with ggml's reference C code
 * ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref}, {@code dequantize_row_q4_K},
 * {@code dequantize_row_q6_K}).
 *
 * <p>All buffers are little-endian and addressed by absolute byte offsets.
 */
public final class QuantFormats {
    private QuantFormats() {
    }

    /** Encodes {@code n} floats from {@code src[srcOff..]} as {@code type} into {@code dst} at {@code dstOff}. */
    public static void quantize(GgmlType type, float[] src, int srcOff, int n, ByteBuffer dst, int dstOff) {
        checkBlocks(type, n);
        ByteBuffer d = dst.order() == ByteOrder.LITTLE_ENDIAN ? dst : dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32:
                for (int i = 0; i < n; i++) {
                    d.putFloat(dstOff + 4 * i, src[srcOff + i]);
                }
                break;
            case F16:
                for (int i = 0; i < n; i++) {
                    d.putShort(dstOff + 2 * i, Float16.fromFloat(src[srcOff + i]));
                }
                break;
            case BF16:
                for (int i = 0; i < n; i++) {
                    d.putShort(dstOff + 2 * i, Float16.floatToBf16(src[srcOff + i]));
                }
                break;
            case Q8_0:
                for (int b = 0; b < n / 32; b++) {
                    int base = dstOff + b * 34;
                    int s = srcOff + b * 32;
                    float scale = q8Scale(src, s);
                    float inv = scale != 0 ? 1f / scale : 0f;
                    d.putShort(base, Float16.fromFloat(scale));
                    for (int j = 0; j < 32; j++) {
                        d.put(base + 2 + j, (byte) roundAway(src[s + j] * inv));
                    }
                }
                break;
            case Q4_0:
                for (int b = 0; b < n / 32; b++) {
                    int base = dstOff + b * 18;
                    int s = srcOff + b * 32;
                    float amax = 0;
                    float max = 0;
                    for (int j = 0; j < 32; j++) {
                        float v = src[s + j];
                        if (amax < Math.abs(v)) {
                            amax = Math.abs(v);
                            max = v;
                        }
                    }
                    float scale = max / -8f;
                    float inv = scale != 0 ? 1f / scale : 0f;
                    d.putShort(base, Float16.fromFloat(scale));
                    for (int j = 0; j < 16; j++) {
                        int x0 = Math.min(15, (int) (byte) (int) (src[s + j] * inv + 8.5f));
                        int x1 = Math.min(15, (int) (byte) (int) (src[s + 16 + j] * inv + 8.5f));
                        d.put(base + 2 + j, (byte) (x0 | (x1 << 4)));
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("Precis does not write " + type + " (it reads it and dequantizes on load)");
        }
    }

    /** Decodes {@code n} values of {@code type} from {@code src} at {@code srcOff} into {@code dst[dstOff..]}. */
    public static void dequantize(GgmlType type, ByteBuffer src, long srcOff, float[] dst, int dstOff, int n) {
        checkBlocks(type, n);
        ByteBuffer s = src.order() == ByteOrder.LITTLE_ENDIAN ? src : src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int off = Math.toIntExact(srcOff);
        switch (type) {
            case F32:
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = s.getFloat(off + 4 * i);
                }
                break;
            case F16:
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = Float16.toFloat(s.getShort(off + 2 * i));
                }
                break;
            case BF16:
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = Float16.bf16ToFloat(s.getShort(off + 2 * i));
                }
                break;
            case Q8_0:
                for (int b = 0; b < n / 32; b++) {
                    int base = off + b * 34;
                    float scale = Float16.toFloat(s.getShort(base));
                    for (int j = 0; j < 32; j++) {
                        dst[dstOff + b * 32 + j] = s.get(base + 2 + j) * scale;
                    }
                }
                break;
            case Q4_0:
                for (int b = 0; b < n / 32; b++) {
                    int base = off + b * 18;
                    float scale = Float16.toFloat(s.getShort(base));
                    for (int j = 0; j < 16; j++) {
                        int q = s.get(base + 2 + j) & 0xFF;
                        dst[dstOff + b * 32 + j] = ((q & 15) - 8) * scale;
                        dst[dstOff + b * 32 + j + 16] = ((q >>> 4) - 8) * scale;
                    }
                }
                break;
            case Q4_K:
                dequantizeQ4K(s, off, dst, dstOff, n);
                break;
            case Q6_K:
                dequantizeQ6K(s, off, dst, dstOff, n);
                break;
            default:
                throw new IllegalArgumentException("unsupported type " + type);
        }
    }

    private static void dequantizeQ4K(ByteBuffer s, int off, float[] y, int yOff, int n) {
        for (int b = 0; b < n / 256; b++) {
            int base = off + b * 144;
            float d = Float16.toFloat(s.getShort(base));
            float dmin = Float16.toFloat(s.getShort(base + 2));
            int scales = base + 4;
            int q = base + 16;
            int out = yOff + b * 256;
            int is = 0;
            for (int j = 0; j < 256; j += 64) {
                int sc0 = scaleK4(s, scales, is, false);
                int m0 = scaleK4(s, scales, is, true);
                int sc1 = scaleK4(s, scales, is + 1, false);
                int m1 = scaleK4(s, scales, is + 1, true);
                float d1 = d * sc0;
                float min1 = dmin * m0;
                float d2 = d * sc1;
                float min2 = dmin * m1;
                for (int l = 0; l < 32; l++) {
                    y[out++] = d1 * (s.get(q + l) & 0xF) - min1;
                }
                for (int l = 0; l < 32; l++) {
                    y[out++] = d2 * ((s.get(q + l) & 0xFF) >>> 4) - min2;
                }
                q += 32;
                is += 2;
            }
        }
    }

    /** ggml's get_scale_min_k4: 6-bit scales and mins packed into 12 bytes. */
    private static int scaleK4(ByteBuffer s, int q, int j, boolean min) {
        if (j < 4) {
            return (s.get(q + j + (min ? 4 : 0)) & 0xFF) & 63;
        }
        int lo = s.get(q + j + 4) & 0xFF;
        if (!min) {
            return (lo & 0xF) | (((s.get(q + j - 4) & 0xFF) >>> 6) << 4);
        }
        return (lo >>> 4) | (((s.get(q + j) & 0xFF) >>> 6) << 4);
    }

    private static void dequantizeQ6K(ByteBuffer s, int off, float[] y, int yOff, int n) {
        for (int b = 0; b < n / 256; b++) {
            int base = off + b * 210;
            int ql = base;
            int qh = base + 128;
            int sc = base + 192;
            float d = Float16.toFloat(s.getShort(base + 208));
            int out = yOff + b * 256;
            for (int half = 0; half < 2; half++) {
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int h = s.get(qh + l) & 0xFF;
                    int a = s.get(ql + l) & 0xFF;
                    int c = s.get(ql + l + 32) & 0xFF;
                    int q1 = ((a & 0xF) | ((h & 3) << 4)) - 32;
                    int q2 = ((c & 0xF) | (((h >>> 2) & 3) << 4)) - 32;
                    int q3 = ((a >>> 4) | (((h >>> 4) & 3) << 4)) - 32;
                    int q4 = ((c >>> 4) | (((h >>> 6) & 3) << 4)) - 32;
                    y[out + l] = d * s.get(sc + is) * q1;
                    y[out + l + 32] = d * s.get(sc + is + 2) * q2;
                    y[out + l + 64] = d * s.get(sc + is + 4) * q3;
                    y[out + l + 96] = d * s.get(sc + is + 6) * q4;
                }
                out += 128;
                ql += 64;
                qh += 32;
                sc += 8;
            }
        }
    }

    /** The Q8_0 scale of the 32 values at {@code x[s..s+32)}: the largest magnitude maps to 127. */
    static float q8Scale(float[] x, int s) {
        float amax = 0;
        for (int j = 0; j < 32; j++) {
            amax = Math.max(amax, Math.abs(x[s + j]));
        }
        return amax / 127f;
    }

    /** C's roundf: halves away from zero (Math.round would round -2.5 to -2). */
    static int roundAway(float v) {
        return (int) (v < 0 ? -Math.floor(-v + 0.5f) : Math.floor(v + 0.5f));
    }

    private static void checkBlocks(GgmlType type, int n) {
        if (n < 0 || n % type.blockSize() != 0) {
            throw new IllegalArgumentException(type + " needs a multiple of " + type.blockSize() + " values, got " + n);
        }
    }
}
