package dev.precis.kernels.quant;

/** IEEE 754 half precision and bfloat16 conversions (Java 17 has no Float.float16ToFloat). */
public final class Float16 {
    /** All 65536 half values as floats: a table lookup is the fastest conversion on Java 17. */
    private static final float[] HALF_TO_FLOAT = new float[65536];

    static {
        for (int i = 0; i < 65536; i++) {
            HALF_TO_FLOAT[i] = convert((short) i);
        }
    }

    private Float16() {
    }

    /** Half bits to float. */
    public static float toFloat(short half) {
        return HALF_TO_FLOAT[half & 0xFFFF];
    }

    private static float convert(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0) {
            // zero or subnormal: value = mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** Float to half bits, rounding to nearest even (as the C conversion in ggml does). */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) {
            // Inf or NaN: keep a quiet NaN payload bit so that NaN stays NaN
            return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x200 : 0));
        }
        if (abs >= 0x477FF000) {
            // rounds to a value above the largest half (65504)
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x38800000) {
            // result is subnormal or zero: scale to units of 2^-24 and round to nearest even
            float a = Float.intBitsToFloat(abs);
            int m = (int) Math.rint(a * 0x1p24f);
            return (short) (sign | m);
        }
        int exp = (abs >>> 23) - 127 + 15;
        int mant = abs & 0x7FFFFF;
        int half = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    /** bfloat16 bits to float: the upper half of the float's bits. */
    public static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xFFFF) << 16);
    }

    /** Float to bfloat16 bits, rounding to nearest even (NaN kept quiet). */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 64);
        }
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }
}
