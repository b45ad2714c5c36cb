package dev.precis.jobs.cli;

import dev.precis.attention.model.ModelCommands;
import dev.precis.attention.model.sample.SamplerConfig;
import dev.precis.kernels.quant.GgmlType;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code precis model …}: the Gemma 3 engine on a GGUF file the user brings. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Inspect, run, quantize or generate Gemma 3 GGUF models.",
        subcommands = {ModelCommand.Info.class, ModelCommand.Generate.class, ModelCommand.Quantize.class,
                ModelCommand.Random.class, ModelCommand.Tokenize.class, ModelCommand.Logits.class})
final class ModelCommand {

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Architecture, sizes, tensor types and tokenizer of a GGUF file.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", description = "The GGUF file.")
        Path file;

        @Override
        public Integer call() {
            ModelCommands.info(file, System.out);
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate text from a prompt; with --schema the output always parses and validates against that JSON Schema.")
    static final class Generate implements Callable<Integer> {
        @Parameters(index = "0", description = "The GGUF file.")
        Path file;

        @Option(names = "--prompt", required = true, description = "The prompt.")
        String prompt;

        @Option(names = "--schema", description = "A JSON Schema file the output must follow.")
        Path schema;

        @Option(names = "--max-tokens", defaultValue = "256", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
        int maxTokens;

        @Option(names = "--context", defaultValue = "4096", description = "Context to allocate, in tokens (default: ${DEFAULT-VALUE}).")
        int context;

        @Option(names = "--temperature", defaultValue = "0", description = "0 is greedy (default: ${DEFAULT-VALUE}).")
        double temperature;

        @Option(names = "--top-k", defaultValue = "0", description = "Keep the k likeliest tokens; 0 keeps all (default: ${DEFAULT-VALUE}).")
        int topK;

        @Option(names = "--top-p", defaultValue = "1", description = "Nucleus sampling mass (default: ${DEFAULT-VALUE}).")
        double topP;

        @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--raw", description = "Send the prompt as is, without the chat template.")
        boolean raw;

        @Override
        public Integer call() throws Exception {
            ModelCommands.GenerateOptions o = new ModelCommands.GenerateOptions(maxTokens, context, !raw,
                    new SamplerConfig(temperature, topK, topP, seed));
            ModelCommands.generate(file, prompt, schema, o, System.out, System.err);
            return 0;
        }
    }

    @Command(name = "quantize", mixinStandardHelpOptions = true, description = "Rewrite a GGUF file's matrices as Q8_0 or Q4_0.")
    static final class Quantize implements Callable<Integer> {
        @Parameters(index = "0", description = "Input GGUF.")
        Path in;

        @Parameters(index = "1", description = "Output GGUF.")
        Path out;

        @Option(names = "--type", required = true, description = "q8_0 or q4_0.")
        String type;

        @Override
        public Integer call() throws Exception {
            ModelCommands.quantize(in, out, GgmlType.parse(type), System.err);
            return 0;
        }
    }

    @Command(name = "random", mixinStandardHelpOptions = true,
            description = "Write a model of a real Gemma 3 shape with random weights, for tests and benchmarks.")
    static final class Random implements Callable<Integer> {
        @Parameters(index = "0", description = "Output GGUF.")
        Path out;

        @Option(names = "--shape", required = true, description = "270m, 1b or 4b.")
        String shape;

        @Option(names = "--type", required = true, description = "f32, f16, bf16, q8_0, q4_0, ...")
        String type;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            ModelCommands.random(shape, GgmlType.parse(type), out, seed, System.err);
            return 0;
        }
    }

    @Command(name = "tokenize", mixinStandardHelpOptions = true, description = "The token ids of a text, with the file's tokenizer.")
    static final class Tokenize implements Callable<Integer> {
        @Parameters(index = "0", description = "The GGUF file.")
        Path file;

        @Option(names = "--text", required = true, description = "The text.")
        String text;

        @Option(names = "--json", description = "Print a JSON array of ids.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ModelCommands.tokenize(file, text, json, System.out);
            return 0;
        }
    }

    @Command(name = "logits", mixinStandardHelpOptions = true,
            description = "Logits of every prompt position as little-endian f32 (positions × vocabulary).")
    static final class Logits implements Callable<Integer> {
        @Parameters(index = "0", description = "The GGUF file.")
        Path file;

        @Option(names = "--prompt", required = true, description = "The prompt (no BOS is added unless the tokenizer adds it).")
        String prompt;

        @Option(names = "--out", required = true, description = "Output file.")
        Path out;

        @Override
        public Integer call() throws Exception {
            ModelCommands.logits(file, prompt, out, System.err);
            return 0;
        }
    }
}
