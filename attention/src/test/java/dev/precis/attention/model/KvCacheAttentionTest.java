package dev.precis.attention.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.precis.attention.AttentionPattern;
import dev.precis.kernels.Bf16;
import dev.precis.kernels.Kernels;
import dev.precis.kernels.KvPrecision;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KvCacheAttentionTest {
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int HD = 6; // no vector width divides it

    /** Layer 0 local (window 8), layer 1 global; 4 query heads on 2 kv heads. */
    private static GemmaConfig config() {
        return new GemmaConfig(2, 8, 8, HEADS, KV_HEADS, HD, 16, 5000, 1e-6f, new int[] {8, 0}, 1e6, 1, 1e4, 0.5f);
    }

    @Test
    void patternTakesWindowZeroAsGlobal() {
        assertEquals(AttentionPattern.of(8, AttentionPattern.GLOBAL), KvCacheAttention.pattern(config()));
    }

    /**
     * Tiles of uneven sizes (single rows take the decode path) against an f64 softmax over the full history;
     * the ring of the local layer wraps many times. Tolerance: f32 sums over at most 300 keys of unit size.
     */
    @Test
    void tilesAndSingleRowsAttendLikeTheFullHistory() {
        for (String backend : new String[] {"scalar", "cpu"}) {
            for (KvPrecision precision : KvPrecision.values()) {
                check(backend, precision);
            }
        }
    }

    private static void check(String backend, KvPrecision precision) {
        int maxTile = 7;
        int n = 300;
        KvCacheAttention att = new KvCacheAttention(config(), n, maxTile, precision, Kernels.named(backend));
        Random r = new Random(5);
        int kvw = KV_HEADS * HD;
        int qw = HEADS * HD;
        float[][] ks = new float[n][kvw];
        float[][] vs = new float[n][kvw];
        int[] tiles = {1, 7, 3, 1, 1, 6, 2, 7, 7, 5};
        int pos = 0;
        for (int ti = 0; pos < n; ti++) {
            int rows = Math.min(tiles[ti % tiles.length], n - pos);
            float[] q = gaussian(r, rows * qw);
            float[] k = gaussian(r, rows * kvw);
            float[] v = gaussian(r, rows * kvw);
            for (int t = 0; t < rows; t++) {
                System.arraycopy(k, t * kvw, ks[pos + t], 0, kvw);
                System.arraycopy(v, t * kvw, vs[pos + t], 0, kvw);
                if (precision == KvPrecision.BF16) {
                    roundToBf16(ks[pos + t]);
                    roundToBf16(vs[pos + t]);
                }
            }
            for (int layer = 0; layer < 2; layer++) {
                float[] out = new float[rows * qw];
                att.attend(layer, pos, rows, q, k, v, out);
                for (int t = 0; t < rows; t++) {
                    int p = pos + t;
                    int lo = layer == 0 ? Math.max(0, p - 7) : 0;
                    for (int h = 0; h < HEADS; h++) {
                        double[] e = reference(q, t * qw + h * HD, ks, vs, h / (HEADS / KV_HEADS) * HD, lo, p);
                        for (int i = 0; i < HD; i++) {
                            assertEquals(e[i], out[t * qw + h * HD + i], 1e-4 + 1e-4 * Math.abs(e[i]),
                                    backend + " " + precision + " layer " + layer + " position " + p + " head " + h);
                        }
                    }
                }
            }
            pos += rows;
        }
    }

    private static double[] reference(float[] q, int qo, float[][] ks, float[][] vs, int g, int lo, int p) {
        double[] s = new double[p + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = lo; j <= p; j++) {
            for (int i = 0; i < HD; i++) {
                s[j] += (double) q[qo + i] * ks[j][g + i];
            }
            max = Math.max(max, s[j]);
        }
        double z = 0;
        for (int j = lo; j <= p; j++) {
            s[j] = Math.exp(s[j] - max);
            z += s[j];
        }
        double[] e = new double[HD];
        for (int i = 0; i < HD; i++) {
            for (int j = lo; j <= p; j++) {
                e[i] += s[j] / z * vs[j][g + i];
            }
        }
        return e;
    }

    @Test
    void localLayerHoldsWindowPlusTileAndGlobalTheContext() {
        KvCacheAttention att = new KvCacheAttention(config(), 100, 16, KvPrecision.F32, Kernels.get());
        assertEquals(8 + 16 - 1, att.cache().layer(0).capacity());
        assertEquals(100, att.cache().layer(1).capacity());
        assertEquals(2L * KV_HEADS * HD * 4 * (23 + 100), att.bytes());
    }

    @Test
    void randomFillReachesThePositionOnEveryLayer() {
        KvCacheAttention att = new KvCacheAttention(config(), 100, 4, KvPrecision.BF16, Kernels.get());
        att.fillRandom(90, 3);
        assertEquals(90, att.cache().layer(0).length());
        assertEquals(90, att.cache().layer(1).length());
        float[] q = new float[HEADS * HD];
        float[] kv = new float[KV_HEADS * HD];
        att.attend(0, 90, 1, q, kv, kv, new float[HEADS * HD]);
        assertEquals(91, att.cache().layer(0).length());
    }

    @Test
    void tilesOutOfOrderOrBeyondTheContextAreRejected() {
        KvCacheAttention att = new KvCacheAttention(config(), 16, 4, KvPrecision.F32, Kernels.get());
        float[] q = new float[4 * HEADS * HD];
        float[] kv = new float[4 * KV_HEADS * HD];
        float[] out = new float[4 * HEADS * HD];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> att.attend(1, 3, 1, q, kv, kv, out));
        assertEquals("layer 1 holds 0 positions; the next tile must start there, not at 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> att.attend(1, 0, 5, q, kv, kv, out));
        assertEquals("a tile of 5 rows; the cache takes 1..4", e.getMessage());
        for (int p = 0; p < 16; p += 4) {
            att.attend(1, p, 4, q, kv, kv, out);
        }
        e = assertThrows(IllegalArgumentException.class, () -> att.attend(1, 16, 1, q, kv, kv, out));
        assertEquals("positions 16..16 are beyond the context of 16", e.getMessage());
    }

    private static float[] gaussian(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static void roundToBf16(float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Bf16.toFloat(Bf16.fromFloat(a[i]));
        }
    }
}
