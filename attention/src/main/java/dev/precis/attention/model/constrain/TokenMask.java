package dev.precis.attention.model.constrain;

import dev.precis.attention.model.tokenizer.GemmaTokenizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a {@link JsonMatcher} into the set of tokens that may come next. Token texts are sorted once, so
 * that tokens sharing a prefix share the matcher steps of that prefix, and a prefix that no valid document
 * can continue rules out every token beginning with it at once.
 *
 * <p>Byte-fallback tokens (pieces of a UTF-8 character) and control tokens never appear inside the JSON;
 * stop tokens are allowed exactly when the document is complete.
 */
public final class TokenMask {
    private final int vocab;
    private final int[] order; // token ids sorted by text
    private final String[] texts; // [order.length] the text of order[i]
    private final int[] lcp; // [order.length] common prefix length of texts[i] and texts[i - 1]
    private final int[] plainLength; // [order.length] code points of texts[i] when it has no '"', '\\' or control char, else -1
    private final int[] stops;

    public TokenMask(GemmaTokenizer tok, int... stopTokens) {
        this.vocab = tok.vocabularySize();
        this.stops = stopTokens.clone();
        List<Integer> ids = new ArrayList<>();
        List<String> tx = new ArrayList<>();
        for (int id = 0; id < vocab; id++) {
            int t = tok.type(id);
            if (t == GemmaTokenizer.TYPE_NORMAL || t == GemmaTokenizer.TYPE_USER_DEFINED) {
                String s = tok.token(id).replace('\u2581', ' ');
                if (!s.isEmpty()) {
                    ids.add(id);
                    tx.add(s);
                }
            }
        }
        Integer[] idx = new Integer[ids.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, Comparator.comparing(tx::get));
        order = new int[idx.length];
        texts = new String[idx.length];
        lcp = new int[idx.length];
        plainLength = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            order[i] = ids.get(idx[i]);
            texts[i] = tx.get(idx[i]);
            boolean plain = texts[i].chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\');
            plainLength[i] = plain ? texts[i].codePointCount(0, texts[i].length()) : -1;
            if (i > 0) {
                String a = texts[i - 1];
                String b = texts[i];
                int k = 0;
                while (k < a.length() && k < b.length() && a.charAt(k) == b.charAt(k)) {
                    k++;
                }
                lcp[i] = k;
            }
        }
    }

    /** The tokens allowed after the text that brought the generator to {@code m}. */
    public BitSet allowed(JsonMatcher m) {
        return allowed(m, true);
    }

    /**
     * With {@code fast}, inside a free string the tokens of plain text are decided by their length alone
     * (most of the vocabulary), and only the others are run through the matcher.
     */
    BitSet allowed(JsonMatcher m, boolean fast) {
        BitSet out = new BitSet(vocab);
        int room = fast ? m.plainStringRoom() : -1;
        List<JsonMatcher> states = new ArrayList<>(); // states.get(d): matcher after d characters of the current text
        states.add(m);
        int known = 0; // states[0..known] hold for the previous text's prefix; states[known] may be null (dead)
        int skippedLcp = Integer.MAX_VALUE; // common prefix with the last text run, across the skipped ones
        for (int i = 0; i < order.length; i++) {
            if (room >= 0 && plainLength[i] >= 0) {
                if (plainLength[i] <= room) {
                    out.set(order[i]);
                }
                skippedLcp = Math.min(skippedLcp, lcp[i]);
                continue;
            }
            String s = texts[i];
            int d = Math.min(Math.min(lcp[i], skippedLcp), known);
            skippedLcp = Integer.MAX_VALUE;
            while (states.size() > d + 1) {
                states.remove(states.size() - 1);
            }
            JsonMatcher cur = states.get(d);
            while (cur != null && d < s.length()) {
                cur = cur.feed(s.charAt(d));
                d++;
                states.add(cur);
            }
            known = d;
            if (cur != null && d == s.length()) {
                out.set(order[i]);
            }
        }
        if (m.isComplete()) {
            for (int s : stops) {
                out.set(s);
            }
        }
        return out;
    }
}
