package dev.precis.attention.model;

import dev.precis.attention.AttentionLayer;
import dev.precis.attention.AttentionPattern;
import dev.precis.attention.KvCache;
import dev.precis.kernels.AttentionShape;
import dev.precis.kernels.Kernels;
import dev.precis.kernels.KvBuffer;
import dev.precis.kernels.KvPrecision;
import java.util.Random;

/**
 * The Gemma engine's attention on the shared kernel: a {@link KvCache} sized by the model's
 * {@link AttentionPattern} (a global layer holds the whole context, a local one a ring of window + tile
 * positions, since a tile appends its keys before its first query reads the window behind it) and one
 * {@link AttentionLayer} per layer. A tile of several rows goes through the kernel's flash-style prefill in
 * one call, a single row through its decode, which splits the visible keys over the worker threads.
 */
public final class KvCacheAttention implements ModelAttention {
    private final KvCache cache;
    private final AttentionLayer[] layers; // [layers]
    private final int kvWidth; // kvHeads * headDim

    /**
     * @param maxContext positions a sequence may reach
     * @param maxTile    most positions one call appends (the prefill tile)
     * @param precision  how K and V are stored (BF16 halves the cache and its decode traffic)
     */
    public KvCacheAttention(GemmaConfig cfg, int maxContext, int maxTile, KvPrecision precision, Kernels kernels) {
        if (maxContext <= 0 || maxTile <= 0) {
            throw new IllegalArgumentException("context " + maxContext + " and tile " + maxTile + " must be positive");
        }
        AttentionPattern pattern = pattern(cfg);
        this.cache = new KvCache(pattern, cfg.kvHeads(), cfg.headDim(), maxContext, Math.min(maxTile, maxContext),
                precision);
        AttentionShape shape = new AttentionShape(cfg.heads(), cfg.kvHeads(), cfg.headDim());
        this.layers = new AttentionLayer[cfg.layers()];
        for (int l = 0; l < layers.length; l++) {
            // the queries arrive already multiplied by the query scale
            layers[l] = AttentionLayer.of(pattern, l, shape, 1f, kernels);
        }
        this.kvWidth = cfg.kvHeads() * cfg.headDim();
    }

    /** The model's layers as an attention pattern: window 0 in the config means global. */
    public static AttentionPattern pattern(GemmaConfig cfg) {
        int[] w = cfg.windows().clone();
        for (int l = 0; l < w.length; l++) {
            if (w[l] == 0) {
                w[l] = AttentionPattern.GLOBAL;
            }
        }
        return AttentionPattern.of(w);
    }

    public KvCache cache() {
        return cache;
    }

    @Override
    public void attend(int layer, int firstPos, int rows, float[] q, float[] k, float[] v, float[] out) {
        KvBuffer kv = cache.layer(layer);
        if (firstPos != kv.length()) {
            throw new IllegalArgumentException("layer " + layer + " holds " + kv.length()
                    + " positions; the next tile must start there, not at " + firstPos);
        }
        if (rows <= 0 || rows > cache.maxChunk()) {
            throw new IllegalArgumentException("a tile of " + rows + " rows; the cache takes 1.." + cache.maxChunk());
        }
        if ((long) firstPos + rows > cache.maxContext()) {
            throw new IllegalArgumentException("positions " + firstPos + ".." + (firstPos + rows - 1)
                    + " are beyond the context of " + cache.maxContext());
        }
        if (rows == 1) {
            layers[layer].decode(q, k, v, kv, out);
        } else {
            layers[layer].prefill(q, k, v, rows, kv, out);
        }
    }

    @Override
    public void fillRandom(int positions, long seed) {
        if (positions < 0 || positions > cache.maxContext()) {
            throw new IllegalArgumentException("position " + positions + " beyond the context of " + cache.maxContext());
        }
        Random r = new Random(seed);
        for (int l = 0; l < layers.length; l++) {
            KvBuffer kv = cache.layer(l);
            kv.clear();
            if (positions == 0) {
                continue;
            }
            // a ring keeps only its last capacity positions, so one random block of that size, appended until
            // the layer reaches the position, gives it as many distinct random keys as it can hold
            int block = Math.min(positions, kv.capacity());
            float[] k = new float[block * kvWidth];
            float[] v = new float[block * kvWidth];
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) r.nextGaussian();
                v[i] = (float) r.nextGaussian();
            }
            for (int done = 0; done < positions; done += block) {
                kv.append(Math.min(block, positions - done), k, 0, v, 0);
            }
        }
    }

    @Override
    public long bytes() {
        return cache.bytes();
    }
}
