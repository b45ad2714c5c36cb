package dev.precis.ingest;

import dev.precis.schemas.Turn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses transcripts into speaker turns: WebVTT (with {@code <v Speaker>} voice tags, as Teams writes
 * them, or "Speaker: text" cues, as Zoom writes them), SRT, and plain "Speaker: text" / "(Speaker) text"
 * lines. Tika reads all of these as plain text, so cue timing and speakers are parsed here.
 *
 * <p>The transcript text is rebuilt as one line per turn, {@code "Speaker: utterance"}; each Turn's
 * offsets cover only the utterance so that sentences and evidence never include the label.
 */
public final class TranscriptParser {

    /** The rebuilt text and its turns. */
    public record Transcript(String text, List<Turn> turns) {}

    /** Which transcript format a text is in, if any. */
    public enum Format { WEBVTT, SRT, SPEAKER_LINES }

    private static final Pattern TIMING = Pattern.compile(
            "^\\s*((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{1,3})\\s*-->\\s*((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{1,3}).*$");
    private static final Pattern VOICE = Pattern.compile("<v(?:\\.[^ >]*)?\\s+([^>]+)>");
    private static final Pattern TAG = Pattern.compile("</?[a-zA-Z][^>]*>|<\\d[^>]*>");
    /** "Name: text" with a name of up to five words, starting with a letter. */
    private static final Pattern COLON_SPEAKER = Pattern.compile(
            "^\\s*([\\p{L}][\\p{L}\\p{N}.'_\\- ]{0,40}?)\\s*(?:\\[(\\d{1,2}:\\d{2}(?::\\d{2})?)])?\\s*[:：]\\s+(\\S.*)$");
    /** "(Name) text" or "[Name] text", as ELITR and many minute-takers write them. */
    private static final Pattern BRACKET_SPEAKER = Pattern.compile("^\\s*[(\\[]([^)\\]]{1,40})[)\\]]\\s+(\\S.*)$");

    private TranscriptParser() {}

    /** Detects the transcript format from the file name and the text; null when it is not a transcript. */
    public static Format detect(String fileName, String text) {
        String name = fileName == null ? "" : fileName.toLowerCase();
        String head = text.stripLeading();
        if (name.endsWith(".vtt") || head.startsWith("WEBVTT")) {
            return Format.WEBVTT;
        }
        if (name.endsWith(".srt") || looksLikeSrt(head)) {
            return Format.SRT;
        }
        return looksLikeSpeakerLines(text) ? Format.SPEAKER_LINES : null;
    }

    public static Transcript parse(Format format, String text) throws IngestException {
        return switch (format) {
            case WEBVTT -> parseCues(text, true);
            case SRT -> parseCues(text, false);
            case SPEAKER_LINES -> parseSpeakerLines(text);
        };
    }

    private static boolean looksLikeSrt(String head) {
        String[] lines = head.split("\\R", 3);
        return lines.length >= 2 && lines[0].strip().matches("\\d+") && TIMING.matcher(lines[1]).matches();
    }

