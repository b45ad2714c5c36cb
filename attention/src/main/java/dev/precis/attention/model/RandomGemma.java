package dev.precis.attention.model;

import dev.precis.attention.model.gguf.GgufType;
import dev.precis.attention.model.gguf.GgufValue;
import dev.precis.attention.model.gguf.GgufWriter;
import dev.precis.attention.model.tokenizer.GemmaTokenizer;
import dev.precis.kernels.quant.Float16;
import dev.precis.kernels.quant.GgmlType;
import dev.precis.kernels.quant.QuantFormats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Writes Gemma 3 GGUF files with random weights in the real shapes (for tests and benchmarks), with a
 * synthetic vocabulary of the real size: the Gemma special tokens at their ids, the 256 byte tokens, single
 * characters, JSON and English pieces, then filler pieces. Quantized tensors are written as random blocks
 * directly, so that a 1B-shaped file takes seconds.
 */
public final class RandomGemma {

    /** A model shape. {@code ropeScale} is the linear RoPE factor of global layers (1 = none). */
    public record Shape(String name, int layers, int hidden, int ffn, int heads, int kvHeads, int headDim, int vocab,
            int window, int context, double ropeScale) {
    }

    private RandomGemma() {
    }

    /** The published Gemma 3 text shapes (from GEMMA3.md). */
    public static Shape shape(String name) {
        switch (name.toLowerCase()) {
            case "270m": return new Shape("270m", 18, 640, 2048, 4, 1, 256, 262144, 512, 32768, 1);
            case "1b": return new Shape("1b", 26, 1152, 6912, 4, 1, 256, 262144, 512, 32768, 1);
            case "4b": return new Shape("4b", 34, 2560, 10240, 8, 4, 256, 262144, 1024, 131072, 8);
            default: throw new IllegalArgumentException("unknown shape '" + name + "' (known: 270m, 1b, 4b)");
        }
    }

    /** Writes a model whose matrices (embedding included) are all of {@code type}; norms are F32. */
    public static void write(Path out, Shape s, GgmlType type, long seed) throws IOException {
        write(out, s, name -> type, seed);
    }

    /** Writes a model choosing each matrix's type by tensor name; norms are F32. */
    public static void write(Path out, Shape s, Function<String, GgmlType> typeOf, long seed) throws IOException {
        GgufWriter w = new GgufWriter();
        String p = "gemma3.";
        w.putString("general.architecture", "gemma3");
        w.putString("general.name", "precis-random-" + s.name());
        w.putU32(p + "context_length", s.context());
        w.putU32(p + "embedding_length", s.hidden());
        w.putU32(p + "block_count", s.layers());
        w.putU32(p + "feed_forward_length", s.ffn());
        w.putU32(p + "attention.head_count", s.heads());
        w.putU32(p + "attention.head_count_kv", s.kvHeads());
        w.putU32(p + "attention.key_length", s.headDim());
        w.putU32(p + "attention.value_length", s.headDim());
        w.putF32(p + "attention.layer_norm_rms_epsilon", 1e-6f);
        w.putU32(p + "attention.sliding_window", s.window());
        w.putF32(p + "rope.freq_base", 1_000_000f);
        if (s.ropeScale() != 1) {
            w.putString(p + "rope.scaling.type", "linear");
            w.putF32(p + "rope.scaling.factor", (float) s.ropeScale());
        }
        vocabulary(w, s.vocab());
        SplittableRandom root = new SplittableRandom(seed);
        int h = s.hidden();
        int q = s.heads() * s.headDim();
        int kv = s.kvHeads() * s.headDim();
        matrix(w, "token_embd.weight", typeOf, s.vocab(), h, 1.0, root.split());
        norm(w, "output_norm.weight", h, root.split());
        for (int i = 0; i < s.layers(); i++) {
            String b = "blk." + i + ".";
            norm(w, b + "attn_norm.weight", h, root.split());
            matrix(w, b + "attn_q.weight", typeOf, q, h, 1 / Math.sqrt(h), root.split());
            matrix(w, b + "attn_k.weight", typeOf, kv, h, 1 / Math.sqrt(h), root.split());
            matrix(w, b + "attn_v.weight", typeOf, kv, h, 1 / Math.sqrt(h), root.split());
            norm(w, b + "attn_q_norm.weight", s.headDim(), root.split());
            norm(w, b + "attn_k_norm.weight", s.headDim(), root.split());
            matrix(w, b + "attn_output.weight", typeOf, h, q, 1 / Math.sqrt(q), root.split());
            norm(w, b + "post_attention_norm.weight", h, root.split());
            norm(w, b + "ffn_norm.weight", h, root.split());
            matrix(w, b + "ffn_gate.weight", typeOf, s.ffn(), h, 1 / Math.sqrt(h), root.split());
            matrix(w, b + "ffn_up.weight", typeOf, s.ffn(), h, 1 / Math.sqrt(h), root.split());
            matrix(w, b + "ffn_down.weight", typeOf, h, s.ffn(), 1 / Math.sqrt(s.ffn()), root.split());
            norm(w, b + "post_ffw_norm.weight", h, root.split());
        }
        w.write(out);
    }

