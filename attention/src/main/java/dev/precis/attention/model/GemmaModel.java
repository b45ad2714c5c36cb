package dev.precis.attention.model;

import dev.precis.attention.model.gguf.GgufFile;
import dev.precis.kernels.Kernels;
import dev.precis.kernels.KvPrecision;
import dev.precis.kernels.quant.GgmlType;
import dev.precis.kernels.quant.ModelOps;
import dev.precis.kernels.quant.QuantKernels;
import dev.precis.kernels.quant.QuantMatrix;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The Gemma 3 text model: weights memory-mapped from a GGUF and the forward pass of {@code GEMMA3.md}.
 * Prefill runs tiles of tokens through the matrix–matrix kernels; decode runs one token through the
 * matrix–vector kernels (8-bit activations for quantized weights). A {@link Session} holds the KV cache of
 * one sequence.
 */
public final class GemmaModel {
    private final GemmaConfig cfg;
    private final QuantKernels kernels;
    private final QuantMatrix embedding; // [vocab, hidden] token_embd.weight, also the output projection (tied)
    private final QuantMatrix output; // [vocab, hidden] output.weight when present, else the embedding
    private final float[] outputNorm; // [hidden]
    private final Layer[] layers;

    /** The weights of one block. */
    record Layer(
            float[] attnNorm, // [hidden]
            QuantMatrix wq, // [heads * headDim, hidden]
            QuantMatrix wk, // [kvHeads * headDim, hidden]
            QuantMatrix wv, // [kvHeads * headDim, hidden]
            float[] qNorm, // [headDim]
            float[] kNorm, // [headDim]
            QuantMatrix wo, // [hidden, heads * headDim]
            float[] postAttnNorm, // [hidden]
            float[] ffnNorm, // [hidden]
            QuantMatrix gate, // [ffn, hidden]
            QuantMatrix up, // [ffn, hidden]
            QuantMatrix down, // [hidden, ffn]
            float[] postFfwNorm) { // [hidden]
    }

    private GemmaModel(GemmaConfig cfg, QuantKernels kernels, QuantMatrix embedding, QuantMatrix output,
            float[] outputNorm, Layer[] layers) {
        this.cfg = cfg;
        this.kernels = kernels;
        this.embedding = embedding;
        this.output = output;
        this.outputNorm = outputNorm;
        this.layers = layers;
    }

    /** Loads (maps) a Gemma 3 GGUF; the file may be closed afterwards, the mappings stay valid. */
    public static GemmaModel load(GgufFile f) {
        return load(f, QuantKernels.get());
    }

    /** Loads with the weights placed as the property {@code precis.weights} says: auto (default), heap or mapped. */
    public static GemmaModel load(GgufFile f, QuantKernels kernels) {
        String w = System.getProperty("precis.weights", "auto");
        Weights weights = Arrays.stream(Weights.values()).filter(v -> v.name().equalsIgnoreCase(w)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("precis.weights=" + w + " is not one of auto, heap, mapped"));
        return load(f, kernels, weights);
    }

    /** Where the weights are read from during inference. */
    public enum Weights {
        /** Mapped from the file: nothing is copied, the operating system pages them in as needed. */
        MAPPED,
        /** Copied into the Java heap at load: faster products (see {@link QuantMatrix#resident()}). */
        HEAP,
        /** In the heap when they take at most half of the heap still free, mapped otherwise. */
        AUTO
    }

