package dev.precis.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming read covers every stored value exactly once (an exclusive or of their bits would show a value
 * skipped or read twice), in either precision; its speed is never asserted.
 */
class KvStreamTest {

    @Test
    void readsEveryStoredValueOnce() {
        for (KvPrecision p : KvPrecision.values()) {
            // 3 x 1001 x 129 values: pieces of uneven length, each ending in a tail shorter than a vector
            int heads = 3;
            int n = 1001;
            int d = 129;
            KvBuffer kv = new KvBuffer(heads, n, d, p);
            SplittableRandom rnd = new SplittableRandom(11);
            float[] k = new float[n * heads * d];
            float[] v = new float[n * heads * d];
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) (rnd.nextDouble() * 4 - 2);
                v[i] = (float) (rnd.nextDouble() * 4 - 2);
            }
            kv.append(n, k, 0, v, 0);
            long expected = 0;
            for (int g = 0; g < heads; g++) {
                for (int pos = 0; pos < n; pos++) {
                    for (int c = 0; c < d; c++) {
                        expected ^= bits(p, kv.key(g, pos, c)) ^ bits(p, kv.value(g, pos, c));
                    }
                }
            }
            assertEquals(expected, KvStream.checksum(kv), p.toString());
            double s = KvStream.seconds(kv, 2);
            assertTrue(s > 0 && Double.isFinite(s), p + ": " + s);
        }
    }

    private static long bits(KvPrecision p, float x) {
        int b = Float.floatToRawIntBits(x);
        return p == KvPrecision.F32 ? b & 0xFFFFFFFFL : b >>> 16;
    }

    @Test
    void rejectsNoRepetitions() {
        KvBuffer kv = new KvBuffer(1, 4, 8, KvPrecision.F32);
        assertThrows(IllegalArgumentException.class, () -> KvStream.seconds(kv, 0));
    }
}
