package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SentenceAttentionTest {

    private static float[][] randomUnit(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int i = 0; i < d; i++) {
                row[i] = (float) r.nextGaussian();
            }
            Vectors.normalize(row, 1);
        }
        return x;
    }

    @Test
    void eachQueryHandsOutOneUnitOfAttention() {
        float[][] x = randomUnit(13, 8, 1);
        for (int window : new int[] {1, 3, 13}) {
            double[] received = new double[13];
            SentenceAttention.attend(x, x, x, window, 5f, received);
            double total = 0;
            for (double v : received) {
                total += v;
            }
            assertEquals(13, total, 1e-9, "window " + window);
        }
    }

    @Test
    void localLayerSeesOnlyItsWindowAndNotItself() {
        float[][] x = randomUnit(9, 6, 2);
        float[][] changed = new float[9][];
        for (int i = 0; i < 9; i++) {
            changed[i] = x[i].clone();
        }
        changed[8] = randomUnit(1, 6, 3)[0]; // far outside the window of sentence 0
        changed[0] = randomUnit(1, 6, 4)[0]; // the query itself: a local output ignores its own key and value
        float[][] a = SentenceAttention.attend(x, x, x, 2, 5f, new double[9]);
        float[][] b = SentenceAttention.attend(x, changed, changed, 2, 5f, new double[9]);
        assertArrayEquals(a[0], b[0], 1e-6f);
    }

    @Test
    void matchesAPlainSoftmaxOnAnAwkwardSize() {
        int n = 13;
        float[][] x = randomUnit(n, 5, 5);
        float[][] out = SentenceAttention.attend(x, x, x, 4, 3f, new double[n]);
        int i = 6;
        double[] w = new double[n];
        double sum = 0;
        for (int j = 2; j <= 10; j++) {
            if (j != i) {
                w[j] = Math.exp(3 * Vectors.dot(x[i], x[j]));
                sum += w[j];
            }
        }
        for (int d = 0; d < 5; d++) {
            double expect = 0;
            for (int j = 0; j < n; j++) {
                expect += w[j] / sum * x[j][d];
            }
            // float accumulation of nine terms: absolute 1e-6 covers rounding
            assertEquals(expect, out[i][d], 1e-6);
        }
    }

    @Test
    void globalLayerFavoursTheSentenceMostLikeTheOthers() {
        float[][] x = {{1, 0, 0}, {0.9f, 0.1f, 0}, {0.8f, 0.2f, 0}, {0, 0, 1}};
        for (float[] row : x) {
            Vectors.normalize(row, 1);
        }
        SentenceAttention.Output out = new SentenceAttention("LG", 1, 0.1f).run(x);
        double[] central = out.received()[1];
        assertTrue(central[1] > central[3], "central " + java.util.Arrays.toString(central));
        assertEquals(4, out.states().length);
    }

    @Test
    void rejectsBadPatterns() {
        assertThrows(IllegalArgumentException.class, () -> new SentenceAttention("LXG", 2, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new SentenceAttention("LG", 0, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new SentenceAttention("LG", 2, 0f));
    }
}
