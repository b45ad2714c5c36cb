package dev.precis.kernels.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantFormatsTest {

    @Test
    void halfRoundTripsEveryFiniteValue() {
        for (int h = 0; h < 65536; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals((short) h, Float16.fromFloat(f), "half " + Integer.toHexString(h));
        }
    }

    @Test
    void halfKnownValuesAndRounding() {
        assertEquals(1.0f, Float16.toFloat((short) 0x3C00));
        assertEquals(-2.0f, Float16.toFloat((short) 0xC000));
        assertEquals(65504f, Float16.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1.0)
        assertEquals((short) 0x3C00, Float16.fromFloat(1f + 0x1p-11f));
        assertEquals((short) 0x3C02, Float16.fromFloat(1f + 3 * 0x1p-11f));
        assertEquals((short) 0x7C00, Float16.fromFloat(70000f));
    }

    @Test
    void bf16IsTheUpperHalf() {
        assertEquals(1.0f, Float16.bf16ToFloat((short) 0x3F80));
        assertEquals((short) 0x3F80, Float16.floatToBf16(1.0f));
        // 1 + 2^-8 is a tie between 1 and 1 + 2^-7: rounds to even (1.0)
        assertEquals((short) 0x3F80, Float16.floatToBf16(1f + 0x1p-8f));
    }

    @Test
    void q8BlockMatchesHandComputedValues() {
        float[] x = new float[32];
        for (int i = 0; i < 32; i++) {
            x[i] = i - 16; // amax 16 → d = 16/127; q = round(x * 127 / 16)
        }
        ByteBuffer b = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
        QuantFormats.quantize(GgmlType.Q8_0, x, 0, 32, b, 0);
        assertEquals(Float16.fromFloat(16f / 127f), b.getShort(0));
        assertEquals(-127, b.get(2));
        assertEquals(0, b.get(2 + 16));
        // 1 * 127/16 = 7.9375 → 8
        assertEquals(8, b.get(2 + 17));
        float[] y = new float[32];
        QuantFormats.dequantize(GgmlType.Q8_0, b, 0, y, 0, 32);
        float d = Float16.toFloat(b.getShort(0));
        for (int i = 0; i < 32; i++) {
            assertEquals(b.get(2 + i) * d, y[i]);
            assertEquals(x[i], y[i], d / 2 + 1e-6);
        }
    }

    @Test
    void q4BlockMatchesHandComputedValues() {
        float[] x = new float[32];
        for (int i = 0; i < 32; i++) {
            x[i] = (i % 2 == 0 ? 1 : -1) * i / 4f;
        }
        x[5] = -9f; // the largest magnitude, negative: d = -9 / -8 = 1.125
        ByteBuffer b = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        QuantFormats.quantize(GgmlType.Q4_0, x, 0, 32, b, 0);
        assertEquals(1.125f, Float16.toFloat(b.getShort(0)));
        // x[5] = -9 → -9/1.125 + 8.5 = 0.5 → 0
        assertEquals(0, b.get(2 + 5) & 15);
        float[] y = new float[32];
        QuantFormats.dequantize(GgmlType.Q4_0, b, 0, y, 0, 32);
        assertEquals(-9f, y[5]);
        for (int i = 0; i < 32; i++) {
            assertEquals(x[i], y[i], 1.125 / 2 + 1e-6, "value " + i);
        }
    }

    /** Packs a Q4_K block from explicit fields, following the layout of block_q4_K in ggml-common.h. */
    @Test
    void q4kDequantizesPackedFields() {
        Random rnd = new Random(3);
        int[] sc = new int[8];
        int[] mn = new int[8];
        int[] q = new int[256];
        for (int i = 0; i < 8; i++) {
            sc[i] = rnd.nextInt(64);
            mn[i] = rnd.nextInt(64);
        }
        for (int i = 0; i < 256; i++) {
            q[i] = rnd.nextInt(16);
        }
        float d = 0.03125f;
        float dmin = 0.0625f;
        ByteBuffer b = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, Float16.fromFloat(d));
        b.putShort(2, Float16.fromFloat(dmin));
        byte[] s = new byte[12];
        for (int j = 0; j < 4; j++) {
            s[j] = (byte) ((sc[j] & 63) | ((sc[j + 4] >> 4) << 6));
            s[j + 4] = (byte) ((mn[j] & 63) | ((mn[j + 4] >> 4) << 6));
            s[j + 8] = (byte) ((sc[j + 4] & 15) | ((mn[j + 4] & 15) << 4));
        }
        for (int j = 0; j < 12; j++) {
            b.put(4 + j, s[j]);
        }
        // sub-block 2k takes the low nibbles of 32 bytes, sub-block 2k+1 their high nibbles
        for (int k = 0; k < 4; k++) {
            for (int l = 0; l < 32; l++) {
                b.put(16 + 32 * k + l, (byte) (q[64 * k + l] | (q[64 * k + 32 + l] << 4)));
            }
        }
        float[] y = new float[256];
        QuantFormats.dequantize(GgmlType.Q4_K, b, 0, y, 0, 256);
        for (int i = 0; i < 256; i++) {
            int sub = i / 32;
            assertEquals(d * sc[sub] * q[i] - dmin * mn[sub], y[i], 1e-6, "value " + i);
        }
    }

    /** Packs a Q6_K block from explicit fields, following block_q6_K in ggml-common.h. */
    @Test
    void q6kDequantizesPackedFields() {
        Random rnd = new Random(4);
        int[] q = new int[256]; // 6-bit values 0..63, stored minus 32
        byte[] sc = new byte[16];
        for (int i = 0; i < 256; i++) {
            q[i] = rnd.nextInt(64);
        }
        for (int i = 0; i < 16; i++) {
            sc[i] = (byte) (rnd.nextInt(256) - 128);
        }
        float d = 0.0078125f;
        ByteBuffer b = ByteBuffer.allocate(210).order(ByteOrder.LITTLE_ENDIAN);
        for (int half = 0; half < 2; half++) {
            int y0 = 128 * half;
            for (int l = 0; l < 32; l++) {
                int v0 = q[y0 + l];
                int v1 = q[y0 + l + 32];
                int v2 = q[y0 + l + 64];
                int v3 = q[y0 + l + 96];
                b.put(64 * half + l, (byte) ((v0 & 15) | ((v2 & 15) << 4)));
                b.put(64 * half + l + 32, (byte) ((v1 & 15) | ((v3 & 15) << 4)));
                b.put(128 + 32 * half + l, (byte) ((v0 >> 4) | ((v1 >> 4) << 2) | ((v2 >> 4) << 4) | ((v3 >> 4) << 6)));
            }
        }
        for (int i = 0; i < 16; i++) {
            b.put(192 + i, sc[i]);
        }
        b.putShort(208, Float16.fromFloat(d));
        float[] y = new float[256];
        QuantFormats.dequantize(GgmlType.Q6_K, b, 0, y, 0, 256);
        for (int i = 0; i < 256; i++) {
            int group = i / 16; // 16 values share one scale
            assertEquals(d * sc[group] * (q[i] - 32), y[i], 1e-6, "value " + i);
        }
    }

    @Test
    void partialBlocksAreRejected() {
        ByteBuffer b = ByteBuffer.allocate(64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuantFormats.quantize(GgmlType.Q8_0, new float[33], 0, 33, b, 0));
        assertEquals("Q8_0 needs a multiple of 32 values, got 33", e.getMessage());
    }
}
