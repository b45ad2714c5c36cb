package dev.precis.attention.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.precis.kernels.quant.QuantKernels;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RingKvAttentionTest {

    /** Layer 0 local (window 8), layer 1 global; 2 query heads on 1 kv head of size 4. */
    private static GemmaConfig config() {
        return new GemmaConfig(2, 8, 8, 2, 1, 4, 16, 5000, 1e-6f, new int[] {8, 0}, 1e6, 1, 1e4, 0.5f);
    }

    @Test
    void ringAndGrowingBuffersAttendLikeTheFullHistory() {
        GemmaConfig c = config();
        RingKvAttention att = new RingKvAttention(c, 5000, 3, QuantKernels.get());
        Random r = new Random(5);
        int n = 3000; // past the global buffer's first size (1024), so it grows twice
        float[][] ks = new float[n][4];
        float[][] vs = new float[n][4];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < 4; i++) {
                ks[p][i] = (float) r.nextGaussian();
                vs[p][i] = (float) r.nextGaussian();
            }
            att.store(0, p, ks[p], 0, vs[p], 0);
            att.store(1, p, ks[p], 0, vs[p], 0);
            if (p % 499 == 0 || p == n - 1) {
                float[] q = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
                for (int layer = 0; layer < 2; layer++) {
                    int lo = layer == 0 ? Math.max(0, p - 7) : 0;
                    double[] s = new double[p + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = lo; j <= p; j++) {
                        for (int i = 0; i < 4; i++) {
                            s[j] += q[i] * ks[j][i];
                        }
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = lo; j <= p; j++) {
                        s[j] = Math.exp(s[j] - max);
                        z += s[j];
                    }
                    float[] out = new float[4];
                    att.attend(layer, p, 1, q, 0, out, 0);
                    for (int i = 0; i < 4; i++) {
                        double e = 0;
                        for (int j = lo; j <= p; j++) {
                            e += s[j] / z * vs[j][i];
                        }
                        assertEquals(e, out[i], 1e-4, "layer " + layer + " position " + p);
                    }
                }
            }
        }
    }

    @Test
    void positionsBeyondTheContextAreRejected() {
        RingKvAttention att = new RingKvAttention(config(), 16, 4, QuantKernels.get());
        float[] k = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> att.store(1, 16, k, 0, k, 0));
        assertEquals("position 16 is beyond the context of 16", e.getMessage());
    }
}
