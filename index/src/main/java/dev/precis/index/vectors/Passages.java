package dev.precis.index.vectors;

import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a document's text into passages of whole sentences for embedding. A passage holds about
 * {@link #TARGET_WORDS} words (MiniLM reads about 256 word pieces, so longer passages would be cut);
 * a very long document gets longer passages so that it never has more than {@link #MAX_PASSAGES},
 * which bounds the indexing cost of one document.
 */
public final class Passages {
    public static final int TARGET_WORDS = 80;
    public static final int MAX_PASSAGES = 400;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s+|\\n\\s*\\n");

    private Passages() {}

    /** One passage: its span in the text, and the speaker and time of the turn it starts in. */
    public record Passage(int start, int end, String text, String speaker, Long timeMs) {}

    public static List<Passage> of(DocumentRecord doc) {
        String text = doc.getText();
        List<int[]> sentences = sentences(doc);
        int words = Math.max(1, countWords(text));
        int target = Math.max(TARGET_WORDS, (words + MAX_PASSAGES - 1) / MAX_PASSAGES);
        List<Passage> out = new ArrayList<>();
        int start = -1;
        int end = -1;
        int inPassage = 0;
        for (int[] s : sentences) {
            if (start < 0) {
                start = s[0];
            }
            end = s[1];
            inPassage += countWords(text.substring(s[0], s[1]));
            if (inPassage >= target) {
                out.add(passage(doc, start, end));
                start = -1;
                inPassage = 0;
            }
        }
        if (start >= 0 && end > start) {
            out.add(passage(doc, start, end));
        }
        return out;
    }

    private static Passage passage(DocumentRecord doc, int start, int end) {
        String speaker = null;
        Long time = null;
        for (Turn t : doc.getTurns()) {
            if (t.getCharEnd() > start) {
                speaker = t.getSpeaker();
                time = t.getStartMs();
                break;
            }
        }
        return new Passage(start, end, doc.getText().substring(start, end).strip(), speaker, time);
    }

    /** Sentence spans from the record when ingest found them, else split at sentence punctuation. */
    private static List<int[]> sentences(DocumentRecord doc) {
        List<int[]> out = new ArrayList<>();
        String text = doc.getText();
        List<Integer> starts = doc.getSentenceStarts();
        List<Integer> ends = doc.getSentenceEnds();
        if (!starts.isEmpty() && starts.size() == ends.size()) {
            for (int i = 0; i < starts.size(); i++) {
                int s = Math.max(0, Math.min(text.length(), starts.get(i)));
                int e = Math.max(s, Math.min(text.length(), ends.get(i)));
                if (e > s) {
                    out.add(new int[] {s, e});
                }
            }
            return out;
        }
        Matcher m = SENTENCE_END.matcher(text);
        int from = 0;
        while (m.find()) {
            if (m.start() > from) {
                out.add(new int[] {from, m.start()});
            }
            from = m.end();
        }
        if (from < text.length()) {
            out.add(new int[] {from, text.length()});
        }
        return out;
    }

    /** Words, counting each CJK character as one (those scripts have no spaces). */
    static int countWords(String s) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isIdeographic(c)) {
                n++;
                inWord = false;
            } else if (Character.isLetterOrDigit(c)) {
                if (!inWord) {
                    n++;
                }
                inWord = true;
            } else {
                inWord = false;
            }
        }
        return n;
    }
}
