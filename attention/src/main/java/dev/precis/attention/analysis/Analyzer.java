package dev.precis.attention.analysis;

import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.DocumentRecord;

/**
 * Turns one extracted document into its analysis: summary, key points, action items.
 *
 * <p>Implementations are chosen by name through {@link Analyzers#create}; every record they return
 * carries {@link #engine()} and {@link #version()} so that an index can tell which engine wrote what.
 * An analyzer is used from one thread at a time (each Flink subtask opens its own) but may use many
 * threads inside.
 */
public interface Analyzer extends AutoCloseable {

    /** Analyzes one document. Never returns null; throws {@link AnalysisException} for input it cannot handle. */
    AnalysisRecord analyze(DocumentRecord doc);

    /** Engine name as configured: {@code extractive} or {@code gemma}. */
    String engine();

    /** Engine version, or model file and hash for model engines. */
    String version();

    @Override
    default void close() {}
}