    public static GemmaModel load(GgufFile f, QuantKernels kernels, Weights weights) {
        GemmaConfig c = GemmaConfig.fromGguf(f);
        int h = c.hidden();
        int q = c.heads() * c.headDim();
        int kv = c.kvHeads() * c.headDim();
        boolean heap = switch (weights) {
            case MAPPED -> false;
            case HEAP -> true;
            case AUTO -> fileBytes(f) <= freeHeap() / 2;
        };
        QuantMatrix embd = place(f.matrix("token_embd.weight", c.vocab(), h), heap);
        QuantMatrix out = f.tensors().containsKey("output.weight") ? place(f.matrix("output.weight", c.vocab(), h), heap) : embd;
        Layer[] ls = new Layer[c.layers()];
        for (int i = 0; i < ls.length; i++) {
            String p = "blk." + i + ".";
            ls[i] = new Layer(f.vector(p + "attn_norm.weight", h), place(f.matrix(p + "attn_q.weight", q, h), heap),
                    place(f.matrix(p + "attn_k.weight", kv, h), heap), place(f.matrix(p + "attn_v.weight", kv, h), heap),
                    f.vector(p + "attn_q_norm.weight", c.headDim()), f.vector(p + "attn_k_norm.weight", c.headDim()),
                    place(f.matrix(p + "attn_output.weight", h, q), heap), f.vector(p + "post_attention_norm.weight", h),
                    f.vector(p + "ffn_norm.weight", h), place(f.matrix(p + "ffn_gate.weight", c.ffn(), h), heap),
                    place(f.matrix(p + "ffn_up.weight", c.ffn(), h), heap), place(f.matrix(p + "ffn_down.weight", h, c.ffn()), heap),
                    f.vector(p + "post_ffw_norm.weight", h));
        }
        return new GemmaModel(c, kernels, embd, out, f.vector("output_norm.weight", h), ls);
    }

    /**
     * A mapped matrix, copied into the heap when {@code heap} says so. Tensors dequantized to f32 at load
     * already live in buffers of their own and stay there.
     */
    private static QuantMatrix place(QuantMatrix mapped, boolean heap) {
        return heap && mapped.type() != GgmlType.F32 ? mapped.resident() : mapped;
    }

    private static long fileBytes(GgufFile f) {
        return f.tensors().values().stream().mapToLong(t -> t.bytes()).sum();
    }

    private static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Whether the weights were copied into the Java heap (see {@link Weights}): true when any matrix was,
     * since tensors dequantized to f32 at load stay in the buffers they were made in.
     */
    public boolean weightsInHeap() {
        return output.isResident() || Arrays.stream(layers).flatMap(l -> Stream.of(
                l.wq(), l.wk(), l.wv(), l.wo(), l.gate(), l.up(), l.down())).anyMatch(QuantMatrix::isResident);
    }

    public GemmaConfig config() {
        return cfg;
    }

    /** Bytes of weights one decoded token reads (every matrix once, the embedding as output projection). */
    public long bytesPerToken() {
        long b = output.bytes();
        for (Layer l : layers) {
            b += l.wq.bytes() + l.wk.bytes() + l.wv.bytes() + l.wo.bytes() + l.gate.bytes() + l.up.bytes()
                    + l.down.bytes();
        }
        return b;
    }

    /** Multiply–adds of the matrix products per token (for FLOP counts). */
    public long macsPerToken() {
        long m = (long) output.rows() * output.cols();
        for (Layer l : layers) {
            for (QuantMatrix w : new QuantMatrix[] {l.wq, l.wk, l.wv, l.wo, l.gate, l.up, l.down}) {
                m += (long) w.rows() * w.cols();
            }
        }
        return m;
    }

    /**
     * A new sequence with room for {@code maxContext} positions, prefilled in tiles of {@code maxTile}: an f32
     * KV cache on the process's attention kernels ({@link Kernels#get()}).
     */
    public Session newSession(int maxContext, int maxTile) {
        return newSession(maxContext, maxTile, KvPrecision.F32, Kernels.get());
    }

    /**
     * A new sequence whose KV cache stores {@code precision} values and whose attention runs on
     * {@code attentionKernels}. The cache is allocated now: global layers for the whole {@code maxContext},
     * local layers for window + tile positions.
     */
    public Session newSession(int maxContext, int maxTile, KvPrecision precision, Kernels attentionKernels) {
        if (maxContext > cfg.contextLength()) {
            throw new IllegalArgumentException("context " + maxContext + " exceeds the model's " + cfg.contextLength());
        }
        return new Session(maxContext, maxTile,
                new KvCacheAttention(cfg, maxContext, maxTile, precision, attentionKernels));
    }

