package dev.precis.attention.model;

import dev.precis.attention.model.gguf.GgufException;
import dev.precis.attention.model.gguf.GgufFile;

/**
 * The hyper-parameters of a Gemma 3 text model, as read from GGUF keys of architecture {@code gemma3}.
 *
 * @param windows per layer: the sliding window (keys visible, self included) of a local layer, or 0 for a
 *     global layer (layer {@code il} is global iff {@code il % 6 == 5})
 * @param queryScale the factor applied to queries before attention: llama.cpp uses
 *     {@code 1/sqrt(hidden/heads)} for the 62-layer model (27B) and {@code 1/sqrt(headDim)} otherwise
 */
public record GemmaConfig(int layers, int hidden, int ffn, int heads, int kvHeads, int headDim, int vocab,
        int contextLength, float eps, int[] windows, double ropeBaseGlobal, double ropeScaleGlobal,
        double ropeBaseLocal, float queryScale) {

    public static final String ARCH = "gemma3";
    /** Every sixth layer is global. */
    public static final int GLOBAL_EVERY = 6;
    /** llama.cpp's base for the local layers' RoPE (no GGUF key carries it). */
    public static final double ROPE_BASE_LOCAL = 10_000.0;

    public GemmaConfig {
        if (layers <= 0 || hidden <= 0 || ffn <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || vocab <= 0) {
            throw new IllegalArgumentException("model sizes must be positive: layers " + layers + ", hidden " + hidden
                    + ", ffn " + ffn + ", heads " + heads + ", kv heads " + kvHeads + ", head dim " + headDim
                    + ", vocab " + vocab);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads cannot share " + kvHeads + " kv heads evenly");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head dim " + headDim + " must be even for RoPE");
        }
        if (windows.length != layers) {
            throw new IllegalArgumentException(windows.length + " windows for " + layers + " layers");
        }
    }

    /** The pattern of Gemma 3: five local layers of {@code window}, then one global layer. */
    public static int[] gemmaWindows(int layers, int window) {
        int[] w = new int[layers];
        for (int il = 0; il < layers; il++) {
            w[il] = il % GLOBAL_EVERY == GLOBAL_EVERY - 1 ? 0 : window;
        }
        return w;
    }

    /** llama.cpp's query scale for a GGUF (which has no query_pre_attn_scalar key). */
    public static float queryScaleFor(int layers, int hidden, int heads, int headDim) {
        return (float) (1.0 / Math.sqrt(layers == 62 ? (double) hidden / heads : headDim));
    }

    /** Reads the keys of a {@code gemma3} GGUF; {@code vocab} comes from the embedding tensor. */
    public static GemmaConfig fromGguf(GgufFile f) {
        String arch = f.getString("general.architecture");
        if (!arch.equals(ARCH)) {
            throw new GgufException(f.path() + ": key 'general.architecture' is '" + arch
                    + "'; Precis runs Gemma 3 text models ('" + ARCH + "')");
        }
        String p = ARCH + ".";
        int layers = f.getInt(p + "block_count");
        int hidden = f.getInt(p + "embedding_length");
        int heads = f.getInt(p + "attention.head_count");
        int headDim = f.getInt(p + "attention.key_length", hidden / heads);
        int valueDim = f.getInt(p + "attention.value_length", headDim);
        if (valueDim != headDim) {
            throw new GgufException(f.path() + ": key '" + p + "attention.value_length' is " + valueDim
                    + " but key_length is " + headDim + "; Gemma 3 uses one head size");
        }
        double scale = 1.0;
        if (f.has(p + "rope.scaling.type")) {
            String type = f.getString(p + "rope.scaling.type");
            if (type.equals("linear")) {
                scale = 1.0 / f.getDouble(p + "rope.scaling.factor");
            } else if (!type.equals("none")) {
                throw new GgufException(f.path() + ": key '" + p + "rope.scaling.type' is '" + type
                        + "'; Precis supports 'linear' and 'none'");
            }
        }
        if (!f.tensors().containsKey("token_embd.weight")) {
            throw new GgufException(f.path() + ": tensor 'token_embd.weight' is missing");
        }
        long[] embd = f.tensor("token_embd.weight").dims();
        if (embd.length != 2 || embd[0] != hidden) {
            throw new GgufException(f.path() + ": tensor 'token_embd.weight' has shape "
                    + java.util.Arrays.toString(embd) + ", expected [" + hidden + ", vocab]");
        }
        int window = f.getInt(p + "attention.sliding_window");
        if (window <= 0) {
            throw new GgufException(f.path() + ": key '" + p + "attention.sliding_window' is " + window);
        }
        return new GemmaConfig(layers, hidden, f.getInt(p + "feed_forward_length"), heads,
                f.getInt(p + "attention.head_count_kv", heads), headDim, Math.toIntExact(embd[1]),
                f.getInt(p + "context_length"), (float) f.getDouble(p + "attention.layer_norm_rms_epsilon", 1e-6),
                gemmaWindows(layers, window), f.getDouble(p + "rope.freq_base", 1e6), scale, ROPE_BASE_LOCAL,
                queryScaleFor(layers, hidden, heads, headDim));
    }

    public boolean isGlobal(int layer) {
        return windows[layer] == 0;
    }
}
