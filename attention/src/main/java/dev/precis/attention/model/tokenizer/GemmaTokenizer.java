package dev.precis.attention.model.tokenizer;

import dev.precis.attention.model.gguf.GgufException;
import dev.precis.attention.model.gguf.GgufFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The SentencePiece-style tokenizer of a GGUF with {@code tokenizer.ggml.model = "llama"}, run as llama.cpp
 * runs it: special tokens split out first (longest match), spaces become "▁" (no space prefix), then
 * adjacent symbols are merged, highest-scoring resulting token first (ties: leftmost), and any symbol that is
 * not a token falls back to its UTF-8 bytes as {@code <0xNN>} tokens.
 */
public final class GemmaTokenizer {
    public static final int TYPE_NORMAL = 1;
    public static final int TYPE_UNKNOWN = 2;
    public static final int TYPE_CONTROL = 3;
    public static final int TYPE_USER_DEFINED = 4;
    public static final int TYPE_UNUSED = 5;
    public static final int TYPE_BYTE = 6;
    private static final char SPACE = '\u2581';

    private final String[] tokens; // [vocab] piece text
    private final float[] scores; // [vocab] merge priority (higher merges first)
    private final int[] types; // [vocab] TYPE_*
    private final Map<String, Integer> ids;
    private final int[] byteTokens = new int[256]; // byte value → id of <0xNN>, -1 when absent
    private final Map<Character, List<String>> specialsByFirstChar = new HashMap<>(); // longest first
    private final int bos;
    private final int eos;
    private final int unknown;
    private final boolean addBos;
    private final String chatTemplate;

    public GemmaTokenizer(String[] tokens, float[] scores, int[] types, int bos, int eos, int unknown, boolean addBos,
            String chatTemplate) {
        if (scores.length != tokens.length || types.length != tokens.length) {
            throw new IllegalArgumentException("tokenizer arrays differ in length: " + tokens.length + " tokens, "
                    + scores.length + " scores, " + types.length + " types");
        }
        for (int id : new int[] {bos, eos}) {
            if (id < 0 || id >= tokens.length) {
                throw new IllegalArgumentException("special token id " + id + " outside the vocabulary of " + tokens.length);
            }
        }
        this.tokens = tokens;
        this.scores = scores;
        this.types = types;
        this.bos = bos;
        this.eos = eos;
        this.unknown = unknown;
        this.addBos = addBos;
        this.chatTemplate = chatTemplate;
        this.ids = new HashMap<>(tokens.length * 2);
        java.util.Arrays.fill(byteTokens, -1);
        for (int i = 0; i < tokens.length; i++) {
            ids.putIfAbsent(tokens[i], i);
            if (types[i] == TYPE_BYTE && tokens[i].length() == 6 && tokens[i].startsWith("<0x")) {
                byteTokens[Integer.parseInt(tokens[i].substring(3, 5), 16)] = i;
            }
            // llama.cpp splits control, user-defined and unknown tokens out of the text before merging
            if ((types[i] == TYPE_CONTROL || types[i] == TYPE_USER_DEFINED || types[i] == TYPE_UNKNOWN)
                    && !tokens[i].isEmpty()) {
                specialsByFirstChar.computeIfAbsent(tokens[i].charAt(0), k -> new ArrayList<>()).add(tokens[i]);
            }
        }
        for (List<String> l : specialsByFirstChar.values()) {
            l.sort(Comparator.comparingInt(String::length).reversed());
        }
    }

    /** Reads the vocabulary from a GGUF's {@code tokenizer.ggml.*} keys. */
    public static GemmaTokenizer fromGguf(GgufFile f) {
        String model = f.getString("tokenizer.ggml.model");
        if (!model.equals("llama")) {
            throw new GgufException(f.path() + ": key 'tokenizer.ggml.model' is '" + model
                    + "'; Precis runs the SentencePiece-style 'llama' tokenizer of Gemma");
        }
        String[] tokens = f.getStringArray("tokenizer.ggml.tokens");
        float[] scores = f.getFloatArray("tokenizer.ggml.scores");
        int[] types = f.getIntArray("tokenizer.ggml.token_type");
        if (scores.length != tokens.length || types.length != tokens.length) {
            throw new GgufException(f.path() + ": tokenizer arrays differ in length: " + tokens.length
                    + " tokens, " + scores.length + " scores, " + types.length + " types");
        }
        return new GemmaTokenizer(tokens, scores, types, f.getInt("tokenizer.ggml.bos_token_id", 2),
                f.getInt("tokenizer.ggml.eos_token_id", 1), f.getInt("tokenizer.ggml.unknown_token_id", 3),
                f.getBool("tokenizer.ggml.add_bos_token", true), f.getString("tokenizer.chat_template", null));
    }

    public int vocabularySize() {
        return tokens.length;
    }

    public int bos() {
        return bos;
    }

    public int eos() {
        return eos;
    }

    /** Whether the model wants {@code <bos>} in front of a prompt. */
    public boolean addsBos() {
        return addBos;
    }

    public String chatTemplate() {
        return chatTemplate;
    }

