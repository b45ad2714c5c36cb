package dev.precis.jobs.cli;

import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.ingest.Ingestor;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that analyse documents. */
final class JobOptions {
    @Option(names = "--engine", defaultValue = "extractive", description = "Analyzer engine (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--summary-words", defaultValue = "100", description = "Summary length in words (default: ${DEFAULT-VALUE}).")
    int summaryWords;

    @Option(names = "--key-points", defaultValue = "8", description = "Number of key points (default: ${DEFAULT-VALUE}).")
    int keyPoints;

    @Option(names = "--max-file-mb", defaultValue = "100", description = "Largest file read, in MiB (default: ${DEFAULT-VALUE}).")
    long maxFileMb;

    @Option(names = "--max-chars", defaultValue = "5000000", description = "Characters of text kept per document (default: ${DEFAULT-VALUE}).")
    int maxChars;

    AnalyzerConfig analyzer() {
        return new AnalyzerConfig(engine, summaryWords, keyPoints, Map.of());
    }

    Ingestor.Options ingest() {
        return new Ingestor.Options(maxChars, maxFileMb << 20);
    }
}