    /** One sequence: its KV cache and the position of the next token. */
    public final class Session {
        private final int maxContext;
        private final int maxTile;
        private final ModelAttention attention;
        private final double[] freqLocal;
        private final double[] freqGlobal;
        private long position;
        private long matmulNanos; // time inside matrix-matrix products (prefill tiles), for benchmarks
        private double matmulFlops;

        Session(int maxContext, int maxTile, ModelAttention attention) {
            this.maxContext = maxContext;
            this.maxTile = maxTile;
            this.attention = attention;
            this.freqLocal = ModelOps.ropeFrequencies(cfg.headDim(), cfg.ropeBaseLocal(), 1.0);
            this.freqGlobal = ModelOps.ropeFrequencies(cfg.headDim(), cfg.ropeBaseGlobal(), cfg.ropeScaleGlobal());
        }

        public long position() {
            return position;
        }

        public ModelAttention attention() {
            return attention;
        }

        /** Pretends that {@code positions} tokens were seen, with random keys and values (benchmarks only). */
        public void skipWithRandomCache(int positions, long seed) {
            if (positions > maxContext) {
                throw new IllegalArgumentException("position " + positions + " beyond the context of " + maxContext);
            }
            attention.fillRandom(positions, seed);
            position = positions;
        }

        /**
         * Runs {@code tokens} through the model and returns the logits of the last one ({@code [vocab]}), or of
         * every one ({@code [tokens.length * vocab]}) when {@code allLogits}.
         */
        public float[] forward(int[] tokens, boolean allLogits) {
            if (tokens.length == 0) {
                throw new IllegalArgumentException("no tokens to run");
            }
            if (position + tokens.length > maxContext) {
                throw new IllegalArgumentException("sequence of " + (position + tokens.length)
                        + " tokens exceeds the context of " + maxContext);
            }
            float[] all = allLogits ? new float[tokens.length * cfg.vocab()] : null;
            float[] last = null;
            for (int t0 = 0; t0 < tokens.length; t0 += maxTile) {
                int n = Math.min(maxTile, tokens.length - t0);
                int[] tile = java.util.Arrays.copyOfRange(tokens, t0, t0 + n);
                boolean lastTile = t0 + n == tokens.length;
                float[] logits = tile(tile, allLogits ? n : (lastTile ? 1 : 0));
                if (allLogits) {
                    System.arraycopy(logits, 0, all, t0 * cfg.vocab(), n * cfg.vocab());
                } else if (lastTile) {
                    last = logits;
                }
            }
            return allLogits ? all : last;
        }

        /** One token (decode): the logits of the next one. */
        public float[] next(int token) {
            return forward(new int[] {token}, false);
        }

