package dev.precis.attention.model.sample;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/** Chooses tokens from logits: greedy, or temperature with top-k and top-p, reproducible from a seed. */
public final class Sampler {
    private final SamplerConfig cfg;
    private final SplittableRandom random;

    public Sampler(SamplerConfig cfg) {
        this.cfg = cfg;
        this.random = new SplittableRandom(cfg.seed());
    }

    /** The next token among those set in {@code allowed} (null = every token). */
    public int sample(float[] logits, BitSet allowed) {
        int n = logits.length;
        if (allowed != null && allowed.isEmpty()) {
            throw new IllegalArgumentException("no token is allowed");
        }
        if (cfg.temperature() == 0) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if ((allowed == null || allowed.get(i)) && (best < 0 || logits[i] > logits[best])) {
                    best = i;
                }
            }
            return best;
        }
        // sort allowed tokens by logit, descending: key = order-preserving bits of the logit, then the id
        long[] keys = new long[allowed == null ? n : allowed.cardinality()];
        int m = 0;
        for (int i = allowed == null ? 0 : allowed.nextSetBit(0); i >= 0 && i < n;
                i = allowed == null ? i + 1 : allowed.nextSetBit(i + 1)) {
            int bits = Float.floatToIntBits(logits[i]);
            int sortable = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
            keys[m++] = ((long) ~sortable << 32) | i;
        }
        Arrays.sort(keys, 0, m);
        int k = cfg.topK() > 0 ? Math.min(cfg.topK(), m) : m;
        double max = logits[(int) keys[0]];
        double[] p = new double[k];
        double z = 0;
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp((logits[(int) keys[j]] - max) / cfg.temperature());
            z += p[j];
        }
        int cut = k;
        if (cfg.topP() < 1) {
            double c = 0;
            for (int j = 0; j < k; j++) {
                c += p[j] / z;
                if (c >= cfg.topP()) {
                    cut = j + 1;
                    break;
                }
            }
        }
        double total = 0;
        for (int j = 0; j < cut; j++) {
            total += p[j];
        }
        double r = random.nextDouble() * total;
        for (int j = 0; j < cut; j++) {
            r -= p[j];
            if (r < 0) {
                return (int) keys[j];
            }
        }
        return (int) keys[cut - 1];
    }
}
