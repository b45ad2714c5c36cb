package dev.precis.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    @Test
    void byteDotProductsEqualTheReference() {
        Random random = new Random(5);
        for (int n : new int[] {0, 1, 7, 31, 32, 33, 64, 100, 384, 385, 768, 1000}) {
            for (int trial = 0; trial < 20; trial++) {
                byte[] a = new byte[n + 9];
                byte[] b = new byte[n + 5];
                random.nextBytes(a);
                random.nextBytes(b);
                int ao = random.nextInt(10);
                int bo = random.nextInt(6);
                assertEquals(VectorMath.dotBytesScalar(a, ao, b, bo, n), VectorMath.dotBytes(a, ao, b, bo, n), "n=" + n);
            }
        }
    }

    @Test
    void extremeBytesDoNotOverflowTheLanes() {
        for (byte v : new byte[] {-128, 127}) {
            byte[] a = new byte[4096];
            Arrays.fill(a, v);
            byte[] b = new byte[4096];
            Arrays.fill(b, (byte) -128);
            assertEquals(VectorMath.dotBytesScalar(a, 0, b, 0, a.length), VectorMath.dotBytes(a, 0, b, 0, a.length));
            assertEquals(4096 * v * -128, VectorMath.dotBytes(a, 0, b, 0, a.length));
        }
    }

    /** Every pair the 8-bit kernels make, extremes included: p[2j] + p[2j + 1] exactly, as long as it fits a short. */
    @Test
    void smallPairSumsAreExact() {
        jdk.incubator.vector.VectorSpecies<Short> sp = jdk.incubator.vector.ShortVector.SPECIES_PREFERRED;
        short[] edge = {0, 1, -1, 16256, -16256, 16384, -16384, 32767, -32768, 255, -256, 65 * 127};
        Random random = new Random(9);
        short[] p = new short[sp.length()];
        int[] got = new int[sp.length() / 2];
        for (int trial = 0; trial < 20_000; trial++) {
            for (int i = 0; i < p.length; i += 2) {
                short a = trial < edge.length * edge.length ? edge[(trial + i) % edge.length] : (short) random.nextInt(65536);
                int lo = Math.max(-32768, -32767 - a);
                int hi = Math.min(32767, 32767 - a); // so that |a + p[i + 1]| <= 32767
                p[i] = a;
                p[i + 1] = (short) (lo + random.nextInt(hi - lo + 1));
            }
            VectorMath.smallPairSums(jdk.incubator.vector.ShortVector.fromArray(sp, p, 0)).intoArray(got, 0);
            for (int j = 0; j < got.length; j++) {
                assertEquals(p[2 * j] + p[2 * j + 1], got[j], "pair " + p[2 * j] + " + " + p[2 * j + 1]);
            }
        }
    }
}
