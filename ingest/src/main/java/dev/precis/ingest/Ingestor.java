package dev.precis.ingest;

import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Turn;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.ToTextContentHandler;
import org.apache.tika.sax.WriteOutContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Turns the bytes of one file into a {@link DocumentRecord}: Tika detects the type and extracts the text
 * (up to a write limit), transcripts are parsed into speaker turns, the language is guessed and the text
 * is split into sentences. Tika runs in a {@link ParserSandbox}: by default in forked processes with a
 * timeout and a heap cap, so that a hostile file costs one parser process and never the caller.
 * Thread-safe: the sandbox hands each parse its own parser process.
 */
public final class Ingestor implements AutoCloseable {

    /** Where a file came from: its URI, name, the collection (bucket or folder), size and modification time. */
    public record Source(String uri, String fileName, String collection, long sizeBytes, long modifiedMillis) {}

    /** Limits: characters of text kept per document, the largest file read at all, and how Tika runs. */
    public record Options(int writeLimitChars, long maxFileBytes, ParserSandbox.Limits parser) implements java.io.Serializable {
        public Options {
            if (writeLimitChars < 1 || maxFileBytes < 1) {
                throw new IllegalArgumentException("write limit " + writeLimitChars + " characters and file limit "
                        + maxFileBytes + " bytes must both be positive");
            }
        }

        /** 5 million characters, 100 MiB, Tika in forked processes with its default limits. */
        public static Options defaults() {
            return new Options(5_000_000, 100L << 20, ParserSandbox.Limits.defaults());
        }

        /** The same limits with Tika in this JVM: for one-off files, where starting a parser process costs more than it saves. */
        public Options inProcess() {
            return new Options(writeLimitChars, maxFileBytes, parser.inProcess());
        }
    }

    private final ParserSandbox parser;
    private final Options options;

    public Ingestor(Options options) {
        this.options = options;
        this.parser = new ParserSandbox(options.parser());
    }

    public Ingestor() {
        this(Options.defaults());
    }

    /** Stops the forked parser processes. */
    @Override
    public void close() {
        parser.close();
    }

    public Options options() {
        return options;
    }

    public DocumentRecord ingest(Source source, byte[] content) throws IngestException {
        if (content.length == 0) {
            throw new IngestException("read", "empty", "the file is empty (0 bytes): upload it again once it is complete");
        }
        if (content.length > options.maxFileBytes()) {
            throw new IngestException("read", "too-large", "the file has " + content.length + " bytes, over the limit of "
                    + options.maxFileBytes() + ": split it, or raise the limit (--max-file-mb)");
        }
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, source.fileName());
        String extracted = extract(content, metadata);
        String mediaType = baseType(metadata.get(Metadata.CONTENT_TYPE));

        String text = tidy(extracted);
        List<Turn> turns = List.of();
        String kind = "document";
        TranscriptParser.Format format = mediaType.startsWith("text/") || mediaType.equals("application/x-subrip")
                ? TranscriptParser.detect(source.fileName(), text) : null;
        if (format != null) {
            TranscriptParser.Transcript t = TranscriptParser.parse(format, text);
            text = t.text();
            turns = t.turns();
            kind = "transcript";
            if (format == TranscriptParser.Format.WEBVTT) {
                mediaType = "text/vtt";
            } else if (format == TranscriptParser.Format.SRT) {
                mediaType = "application/x-subrip";
            }
        }
        if (text.isBlank()) {
            throw new IngestException("extract", "no-text", "no text could be extracted from this " + mediaType
                    + " file: if it is a scanned document or an image, run OCR on it first");
        }

        String language = LanguageGuesser.guess(text);
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        if (turns.isEmpty()) {
            addSentences(text, 0, text.length(), language, starts, ends);
        } else {
            for (Turn turn : turns) {
                addSentences(text, turn.getCharStart(), turn.getCharEnd(), language, starts, ends);
            }
        }

