package dev.precis.ingest;

import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Turn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * Turns the bytes of one file into a {@link DocumentRecord}: Tika detects the type and extracts the text
 * (up to a write limit), transcripts are parsed into speaker turns, the language is guessed and the text
 * is split into sentences. Thread-safe: Tika's AutoDetectParser keeps no per-parse state.
 */
public final class Ingestor {

    /** Where a file came from: its URI, name, the collection (bucket or folder), size and modification time. */
    public record Source(String uri, String fileName, String collection, long sizeBytes, long modifiedMillis) {}

    /** Limits: characters of text kept per document, and the largest file read at all. */
    public record Options(int writeLimitChars, long maxFileBytes) implements java.io.Serializable {
        public static Options defaults() {
            return new Options(5_000_000, 100L << 20);
        }
    }

    private final AutoDetectParser parser = new AutoDetectParser();
    private final Options options;

    public Ingestor(Options options) {
        this.options = options;
    }

    public Ingestor() {
        this(Options.defaults());
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
                .setDocumentDate(documentDate(metadata, source.modifiedMillis()))
                .setText(text)
                .setTurns(turns)
                .setSentenceStarts(starts)
                .setSentenceEnds(ends)
                .setMetadata(meta)
                .setIngestedAt(Instant.now())
                .build();
    }

    private String extract(byte[] content, Metadata metadata) throws IngestException {
        BodyContentHandler handler = new BodyContentHandler(options.writeLimitChars());
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser); // embedded documents (attachments, zip entries) are parsed too
        try (TikaInputStream in = TikaInputStream.get(content, metadata)) {
            parser.parse(in, handler, metadata, context);
        } catch (EncryptedDocumentException e) {
            throw new IngestException("extract", "encrypted", "the document is encrypted or password-protected: "
                    + "save a copy without the password and drop that in instead", e);
        } catch (SAXException e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                throw corrupt(metadata, e);
            }
            metadata.set("precis:truncated", "true"); // keep the first writeLimitChars characters
        } catch (TikaException | IOException | RuntimeException e) {
            throw corrupt(metadata, e);
        }
        return handler.toString();
    }

    private static IngestException corrupt(Metadata metadata, Exception e) {
        String type = baseType(metadata.get(Metadata.CONTENT_TYPE));
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null) {
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

    private static String documentDate(Metadata metadata, long modifiedMillis) {
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
