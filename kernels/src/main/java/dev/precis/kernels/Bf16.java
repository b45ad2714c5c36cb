package dev.precis.kernels;

/** bfloat16 conversions: a bf16 is the upper 16 bits of an IEEE f32. */
public final class Bf16 {
    private Bf16() {
    }

    /** Rounds to nearest, ties to even, as the hardware bf16 converters do; NaN stays NaN. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    /** Exact: every bf16 is an f32. */
    public static float toFloat(short h) {
        return Float.intBitsToFloat((h & 0xFFFF) << 16);
    }
}
