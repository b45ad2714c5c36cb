package dev.precis.attention;

import dev.precis.kernels.AttentionKernels;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which layers attend locally (and over how many keys) and which globally, as data: one window per
 * layer, {@link #GLOBAL} for a layer that sees the whole context. A window w lets query i see keys
 * {@code i - w < j <= i} (w keys, itself included).
 */
public final class AttentionPattern {
    /** Window of a global layer. */
    public static final int GLOBAL = AttentionKernels.GLOBAL;

    private final int[] windows; // [layers] keys visible per query, GLOBAL for global layers

    private AttentionPattern(int[] windows) {
        if (windows.length == 0) {
            throw new IllegalArgumentException("an attention pattern needs at least one layer");
        }
        for (int i = 0; i < windows.length; i++) {
            if (windows[i] <= 0) {
                throw new IllegalArgumentException("layer " + i + " has window=" + windows[i]
                        + "; a window must be at least 1 (GLOBAL for a global layer)");
            }
        }
        this.windows = windows;
    }

    /** Any pattern: one window per layer. */
    public static AttentionPattern of(int... windows) {
        return new AttentionPattern(windows.clone());
    }

    /** Every layer global. */
    public static AttentionPattern allGlobal(int layers) {
        return interleaved(layers, GLOBAL, 1);
    }

    /**
     * {@code period - 1} local layers of the given window, then one global layer, repeated: layer il
     * is global iff {@code il % period == period - 1}. Period 1 makes every layer global.
     */
    public static AttentionPattern interleaved(int layers, int window, int period) {
        if (layers <= 0 || period <= 0) {
            throw new IllegalArgumentException("interleaved pattern needs layers >= 1 and period >= 1, got layers="
                    + layers + " period=" + period);
        }
        int[] w = new int[layers];
        for (int il = 0; il < layers; il++) {
            w[il] = il % period == period - 1 ? GLOBAL : window;
        }
        return new AttentionPattern(w);
    }

    /**
     * The Gemma 3 pattern of a model size ("270m", "1b", "4b", "12b", "27b"): five local layers, then
     * a global one; window 512 for 270M and 1B, 1024 from 4B up.
     */
    public static AttentionPattern gemma3(String size) {
        String s = size == null ? "" : size.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "270m":
                return interleaved(18, 512, 6);
            case "1b":
                return interleaved(26, 512, 6);
            case "4b":
                return interleaved(34, 1024, 6);
            case "12b":
                return interleaved(48, 1024, 6);
            case "27b":
                return interleaved(62, 1024, 6);
            default:
                throw new IllegalArgumentException("unknown Gemma 3 size '" + size + "': use 270m, 1b, 4b, 12b or 27b");
        }
    }

    public int layers() {
        return windows.length;
    }

    /** Keys visible to each query of the layer ({@link #GLOBAL} for a global layer). */
    public int window(int layer) {
        checkLayer(layer);
        return windows[layer];
    }

    /** True when the layer sees the whole context. */
    public boolean isGlobal(int layer) {
        checkLayer(layer);
        return windows[layer] == GLOBAL;
    }

    /**
     * Query-key pairs the mask leaves visible when the layer prefills {@code context} positions: the
     * work of the layer (4 * headDim FLOPs per pair and head).
     */
    public long visiblePairs(int layer, int context) {
        return visiblePairs(window(layer), 0, context);
    }

    /** Visible query-key pairs for queries at positions [from, to) under a window. */
    public static long visiblePairs(int window, int from, int to) {
        if (window <= 0 || from < 0 || to < from) {
            throw new IllegalArgumentException("visible pairs need window >= 1 and 0 <= from <= to, got window="
                    + window + " from=" + from + " to=" + to);
        }
        // Query i sees min(i + 1, window) keys: a triangle up to the window, then a band.
        long w = window;
        long edge = Math.max(from, Math.min(to, w));
        long triangle = (edge * (edge + 1) - (long) from * (from + 1)) / 2;
        return triangle + (to - edge) * w;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttentionPattern && Arrays.equals(windows, ((AttentionPattern) o).windows);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(windows);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("AttentionPattern[");
        for (int i = 0; i < windows.length; i++) {
            b.append(i == 0 ? "" : ",").append(windows[i] == GLOBAL ? "G" : Integer.toString(windows[i]));
        }
        return b.append(']').toString();
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= windows.length) {
            throw new IllegalArgumentException("layer " + layer + " outside the pattern's " + windows.length + " layers");
        }
    }
}
