package dev.precis.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code precis} command line. */
@Command(name = "precis", mixinStandardHelpOptions = true, version = "precis 0.1.0",
        description = "Summaries, key points and action items for long documents and meeting transcripts, searchable.",
        subcommands = {BenchCommand.class, ClusterCommand.class, DemoCommand.class, EvalCommand.class, ModelCommand.class,
                RunCommand.class, SearchCommand.class, ServeCommand.class, StatusCommand.class, SubmitCommand.class,
                SummarizeCommand.class, WatchCommand.class,
                CommandLine.HelpCommand.class})
public final class PrecisCommand {
    /**
     * Lucene 9 uses the Vector API only on Java 20 and later and says so on every start under Java 17,
     * where Precis enables the module for its own kernels. Held here so that the setting is not collected.
     */
    private static final java.util.logging.Logger LUCENE_VECTORS =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    public static void main(String[] args) {
        LUCENE_VECTORS.setLevel(java.util.logging.Level.SEVERE);
        System.exit(execute(args));
    }

    /** Runs the command line without exiting, for tests. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new PrecisCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
                cmd.getErr().println("precis: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