    /** At least three labelled lines from two speakers, and most non-empty lines labelled. */
    static boolean looksLikeSpeakerLines(String text) {
        int labelled = 0;
        int lines = 0;
        Set<String> speakers = new HashSet<>();
        for (String line : text.split("\\R", 400)) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            String speaker = speakerOf(line);
            if (speaker != null) {
                labelled++;
                speakers.add(speaker);
            }
        }
        return labelled >= 3 && speakers.size() >= 2 && labelled * 2 >= lines;
    }

    private static String speakerOf(String line) {
        Matcher b = BRACKET_SPEAKER.matcher(line);
        if (b.matches()) {
            return b.group(1).strip();
        }
        Matcher c = COLON_SPEAKER.matcher(line);
        if (c.matches() && c.group(1).split(" ").length <= 5 && !c.group(1).isBlank()) {
            return c.group(1).strip();
        }
        return null;
    }

    private static Transcript parseSpeakerLines(String text) {
        Builder b = new Builder();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher br = BRACKET_SPEAKER.matcher(line);
            Matcher co = COLON_SPEAKER.matcher(line);
            if (br.matches()) {
                b.turn(br.group(1).strip(), null, null, br.group(2));
            } else if (co.matches() && co.group(1).split(" ").length <= 5 && !co.group(1).isBlank()) {
                Long at = co.group(2) == null ? null : millis(co.group(2));
                b.turn(co.group(1).strip(), at, null, co.group(3));
            } else {
                b.continueTurn(line.strip());
            }
        }
        return b.build();
    }

    private static Transcript parseCues(String text, boolean vtt) throws IngestException {
        String[] lines = text.split("\\R");
        Builder b = new Builder();
        int i = 0;
        if (vtt) {
            if (!lines[0].stripLeading().startsWith("WEBVTT")) {
                throw new IngestException("transcript", "malformed-transcript",
                        "WebVTT file does not start with 'WEBVTT': add that header line, or rename the file to .txt");
            }
            while (i < lines.length && !lines[i].isBlank()) {
                i++; // header block
            }
        }
        int cues = 0;
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            if (vtt && (lines[i].startsWith("NOTE") || lines[i].startsWith("STYLE") || lines[i].startsWith("REGION"))) {
                while (i < lines.length && !lines[i].isBlank()) {
                    i++;
                }
                continue;
            }
            Matcher timing = TIMING.matcher(lines[i]);
            if (!timing.matches() && i + 1 < lines.length) {
                timing = TIMING.matcher(lines[i + 1]); // cue identifier line first
                if (timing.matches()) {
                    i++;
                }
            }
            if (!timing.matches()) {
                throw new IngestException("transcript", "malformed-transcript", "line " + (i + 1)
                        + " of the " + (vtt ? "WebVTT" : "SRT") + " file should be a cue timing like "
                        + "'00:00:01.000 --> 00:00:04.000' but is '" + abbreviate(lines[i])
                        + "': fix the cue, or rename the file to .txt to index it as plain text");
            }
            long start = millis(timing.group(1));
            long end = millis(timing.group(2));
            i++;
            StringBuilder cue = new StringBuilder();
            while (i < lines.length && !lines[i].isBlank()) {
                cue.append(cue.length() == 0 ? "" : " ").append(lines[i].strip());
                i++;
            }
            cues++;
            String raw = cue.toString();
            String speaker = null;
            Matcher voice = VOICE.matcher(raw);
            if (voice.find()) {
                speaker = voice.group(1).strip();
            }
            String plain = TAG.matcher(raw).replaceAll("").strip();
            if (speaker == null) {
                Matcher co = COLON_SPEAKER.matcher(plain);
                if (co.matches() && co.group(1).split(" ").length <= 5) {
                    speaker = co.group(1).strip();
                    plain = co.group(3);
                }
            }
            if (!plain.isEmpty()) {
                b.cue(speaker, start, end, plain);
            }
        }
        if (cues == 0) {
            throw new IngestException("transcript", "malformed-transcript",
                    "the " + (vtt ? "WebVTT" : "SRT") + " file has no cues: check that it is a complete subtitle file");
        }
        return b.build();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /** "hh:mm:ss.mmm", "mm:ss.mmm", "mm:ss" or "h:mm:ss" to milliseconds. */
    static long millis(String stamp) {
        String[] parts = stamp.replace(',', '.').split(":");
        double seconds = 0;
        for (String p : parts) {
            seconds = seconds * 60 + Double.parseDouble(p);
        }
        return Math.round(seconds * 1000);
    }

    /** Accumulates turns; consecutive cues of one speaker become one turn. */
    private static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final List<Turn> turns = new ArrayList<>();
        private String speaker;
        private Long start;
        private Long end;
        private StringBuilder utterance;

        void turn(String speaker, Long start, Long end, String words) {
            flush();
            this.speaker = speaker;
            this.start = start;
            this.end = end;
            this.utterance = new StringBuilder(words.strip());
        }

        void cue(String speaker, long start, long end, String words) {
            if (utterance != null && Objects.equals(speaker, this.speaker)) {
                utterance.append(' ').append(words);
                this.end = end;
            } else {
                turn(speaker, start, end, words);
            }
        }

        void continueTurn(String words) {
            if (utterance == null) {
                turn(null, null, null, words);
            } else {
                utterance.append(' ').append(words);
            }
        }

        private void flush() {
            if (utterance == null) {
                return;
            }
            if (speaker != null) {
                text.append(speaker).append(": ");
            }
            int from = text.length();
            text.append(utterance);
            turns.add(Turn.newBuilder().setSpeaker(speaker).setStartMs(start).setEndMs(end)
                    .setText(utterance.toString()).setCharStart(from).setCharEnd(text.length()).build());
            text.append('\n');
            utterance = null;
        }

        Transcript build() {
            flush();
            return new Transcript(text.toString(), turns);
        }
    }
}
