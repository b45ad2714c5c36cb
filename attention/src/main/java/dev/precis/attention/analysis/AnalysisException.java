package dev.precis.attention.analysis;

/** An analyzer could not handle a document; the message says what was wrong and what to do. */
public class AnalysisException extends RuntimeException {
    private final String kind;

    public AnalysisException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public AnalysisException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Short machine-readable kind for IngestFailure.errorKind. */
    public String kind() {
        return kind;
    }
}
