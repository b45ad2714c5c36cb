package dev.precis.ingest;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence boundaries from ICU's rule-based BreakIterator, which knows CJK full stops (。！？) as well
 * as Latin punctuation. Line breaks inside a turn are not sentence ends, but a blank line is: paragraphs
 * and list items without punctuation would otherwise merge into one long sentence.
 */
public final class SentenceSegmenter {

    /** Start (inclusive) and end (exclusive) offsets, trailing whitespace trimmed. */
    public record Span(int start, int end) {}

    private SentenceSegmenter() {}

    /** Segments {@code text[from, to)}; offsets are into {@code text}. */
    public static List<Span> segment(String text, int from, int to, String language) {
        List<Span> out = new ArrayList<>();
        // Blank lines, headings and list items end a block; wrapped lines of prose do not.
        int blockStart = from;
        for (int i = from; i <= to; i++) {
            boolean end = i == to || (text.charAt(i) == '\n' && (i + 1 < to && text.charAt(i + 1) == '\n'
                    || endsBlockLine(text, blockStart, i)));
            if (end) {
                segmentBlock(text, blockStart, i, language, out);
                blockStart = i + 1;
            }
        }
        return out;
    }

    public static List<Span> segment(String text, String language) {
        return segment(text, 0, text.length(), language);
    }

    /** A newline after a short line with no closing punctuation (a heading, a list item) ends a block. */
    private static boolean endsBlockLine(String text, int blockStart, int newline) {
        int lineStart = text.lastIndexOf('\n', newline - 1) + 1;
        lineStart = Math.max(lineStart, blockStart);
        String line = text.substring(lineStart, newline).strip();
        if (line.isEmpty()) {
            return true;
        }
        if (line.matches("^([-*•]|\\d+[.)]) .*")) {
            return true; // a list item stands alone
        }
        char last = line.charAt(line.length() - 1);
        boolean punctuated = ".!?;:,。！？；：，…".indexOf(last) >= 0;
        // Short unpunctuated lines are headings; long ones are wrapped prose (PDF text) and run on.
        return !punctuated && line.length() < 50;
    }

    private static void segmentBlock(String text, int from, int to, String language, List<Span> out) {
        if (from >= to) {
            return;
        }
        BreakIterator it = BreakIterator.getSentenceInstance(
                language == null ? ULocale.ROOT : new ULocale(language));
        // Unicode sentence rules end a sentence at every line feed; inside a block a line feed is only
        // a wrapped line (PDF, HTML source), so it is read as a space. Same length: offsets still hold.
        it.setText(text.substring(from, to).replace('\n', ' '));
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            int s = from + start;
            int e = from + end;
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (e > s) {
                out.add(new Span(s, e));
            }
        }
    }
}
