package dev.precis.attention.analysis;

import java.io.Serializable;
import java.util.Map;

/**
 * Which analyzer to run and how: engine name, summary budget in words, number of key points, plus
 * engine-specific options (for example {@code model} for the gemma engine). Serializable so that a
 * Flink job can ship it to its tasks.
 */
public record AnalyzerConfig(String engine, int summaryWords, int keyPoints, Map<String, String> options)
        implements Serializable {

    public static final String EXTRACTIVE = "extractive";
    public static final String GEMMA = "gemma";

    public AnalyzerConfig {
        if (engine == null || engine.isBlank()) {
            throw new IllegalArgumentException("analyzer engine is empty: use 'extractive' or 'gemma'");
        }
        if (summaryWords < 10) {
            throw new IllegalArgumentException("summary budget of " + summaryWords + " words is too small: use at least 10");
        }
        if (keyPoints < 0) {
            throw new IllegalArgumentException("key point count " + keyPoints + " is negative");
        }
        options = Map.copyOf(options == null ? Map.of() : options);
    }

    /** The default: extractive, a summary of about 100 words, 8 key points. */
    public static AnalyzerConfig defaults() {
        return new AnalyzerConfig(EXTRACTIVE, 100, 8, Map.of());
    }

    public AnalyzerConfig withSummaryWords(int words) {
        return new AnalyzerConfig(engine, words, keyPoints, options);
    }
}
