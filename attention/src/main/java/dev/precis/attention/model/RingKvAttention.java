package dev.precis.attention.model;

import dev.precis.kernels.quant.ModelOps;
import dev.precis.kernels.quant.QuantKernels;
import java.util.Random;

/**
 * Attention over an f32 KV cache: a ring buffer of {@code window + maxTile} positions for each local layer
 * (a prefill tile writes its keys before its first query reads, so the ring holds the tile besides the
 * window), and a buffer growing up to the context length for each global layer.
 */
public final class RingKvAttention implements ModelAttention {
    private final GemmaConfig cfg;
    private final QuantKernels kernels;
    private final int kvDim; // kvHeads * headDim
    private final int[] capacity; // [layers] positions the layer can hold at most
    private final float[][] keys; // [layers][positions held * kvDim], position p at slot p % capacity
    private final float[][] values; // [layers][positions held * kvDim]
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[1024]);

    public RingKvAttention(GemmaConfig cfg, int maxContext, int maxTile, QuantKernels kernels) {
        if (maxContext <= 0 || maxTile <= 0) {
            throw new IllegalArgumentException("context " + maxContext + " and tile " + maxTile + " must be positive");
        }
        this.cfg = cfg;
        this.kernels = kernels;
        this.kvDim = cfg.kvHeads() * cfg.headDim();
        int layers = cfg.layers();
        capacity = new int[layers];
        keys = new float[layers][];
        values = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int w = cfg.windows()[l];
            capacity[l] = w == 0 ? maxContext : Math.min(maxContext, w + maxTile);
            int initial = w == 0 ? Math.min(capacity[l], 1024) : capacity[l];
            keys[l] = new float[initial * kvDim];
            values[l] = new float[initial * kvDim];
        }
    }

    /** Grows a global layer's buffer (doubling) so that it holds position {@code pos}. */
    private void ensure(int layer, long pos) {
        if (pos >= capacity[layer] && cfg.windows()[layer] == 0) {
            throw new IllegalArgumentException("position " + pos + " is beyond the context of " + capacity[layer]);
        }
        int held = keys[layer].length / kvDim;
        if (pos < held || held == capacity[layer]) {
            return;
        }
        int want = (int) Math.min(capacity[layer], Math.max(pos + 1, 2L * held));
        keys[layer] = java.util.Arrays.copyOf(keys[layer], want * kvDim);
        values[layer] = java.util.Arrays.copyOf(values[layer], want * kvDim);
    }

    private int slot(int layer, long pos) {
        return (int) (pos % capacity[layer]);
    }

    @Override
    public void store(int layer, long pos, float[] k, int ko, float[] v, int vo) {
        ensure(layer, pos);
        int s = slot(layer, pos) * kvDim;
        System.arraycopy(k, ko, keys[layer], s, kvDim);
        System.arraycopy(v, vo, values[layer], s, kvDim);
    }

    @Override
    public void attend(int layer, long pos, int head, float[] q, int qo, float[] out, int oo) {
        int hd = cfg.headDim();
        int w = cfg.windows()[layer];
        long lo = w == 0 ? 0 : Math.max(0, pos - w + 1);
        int n = (int) (pos - lo + 1);
        int kvOff = head / (cfg.heads() / cfg.kvHeads()) * hd;
        float[] scores = scratch.get();
        if (scores.length < n) {
            scores = new float[Math.max(n, scores.length * 2)];
            scratch.set(scores);
        }
        float[] kc = keys[layer];
        float[] vc = values[layer];
        for (int j = 0; j < n; j++) {
            scores[j] = kernels.dot(q, qo, kc, slot(layer, lo + j) * kvDim + kvOff, hd);
        }
        ModelOps.softmax(scores, 0, n);
        java.util.Arrays.fill(out, oo, oo + hd, 0f);
        for (int j = 0; j < n; j++) {
            kernels.axpy(scores[j], vc, slot(layer, lo + j) * kvDim + kvOff, out, oo, hd);
        }
    }

    @Override
    public void fillRandom(long positions, long seed) {
        Random r = new Random(seed);
        for (int l = 0; l < cfg.layers(); l++) {
            long n = Math.min(positions, capacity[l]);
            if (n > 0) {
                ensure(l, n - 1);
            }
            for (int i = 0; i < n * kvDim; i++) {
                keys[l][i] = (float) r.nextGaussian();
                values[l][i] = (float) r.nextGaussian();
            }
        }
    }

    @Override
    public long bytes() {
        long b = 0;
        for (int l = 0; l < cfg.layers(); l++) {
            b += 4L * (keys[l].length + values[l].length);
        }
        return b;
    }
}
