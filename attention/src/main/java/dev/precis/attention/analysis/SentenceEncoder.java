package dev.precis.attention.analysis;

import java.util.List;

/** Turns sentences into unit-length vectors whose dot product says how alike they are. */
public interface SentenceEncoder extends AutoCloseable {

    /** One unit vector per sentence: [sentences.size()][dimension()]. */
    float[][] encode(List<String> sentences);

    int dimension();

    /** Model name, recorded in the analyzer's version. */
    String name();

    @Override
    default void close() {}
}