        Map<String, String> meta = new LinkedHashMap<>();
        for (String name : metadata.names()) {
            String value = metadata.get(name);
            if (value != null && value.length() < 500 && !name.startsWith("X-TIKA:Parsed-By")) {
                meta.put(name, value);
            }
        }
        return DocumentRecord.newBuilder()
                .setId(documentId(source.uri()))
                .setSourceUri(source.uri())
                .setCollection(source.collection())
                .setContentHash(sha256(content))
                .setSizeBytes(content.length)
                .setMediaType(mediaType)
                .setKind(kind)
                .setTitle(title(metadata, text, source.fileName()))
                .setLanguage(language)
                .setDocumentDate(documentDate(text, metadata, source.modifiedMillis()))
                .setText(text)
                .setTurns(turns)
                .setSentenceStarts(starts)
                .setSentenceEnds(ends)
                .setMetadata(meta)
                .setIngestedAt(Instant.now())
                .build();
    }

    private String extract(byte[] content, Metadata metadata) throws IngestException {
        // Past the write limit the text is cut rather than the parse failed: the first part is still worth analysing.
        StringWriter text = new StringWriter();
        ContentHandler handler = new BodyContentHandler(
                new WriteOutContentHandler(new ToTextContentHandler(text), options.writeLimitChars(), false, new ParseContext()));
        long start = System.nanoTime();
        try (TikaInputStream in = TikaInputStream.get(content, metadata)) {
            parser.parse(in, handler, metadata);
        } catch (EncryptedDocumentException e) {
            throw encrypted(e);
        } catch (TikaException e) {
            if (causedBy(e, EncryptedDocumentException.class) || e instanceof ParserSandbox.ReportedFailure r
                    && r.classes().contains(EncryptedDocumentException.class.getName())) {
                throw encrypted(e);
            }
            throw lostForkOr(metadata, e, start);
        } catch (IOException e) {
            throw lostForkOr(metadata, e, start);
        } catch (SAXException | RuntimeException e) {
            throw bombOr(metadata, e);
        }
        String out = text.toString();
        if (out.length() >= options.writeLimitChars()) {
            metadata.set("precis:truncated", "true"); // kept the first writeLimitChars characters
        }
        return out;
    }

    private static IngestException encrypted(Exception e) {
        return new IngestException("extract", "encrypted", "the document is encrypted or password-protected: "
                + "save a copy without the password and drop that in instead", e);
    }

    /** A zip bomb or over-deep nesting (Tika's or POI's guard tripped), else a corrupt file. */
    private static IngestException bombOr(Metadata metadata, Exception e) {
        String all = chainMessages(e).toLowerCase(java.util.Locale.ROOT);
        if (all.contains("nesting")) {
            return new IngestException("extract", "too-deep", "the document nests elements or archives deeper than the "
                    + "allowed limit (" + firstLine(chainMessages(e)) + "): it is malformed or hostile; flatten or re-export it", e);
        }
        if (all.contains("zip bomb") || all.contains("zipbomb") || all.contains("compression ratio")) {
            return new IngestException("extract", "zip-bomb", "the file expands to far more than its own size (a suspected "
                    + "zip bomb) and was not parsed: if it is genuine, unpack it and drop in the parts", e);
        }
        return corrupt(metadata, e);
    }

    /**
     * A forked parser that stopped answering ran past the timeout (its watchdog ends it) or died (out of
     * memory, or a crash); anything else is judged by its message.
     */
    private IngestException lostForkOr(Metadata metadata, Exception e, long startNanos) {
        if (!parser.limits().forked() || !chainMessages(e).contains("forked parser process")) {
            return bombOr(metadata, e);
        }
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        if (ms >= parser.limits().timeoutMillis()) {
            return new IngestException("extract", "timeout", "parsing took longer than " + parser.limits().timeoutMillis() / 1000
                    + " s and was stopped: the file is probably malformed; if it is genuinely this complex, raise --parse-timeout", e);
        }
        return new IngestException("extract", "parser-crash", "the parser process died after " + ms + " ms (out of its "
                + parser.limits().heapMb() + " MiB of memory, or crashed) on this file: check that it opens in its own "
                + "application; if it is genuinely this large, raise --parser-heap-mb", e);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String chainMessages(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null && s.length() < 2000; c = c.getCause()) {
            s.append(c instanceof ParserSandbox.ReportedFailure r ? r.classes() : c.getClass().getSimpleName())
                    .append(": ").append(c.getMessage()).append(" | ");
        }
        return s.toString();
    }

    private static String firstLine(String s) {
        int cut = s.indexOf(" | ");
        return cut < 0 ? s : s.substring(0, cut);
    }

    private static IngestException corrupt(Metadata metadata, Exception e) {
        String type = baseType(metadata.get(Metadata.CONTENT_TYPE));
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ParserSandbox.ReportedFailure) {
            reason = reason.replaceAll("( \\| null)+", "").replaceAll(" \\| $", "").replace(" | ", " (") ;
            reason = reason.contains("(") ? reason + ")" : reason;
        } else if (e.getCause() != null && e.getCause().getMessage() != null) {
            reason += " (" + e.getCause().getMessage() + ")";
        }
        if (reason.length() > 300) {
            reason = reason.substring(0, 300) + "…";
        }
        return new IngestException("extract", "corrupt", "could not parse the file as " + type + ": " + reason
                + ". Check that it opens in its own application; re-export or re-upload it", e);
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return "application/octet-stream";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    }

    private static void addSentences(String text, int from, int to, String language, List<Integer> starts, List<Integer> ends) {
        for (SentenceSegmenter.Span s : SentenceSegmenter.segment(text, from, to, language)) {
            starts.add(s.start());
            ends.add(s.end());
        }
    }

    /** Trailing spaces removed and runs of blank lines folded, so that offsets index readable text. */
    static String tidy(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace('\u00a0', ' ')
                .replaceAll("[ \\t\\x0B\\f]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static String title(Metadata metadata, String text, String fileName) {
        String t = metadata.get(TikaCoreProperties.TITLE);
        if (t != null && !t.isBlank() && !t.strip().equalsIgnoreCase("untitled")) {
            return t.strip();
        }
        String firstLine = text.strip().lines().findFirst().orElse("").strip();
        if (!firstLine.isEmpty() && firstLine.length() <= 100 && !firstLine.startsWith("WEBVTT")
                && !firstLine.contains(": ")) {
            return firstLine;
        }
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /**
     * The date the document speaks from, which due dates like "by Friday" count from: the date its head states
     * (minutes and transcripts open with the meeting's date), else the file's created or modified date from its
     * metadata, else the file's modification time.
     */
    private static String documentDate(String text, Metadata metadata, long modifiedMillis) {
        LocalDate stated = HeadingDates.of(text);
        if (stated != null) {
            return stated.toString();
        }
        for (String key : new String[] {TikaCoreProperties.CREATED.getName(), TikaCoreProperties.MODIFIED.getName()}) {
            String v = metadata.get(key);
            if (v != null && v.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                return v.substring(0, 10);
            }
        }
        return modifiedMillis > 0 ? Instant.ofEpochMilli(modifiedMillis).atZone(ZoneOffset.UTC).toLocalDate().toString() : null;
    }

    /** A document's id: the same file (by URI) keeps its id when its content changes, so upserts replace it. */
    public static String documentId(String uri) {
        return sha256(uri.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
