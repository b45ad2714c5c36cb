package dev.precis.attention.analysis;

/** Creates the analyzer a configuration names. */
public final class Analyzers {
    private Analyzers() {}

    public static Analyzer create(AnalyzerConfig config) {
        return switch (config.engine()) {
            case AnalyzerConfig.EXTRACTIVE -> new ExtractiveAnalyzer(config);
            default -> throw new IllegalArgumentException("unknown analyzer engine '" + config.engine()
                    + "': use 'extractive' (the default, no download needed)");
        };
    }
}
