package dev.precis.jobs.cli;

import picocli.CommandLine.Command;

/** {@code precis bench …}: benchmarks that print figures for docs/PERFORMANCE.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchSearchCommand.class})
final class BenchCommand {}
