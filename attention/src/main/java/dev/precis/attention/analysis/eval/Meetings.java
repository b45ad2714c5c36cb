package dev.precis.attention.analysis.eval;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Turn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds transcript records for evaluation the way ingest does: the text is the turns joined with
 * newlines, every turn keeps its speaker, and sentences come from ICU's sentence break iterator run
 * inside each turn (a sentence never spans two speakers).
 */
public final class Meetings {

    /** One speaker turn as a data set writes it. */
    public record Utterance(String speaker, String text) {}

    private Meetings() {}

    public static DocumentRecord transcript(String id, String title, String language, String date, List<Utterance> utterances) {
        StringBuilder text = new StringBuilder();
        List<Turn> turns = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        BreakIterator sentences = BreakIterator.getSentenceInstance(language == null ? ULocale.ENGLISH : new ULocale(language));
        long timeMs = 0;
        for (Utterance u : utterances) {
            String t = u.text().strip();
            if (t.isEmpty()) {
                continue;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            int start = text.length();
            text.append(t);
            // Data sets without timestamps get a nominal clock (speech runs at roughly 150 words a minute)
            // so that evidence still orders and points somewhere sensible.
            long durationMs = 400L * t.split("\\s+").length;
            turns.add(Turn.newBuilder().setSpeaker(u.speaker()).setStartMs(timeMs).setEndMs(timeMs + durationMs)
                    .setText(t).setCharStart(start).setCharEnd(text.length()).build());
            timeMs += durationMs;
            sentences.setText(t);
            int s = sentences.first();
            for (int e = sentences.next(); e != BreakIterator.DONE; s = e, e = sentences.next()) {
                int a = s;
                int b = e;
                while (a < b && Character.isWhitespace(t.charAt(a))) {
                    a++;
                }
                while (b > a && Character.isWhitespace(t.charAt(b - 1))) {
                    b--;
                }
                if (b > a) {
                    starts.add(start + a);
                    ends.add(start + b);
                }
            }
        }
        String body = text.toString();
        return DocumentRecord.newBuilder()
                .setId(id)
                .setSourceUri("eval:" + id)
                .setContentHash(sha256(body))
                .setSizeBytes(body.getBytes(StandardCharsets.UTF_8).length)
                .setMediaType("text/plain")
                .setKind("transcript")
                .setTitle(title)
                .setLanguage(language)
                .setDocumentDate(date)
                .setText(body)
                .setTurns(turns)
                .setSentenceStarts(starts)
                .setSentenceEnds(ends)
                .setIngestedAt(Instant.EPOCH)
                .build();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
