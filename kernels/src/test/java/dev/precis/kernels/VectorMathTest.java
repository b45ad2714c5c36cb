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
}
