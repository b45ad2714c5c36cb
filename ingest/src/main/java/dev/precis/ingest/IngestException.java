package dev.precis.ingest;

/**
 * A file that could not be turned into a DocumentRecord. {@link #stage()} and {@link #kind()} go into
 * the IngestFailure record; the message says what was wrong and what the user can do.
 */
public class IngestException extends Exception {
    private final String stage;
    private final String kind;

    public IngestException(String stage, String kind, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.kind = kind;
    }

    public IngestException(String stage, String kind, String message) {
        this(stage, kind, message, null);
    }

    /** read | extract | transcript */
    public String stage() {
        return stage;
    }

    /** empty | corrupt | encrypted | too-large | unsupported-type | no-text | ... */
    public String kind() {
        return kind;
    }
}
