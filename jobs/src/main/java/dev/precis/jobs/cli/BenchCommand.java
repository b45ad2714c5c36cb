package dev.precis.jobs.cli;

import picocli.CommandLine.Command;

/** {@code precis bench …}: benchmarks that print the figures in docs/PERFORMANCE.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchAttentionCommand.class, BenchIngestCommand.class, BenchModelCommand.class, BenchSearchCommand.class})
final class BenchCommand {}