    public String token(int id) {
        return tokens[id];
    }

    public int type(int id) {
        return types[id];
    }

    /** The id of a piece, or -1. */
    public int id(String piece) {
        return ids.getOrDefault(piece, -1);
    }

    /** Encodes with {@code <bos>} when the model adds it, matching special-token strings in the text. */
    public int[] encode(String text) {
        return encode(text, addBos, true);
    }

    /**
     * Encodes {@code text}. With {@code parseSpecial} false, control and unknown tokens such as
     * {@code <start_of_turn>} are read as plain text (user-defined tokens are always matched, as llama.cpp does).
     */
    public int[] encode(String text, boolean withBos, boolean parseSpecial) {
        List<Integer> out = new ArrayList<>();
        if (withBos) {
            out.add(bos);
        }
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            String special = specialAt(text, i, parseSpecial);
            if (special == null) {
                i++;
                continue;
            }
            if (i > start) {
                encodeSegment(text.substring(start, i), out);
            }
            out.add(ids.get(special));
            i += special.length();
            start = i;
        }
        if (start < text.length()) {
            encodeSegment(text.substring(start), out);
        }
        int[] r = new int[out.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = out.get(k);
        }
        return r;
    }

    private String specialAt(String text, int i, boolean parseSpecial) {
        List<String> cands = specialsByFirstChar.get(text.charAt(i));
        if (cands == null) {
            return null;
        }
        for (String s : cands) {
            if (text.startsWith(s, i) && (parseSpecial || types[ids.get(s)] == TYPE_USER_DEFINED)) {
                return s;
            }
        }
        return null;
    }

    /** One symbol of the merge: a span of the segment, linked to its neighbours. */
    private static final class Sym {
        int start;
        int end;
        int prev;
        int next;
    }

    private record Bigram(int left, int right, float score, int len) {
    }

    private void encodeSegment(String raw, List<Integer> out) {
        String s = raw.replace(' ', SPACE);
        List<Sym> syms = new ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            int n = Character.charCount(s.codePointAt(i));
            Sym sym = new Sym();
            sym.start = i;
            sym.end = i + n;
            sym.prev = syms.size() - 1;
            sym.next = syms.size() + 1;
            syms.add(sym);
            i += n;
        }
        if (syms.isEmpty()) {
            return;
        }
        syms.get(syms.size() - 1).next = -1;
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 1; i < syms.size(); i++) {
            addBigram(s, syms, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram b = queue.poll();
            Sym left = syms.get(b.left);
            Sym right = syms.get(b.right);
            // stale: one side was merged away or grew since this pair was queued
            if (left.end == left.start || right.end == right.start || left.next != b.right
                    || (left.end - left.start) + (right.end - right.start) != b.len) {
                continue;
            }
            left.end = right.end;
            right.start = right.end;
            left.next = right.next;
            if (right.next >= 0) {
                syms.get(right.next).prev = b.left;
            }
            if (left.prev >= 0) {
                addBigram(s, syms, left.prev, b.left, queue);
            }
            if (left.next >= 0) {
                addBigram(s, syms, b.left, left.next, queue);
            }
        }
        for (int i = 0; i >= 0; i = syms.get(i).next) {
            Sym sym = syms.get(i);
            String piece = s.substring(sym.start, sym.end);
            Integer id = ids.get(piece);
            if (id != null) {
                out.add(id);
                continue;
            }
            for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                int bt = byteTokens[b & 0xFF];
                out.add(bt >= 0 ? bt : unknown);
            }
        }
    }

    private void addBigram(String s, List<Sym> syms, int l, int r, PriorityQueue<Bigram> queue) {
        Sym a = syms.get(l);
        Sym b = syms.get(r);
        Integer id = ids.get(s.substring(a.start, b.end));
        if (id == null || types[id] == TYPE_CONTROL) {
            return;
        }
        queue.add(new Bigram(l, r, scores[id], b.end - a.start));
    }

    /** Decodes ids to text: "▁" becomes a space, byte tokens become bytes, control and unknown tokens are hidden. */
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            appendPiece(id, bytes);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Appends the bytes of one token's text (for streaming: decode the bytes once a character is whole). */
    public void appendPiece(int id, ByteArrayOutputStream bytes) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + tokens.length);
        }
        int t = types[id];
        if (t == TYPE_CONTROL || t == TYPE_UNKNOWN) {
            return;
        }
        if (t == TYPE_BYTE) {
            bytes.write(Integer.parseInt(tokens[id].substring(3, 5), 16));
            return;
        }
        byte[] b = tokens[id].replace(SPACE, ' ').getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
    }

    /**
     * The instruction-tuned prompt of Gemma 3 (its chat template rendered for one user turn; Gemma has no
     * system role, so a system text is prepended to the user's text).
     */
    public static String chatPrompt(String system, String user) {
        String text = system == null || system.isEmpty() ? user : system + "\n\n" + user;
        return "<start_of_turn>user\n" + text + "<end_of_turn>\n<start_of_turn>model\n";
    }
}
