package dev.precis.attention.model;

import dev.precis.attention.model.gguf.GgufFile;
import dev.precis.attention.model.gguf.GgufTensorInfo;
import dev.precis.kernels.quant.QuantFormats;
import java.nio.ByteBuffer;

/**
 * An independent, deliberately naive Gemma 3 forward pass in double precision, written from GEMMA3.md for
 * the parity tests: whole sequence at once, plain loops, no KV cache, nothing shared with the engine except
 * the decoding of the stored weights.
 */
final class NaiveGemma {
    final int layers;
    final int hidden;
    final int ffn;
    final int heads;
    final int kvHeads;
    final int hd;
    final int vocab;
    final int window;
    final double eps;
    final double globalBase;
    final double globalPosScale;
    final GgufFile f;

    NaiveGemma(GgufFile f) {
        this.f = f;
        layers = f.getInt("gemma3.block_count");
        hidden = f.getInt("gemma3.embedding_length");
        ffn = f.getInt("gemma3.feed_forward_length");
        heads = f.getInt("gemma3.attention.head_count");
        kvHeads = f.getInt("gemma3.attention.head_count_kv");
        hd = f.getInt("gemma3.attention.key_length");
        window = f.getInt("gemma3.attention.sliding_window");
        eps = f.getDouble("gemma3.attention.layer_norm_rms_epsilon");
        globalBase = f.getDouble("gemma3.rope.freq_base");
        globalPosScale = f.has("gemma3.rope.scaling.factor") ? 1 / f.getDouble("gemma3.rope.scaling.factor") : 1;
        vocab = (int) f.tensors().get("token_embd.weight").dims()[1];
    }

    /** The stored values of a tensor, as rows of dims[0]. */
    double[][] weights(String name) {
        GgufTensorInfo t = f.tensor(name);
        int cols = (int) t.dims()[0];
        int rows = (int) (t.count() / cols);
        ByteBuffer b = f.map(t, t.bytes())[0];
        float[] all = new float[rows * cols];
        QuantFormats.dequantize(t.type(), b, 0, all, 0, rows * cols);
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = all[r * cols + c];
            }
        }
        return m;
    }

    double[] vec(String name) {
        return weights(name)[0];
    }

    static double[] mul(double[][] w, double[] x) {
        double[] y = new double[w.length];
        for (int r = 0; r < w.length; r++) {
            double s = 0;
            for (int c = 0; c < x.length; c++) {
                s += w[r][c] * x[c];
            }
            y[r] = s;
        }
        return y;
    }

    double[] rms(double[] x, int off, int n, double[] w) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += x[off + i] * x[off + i];
        }
        double inv = 1 / Math.sqrt(ss / n + eps);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = x[off + i] * inv * w[i];
        }
        return y;
    }

    void rope(double[] x, int off, int pos, double base, double scale) {
        for (int i = 0; i < hd / 2; i++) {
            double angle = pos * scale * Math.pow(base, -2.0 * i / hd);
            double a = x[off + i];
            double b = x[off + i + hd / 2];
            x[off + i] = a * Math.cos(angle) - b * Math.sin(angle);
            x[off + i + hd / 2] = a * Math.sin(angle) + b * Math.cos(angle);
        }
    }

    /** Logits [T][vocab] of every position of {@code tokens}. */
    double[][] logits(int[] tokens) {
        int T = tokens.length;
        double[][] emb = weights("token_embd.weight");
        double[][] h = new double[T][];
        for (int i = 0; i < T; i++) {
            h[i] = new double[hidden];
            for (int c = 0; c < hidden; c++) {
                h[i][c] = emb[tokens[i]][c] * Math.sqrt(hidden);
            }
        }
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            boolean global = l % 6 == 5;
            double base = global ? globalBase : 10000;
            double scale = global ? globalPosScale : 1;
            double[][] wq = weights(p + "attn_q.weight");
            double[][] wk = weights(p + "attn_k.weight");
            double[][] wv = weights(p + "attn_v.weight");
            double[][] wo = weights(p + "attn_output.weight");
            double[] qn = vec(p + "attn_q_norm.weight");
            double[] kn = vec(p + "attn_k_norm.weight");
            double[][] q = new double[T][];
            double[][] k = new double[T][];
            double[][] v = new double[T][];
            for (int i = 0; i < T; i++) {
                double[] n = rms(h[i], 0, hidden, vec(p + "attn_norm.weight"));
                q[i] = mul(wq, n);
                k[i] = mul(wk, n);
                v[i] = mul(wv, n);
                for (int hh = 0; hh < heads; hh++) {
                    double[] r = rms(q[i], hh * hd, hd, qn);
                    System.arraycopy(r, 0, q[i], hh * hd, hd);
                    rope(q[i], hh * hd, i, base, scale);
                    for (int d = 0; d < hd; d++) {
                        q[i][hh * hd + d] /= Math.sqrt(hd);
                    }
                }
                for (int hh = 0; hh < kvHeads; hh++) {
                    double[] r = rms(k[i], hh * hd, hd, kn);
                    System.arraycopy(r, 0, k[i], hh * hd, hd);
                    rope(k[i], hh * hd, i, base, scale);
                }
            }
            for (int i = 0; i < T; i++) {
                double[] att = new double[heads * hd];
                for (int hh = 0; hh < heads; hh++) {
                    int g = hh / (heads / kvHeads);
                    double[] s = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        boolean visible = global || i - j < window;
                        if (!visible) {
                            s[j] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double dot = 0;
                        for (int d = 0; d < hd; d++) {
                            dot += q[i][hh * hd + d] * k[j][g * hd + d];
                        }
                        s[j] = dot;
                        max = Math.max(max, dot);
                    }
                    double z = 0;
                    for (int j = 0; j <= i; j++) {
                        s[j] = Math.exp(s[j] - max);
                        z += s[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        for (int d = 0; d < hd; d++) {
                            att[hh * hd + d] += s[j] / z * v[j][g * hd + d];
                        }
                    }
                }
                double[] o = rms(mul(wo, att), 0, hidden, vec(p + "post_attention_norm.weight"));
                for (int c = 0; c < hidden; c++) {
                    h[i][c] += o[c];
                }
                double[] n = rms(h[i], 0, hidden, vec(p + "ffn_norm.weight"));
                double[] gate = mul(weights(p + "ffn_gate.weight"), n);
                double[] up = mul(weights(p + "ffn_up.weight"), n);
                for (int c = 0; c < ffn; c++) {
                    double x = gate[c];
                    gate[c] = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))) * up[c];
                }
                double[] down = rms(mul(weights(p + "ffn_down.weight"), gate), 0, hidden, vec(p + "post_ffw_norm.weight"));
                for (int c = 0; c < hidden; c++) {
                    h[i][c] += down[c];
                }
            }
        }
        double[][] out = new double[T][];
        double[] on = vec("output_norm.weight");
        for (int i = 0; i < T; i++) {
            out[i] = mul(emb, rms(h[i], 0, hidden, on));
        }
        return out;
    }
}
