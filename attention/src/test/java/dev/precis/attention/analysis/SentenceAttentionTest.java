package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.kernels.Kernels;
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
            SentenceAttention.attend(Kernels.get(), x, x, x, window, 5f, received);
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
        float[][] a = SentenceAttention.attend(Kernels.get(), x, x, x, 2, 5f, new double[9]);
        float[][] b = SentenceAttention.attend(Kernels.get(), x, changed, changed, 2, 5f, new double[9]);
        assertArrayEquals(a[0], b[0], 1e-6f);
    }

    /** Plain double-precision reference: softmax over the neighbours within the window, self excluded. */
    private static double[][] reference(float[][] x, int window, float scale, double[] received) {
        int n = x.length;
        double[][] out = new double[n][x[0].length];
        for (int i = 0; i < n; i++) {
            double[] w = new double[n];
            double sum = 0;
            for (int j = Math.max(0, i - window); j <= Math.min(n - 1, i + window); j++) {
                if (j != i) {
                    double dot = 0;
                    for (int c = 0; c < x[i].length; c++) {
                        dot += (double) x[i][c] * x[j][c];
                    }
                    w[j] = Math.exp(scale * dot);
                    sum += w[j];
                }
            }
            for (int j = 0; j < n; j++) {
                if (w[j] > 0) {
                    received[j] += w[j] / sum;
                    for (int c = 0; c < x[j].length; c++) {
                        out[i][c] += w[j] / sum * x[j][c];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Both backends against the reference at awkward sizes and windows (1, a window edge, all). The
     * kernels compute the softmax in f32, and at scale 10 the self weight is near 1, so the others'
     * probabilities keep only the f32 digits left beside it before they are renormalised: tolerance
     * 1e-5 absolute + 1e-3 relative.
     */
    @Test
    void bothBackendsMatchThePlainReference() {
        for (String backend : new String[] {"scalar", "cpu"}) {
            Kernels kernels = Kernels.named(backend);
            for (int n : new int[] {2, 13, 66}) {
                for (int window : new int[] {1, 4, n}) {
                    float[][] x = randomUnit(n, 24, n * 31L + window);
                    double[] expectReceived = new double[n];
                    double[][] expect = reference(x, window, 10f, expectReceived);
                    double[] received = new double[n];
                    float[][] got = SentenceAttention.attend(kernels, x, x, x, window, 10f, received);
                    for (int i = 0; i < n; i++) {
                        assertEquals(expectReceived[i], received[i], 1e-5 + 1e-3 * expectReceived[i],
                                backend + " n=" + n + " window=" + window + " received " + i);
                        for (int c = 0; c < 24; c++) {
                            assertEquals(expect[i][c], got[i][c], 1e-5 + 1e-3 * Math.abs(expect[i][c]),
                                    backend + " n=" + n + " window=" + window + " row " + i + " col " + c);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aLoneSentenceAttendsToNothing() {
        float[][] x = randomUnit(1, 4, 9);
        double[] received = new double[1];
        float[][] out = SentenceAttention.attend(Kernels.get(), x, x, x, 3, 10f, received);
        assertArrayEquals(new float[4], out[0]);
        assertEquals(0, received[0]);
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
