package dev.precis.jobs.cli;

import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.ingest.Ingestor;
import dev.precis.ingest.ParserSandbox;
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

    @Option(names = "--parse-timeout", defaultValue = "60", description = "Seconds a parser process may spend on one file (default: ${DEFAULT-VALUE}).")
    int parseTimeoutSeconds;

    @Option(names = "--parser-heap-mb", defaultValue = "512", description = "Heap of each parser process, in MiB (default: ${DEFAULT-VALUE}).")
    int parserHeapMb;

    /** These options as command-line arguments, to pass them on to a job started elsewhere. */
    java.util.List<String> asArgs() {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--engine", engine,
                "--summary-words", Integer.toString(summaryWords), "--key-points", Integer.toString(keyPoints),
                "--max-file-mb", Long.toString(maxFileMb), "--max-chars", Integer.toString(maxChars),
                "--parse-timeout", Integer.toString(parseTimeoutSeconds), "--parser-heap-mb", Integer.toString(parserHeapMb)));
        if (inProcessParsing) {
            args.add("--in-process-parsing");
        }
        return args;
    }

    @Option(names = "--in-process-parsing",
            description = "Parse in the job's own JVM instead of in separate parser processes: faster, but a hostile file can take the job down.")
    boolean inProcessParsing;

    AnalyzerConfig analyzer() {
        return new AnalyzerConfig(engine, summaryWords, keyPoints, Map.of());
    }

    Ingestor.Options ingest() {
        ParserSandbox.Limits d = ParserSandbox.Limits.defaults();
        return new Ingestor.Options(maxChars, maxFileMb << 20, new ParserSandbox.Limits(!inProcessParsing,
                parseTimeoutSeconds * 1000L, parserHeapMb, d.maxCompressionRatio(), d.maxDepth(), d.maxPackageDepth()));
    }
}