    /** Norm weights around 1 (GGUF stores 1 + w), so activations keep their scale. */
    private static void norm(GgufWriter w, String name, int n, SplittableRandom r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (1 + 0.1 * (r.nextDouble() * 2 - 1));
        }
        w.addTensor(name, GgmlType.F32, new long[] {n}, v);
    }

    /**
     * A {@code rows x cols} matrix with values uniform in {@code ±std·√3}. Quantized types get random
     * blocks directly (random codes and a fixed scale), values within the same range; Q4_K and Q6_K files
     * (which Precis reads but does not quantize to) can be written this way too.
     */
    private static void matrix(GgufWriter w, String name, Function<String, GgmlType> typeOf, int rows, int cols,
            double std, SplittableRandom r) {
        GgmlType type = typeOf.apply(name);
        double a = std * Math.sqrt(3);
        int rowBytes = (int) type.bytesFor(cols);
        w.addTensor(name, type, new long[] {cols, rows}, (OutputStream out) -> {
            ByteBuffer row = ByteBuffer.allocate(rowBytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[cols];
            byte[] arr = row.array();
            for (int i = 0; i < rows; i++) {
                switch (type) {
                    case Q8_0: {
                        short d = Float16.fromFloat((float) (a / 127));
                        for (int b = 0; b < cols / 32; b++) {
                            row.putShort(b * 34, d);
                            for (int j = 0; j < 32; j++) {
                                arr[b * 34 + 2 + j] = (byte) (r.nextInt(255) - 127);
                            }
                        }
                        break;
                    }
                    case Q4_0: {
                        short d = Float16.fromFloat((float) (a / 8));
                        for (int b = 0; b < cols / 32; b++) {
                            row.putShort(b * 18, d);
                            for (int j = 0; j < 16; j++) {
                                arr[b * 18 + 2 + j] = (byte) r.nextInt(256);
                            }
                        }
                        break;
                    }
                    case Q4_K: {
                        // y = d * scale * q - dmin * min with 6-bit scales and mins and 4-bit q: values in ±a
                        short d = Float16.fromFloat((float) (a / (15 * 63)));
                        short dmin = Float16.fromFloat((float) (a / 63));
                        for (int b = 0; b < cols / 256; b++) {
                            row.putShort(b * 144, d);
                            row.putShort(b * 144 + 2, dmin);
                            for (int j = 4; j < 144; j++) {
                                arr[b * 144 + j] = (byte) r.nextInt(256);
                            }
                        }
                        break;
                    }
                    case Q6_K: {
                        // y = d * scale * (q - 32) with 8-bit scales and 6-bit q: values in ±a
                        short d = Float16.fromFloat((float) (a / (128 * 32)));
                        for (int b = 0; b < cols / 256; b++) {
                            for (int j = 0; j < 208; j++) {
                                arr[b * 210 + j] = (byte) r.nextInt(256);
                            }
                            row.putShort(b * 210 + 208, d);
                        }
                        break;
                    }
                    default:
                        for (int j = 0; j < cols; j++) {
                            f[j] = (float) (a * (r.nextDouble() * 2 - 1));
                        }
                        QuantFormats.quantize(type, f, 0, cols, row, 0);
                }
                out.write(arr, 0, rowBytes);
            }
        });
    }

    /** Pieces every synthetic vocabulary has after the specials and bytes: enough to write any JSON and English. */
    static List<String> basePieces() {
        Set<String> p = new LinkedHashSet<>();
        for (char c = 0x20; c < 0x7F; c++) {
            p.add(c == ' ' ? "▁" : String.valueOf(c));
        }
        p.add("\n");
        p.add("\t");
        String[] json = {"{\"", "\":", "\",", "\"}", "},", "}]", "[{", "\":▁", ",▁\"", "▁\"", "true", "false", "null",
            "▁{", "▁[", "[]", "{}", "0.", "-1", "10", "25", "100", "e+", "\\\"", "\\n", "\"\"", "▁▁", "▁▁▁▁"};
        for (String s : json) {
            p.add(s);
        }
        String[] words = {"the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "as", "was", "on", "be",
            "at", "by", "this", "have", "from", "or", "an", "will", "not", "are", "but", "name", "owner", "task", "due",
            "date", "item", "items", "action", "summary", "text", "value", "id", "type", "list", "meeting", "report",
            "send", "review", "team", "Friday", "Monday", "yes", "no", "ok", "data", "model", "Alice", "Bob", "PERSON"};
        // every prefix too, shortest first (higher score), so that merges can reach each word as in a real vocabulary
        for (String s : words) {
            for (int i = 2; i <= s.length(); i++) {
                p.add(s.substring(0, i));
                p.add("▁" + s.substring(0, i - 1));
            }
            p.add("▁" + s);
        }
        for (int i = 0; i < 100; i++) {
            p.add(Integer.toString(i));
        }
        return new ArrayList<>(p);
    }

    /** Writes the tokenizer keys of a synthetic vocabulary of {@code size} tokens. */
    static void vocabulary(GgufWriter w, int size) {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        String[] first = {"<pad>", "<eos>", "<bos>", "<unk>"};
        for (int i = 0; i < first.length; i++) {
            tokens.add(first[i]);
            types.add(i == 3 ? GemmaTokenizer.TYPE_UNKNOWN : GemmaTokenizer.TYPE_CONTROL);
        }
        while (tokens.size() < 105) {
            tokens.add("<unused" + (tokens.size() - 4) + ">");
            types.add(GemmaTokenizer.TYPE_UNUSED);
        }
        tokens.add("<start_of_turn>");
        types.add(GemmaTokenizer.TYPE_CONTROL);
        tokens.add("<end_of_turn>");
        types.add(GemmaTokenizer.TYPE_CONTROL);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(GemmaTokenizer.TYPE_BYTE);
        }
        Set<String> seen = new LinkedHashSet<>(tokens);
        for (String s : basePieces()) {
            if (seen.add(s)) {
                tokens.add(s);
                types.add(GemmaTokenizer.TYPE_NORMAL);
            }
        }
        if (tokens.size() > size) {
            throw new IllegalArgumentException("a vocabulary needs at least " + tokens.size() + " tokens, asked for " + size);
        }
        // filler: two- to four-letter pieces, in a fixed order, so that any size can be reached
        String letters = "abcdefghijklmnopqrstuvwxyz";
        SplittableRandom r = new SplittableRandom(7);
        while (tokens.size() < size) {
            int len = 2 + r.nextInt(3);
            StringBuilder sb = new StringBuilder(r.nextInt(3) == 0 ? "▁" : "");
            for (int i = 0; i < len; i++) {
                sb.append(letters.charAt(r.nextInt(26)));
            }
            if (seen.add(sb.toString())) {
                tokens.add(sb.toString());
                types.add(GemmaTokenizer.TYPE_NORMAL);
            }
        }
        float[] scores = new float[size];
        int[] ty = new int[size];
        for (int i = 0; i < size; i++) {
            // longer pieces first would be SentencePiece's habit; a plain -id order keeps merges deterministic
            scores[i] = types.get(i) == GemmaTokenizer.TYPE_NORMAL ? -i : 0;
            ty[i] = types.get(i);
        }
        putTokenizer(w, tokens.toArray(new String[0]), scores, ty);
        w.putString("tokenizer.chat_template", "{{ bos_token }}{% for message in messages %}<start_of_turn>"
                + "{{ 'model' if message['role'] == 'assistant' else message['role'] }}\n{{ message['content'] | trim }}"
                + "<end_of_turn>\n{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}");
    }

    /**
     * The tokenizer keys of a Gemma 3 GGUF over a vocabulary, as llama.cpp's converter writes them: SentencePiece
     * ("llama") model, special ids pad 0, eos 1, bos 2, unk 3, a BOS added, no space prefix.
     */
    public static void putTokenizer(GgufWriter w, String[] tokens, float[] scores, int[] types) {
        w.putString("tokenizer.ggml.model", "llama");
        w.put("tokenizer.ggml.tokens", GgufValue.array(GgufType.STRING, tokens));
        w.put("tokenizer.ggml.scores", GgufValue.array(GgufType.FLOAT32, scores));
        w.put("tokenizer.ggml.token_type", GgufValue.array(GgufType.INT32, types));
        w.putU32("tokenizer.ggml.bos_token_id", 2);
        w.putU32("tokenizer.ggml.eos_token_id", 1);
        w.putU32("tokenizer.ggml.unknown_token_id", 3);
        w.putU32("tokenizer.ggml.padding_token_id", 0);
        w.putBool("tokenizer.ggml.add_bos_token", true);
        w.putBool("tokenizer.ggml.add_space_prefix", false);
    }
}