        /** A tile of n tokens; returns the logits of its last {@code logitRows} tokens. */
        private float[] tile(int[] tokens, int logitRows) {
            int n = tokens.length;
            int h = cfg.hidden();
            int hd = cfg.headDim();
            int qDim = cfg.heads() * hd;
            int kvDim = cfg.kvHeads() * hd;
            for (int t : tokens) {
                if (t < 0 || t >= cfg.vocab()) {
                    throw new IllegalArgumentException("token id " + t + " outside the vocabulary of " + cfg.vocab());
                }
            }
            float[] x = new float[n * h]; // [n, hidden] residual stream
            float[] xn = new float[n * h]; // [n, hidden] normed input of a sub-layer
            float[] q = new float[n * qDim]; // [n, heads * headDim]
            float[] k = new float[n * kvDim]; // [n, kvHeads * headDim]
            float[] v = new float[n * kvDim];
            float[] att = new float[n * qDim]; // [n, heads * headDim] attention output
            float[] o = new float[n * h]; // [n, hidden]
            float[] g = new float[n * cfg.ffn()]; // [n, ffn]
            float[] u = new float[n * cfg.ffn()];
            float scale = (float) Math.sqrt(h);
            for (int t = 0; t < n; t++) {
                embedding.row(tokens[t], x, t * h);
                for (int i = 0; i < h; i++) {
                    x[t * h + i] *= scale;
                }
            }
            float[][] csLocal = new float[n][hd];
            float[][] csGlobal = new float[n][hd];
            for (int t = 0; t < n; t++) {
                ModelOps.ropeAngles(freqLocal, position + t, csLocal[t]);
                ModelOps.ropeAngles(freqGlobal, position + t, csGlobal[t]);
            }
            for (int li = 0; li < layers.length; li++) {
                Layer L = layers[li];
                for (int t = 0; t < n; t++) {
                    ModelOps.rmsnorm(xn, t * h, x, t * h, L.attnNorm, h, cfg.eps());
                }
                linear(L.wq, xn, n, q);
                linear(L.wk, xn, n, k);
                linear(L.wv, xn, n, v);
                float[][] cs = cfg.isGlobal(li) ? csGlobal : csLocal;
                for (int t = 0; t < n; t++) {
                    for (int hh = 0; hh < cfg.heads(); hh++) {
                        int off = t * qDim + hh * hd;
                        ModelOps.rmsnorm(q, off, q, off, L.qNorm, hd, cfg.eps());
                        ModelOps.rope(q, off, hd, cs[t]);
                        for (int i = 0; i < hd; i++) {
                            q[off + i] *= cfg.queryScale();
                        }
                    }
                    for (int hh = 0; hh < cfg.kvHeads(); hh++) {
                        int off = t * kvDim + hh * hd;
                        ModelOps.rmsnorm(k, off, k, off, L.kNorm, hd, cfg.eps());
                        ModelOps.rope(k, off, hd, cs[t]);
                    }
                }
                attention.attend(li, (int) position, n, q, k, v, att);
                linear(L.wo, att, n, o);
                for (int t = 0; t < n; t++) {
                    ModelOps.rmsnorm(o, t * h, o, t * h, L.postAttnNorm, h, cfg.eps());
                }
                add(x, o, n * h);
                for (int t = 0; t < n; t++) {
                    ModelOps.rmsnorm(xn, t * h, x, t * h, L.ffnNorm, h, cfg.eps());
                }
                linear(L.gate, xn, n, g);
                linear(L.up, xn, n, u);
                kernels.geluGate(g, 0, u, 0, n * cfg.ffn());
                linear(L.down, g, n, o);
                for (int t = 0; t < n; t++) {
                    ModelOps.rmsnorm(o, t * h, o, t * h, L.postFfwNorm, h, cfg.eps());
                }
                add(x, o, n * h);
            }
            position += n;
            if (logitRows == 0) {
                return null;
            }
            float[] last = new float[logitRows * h];
            for (int r = 0; r < logitRows; r++) {
                int t = n - logitRows + r;
                ModelOps.rmsnorm(last, r * h, x, t * h, outputNorm, h, cfg.eps());
            }
            float[] logits = new float[logitRows * cfg.vocab()];
            linear(output, last, logitRows, logits);
            return logits;
        }

        /** A single token takes the matrix–vector path, a tile the matrix–matrix path. */
        private void linear(QuantMatrix w, float[] in, int n, float[] out) {
            if (n == 1) {
                w.matvec(kernels, in, out);
            } else {
                long t0 = System.nanoTime();
                w.matmul(kernels, in, n, out);
                matmulNanos += System.nanoTime() - t0;
                matmulFlops += 2.0 * w.rows() * w.cols() * n;
            }
        }

        /** FLOP/s of the matrix–matrix products run so far (prefill tiles), or NaN before any. */
        public double matmulFlopsPerSecond() {
            return matmulNanos == 0 ? Double.NaN : matmulFlops / (matmulNanos / 1e9);
        }
    }

    private static void add(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += y[i];
        }
    }
}
