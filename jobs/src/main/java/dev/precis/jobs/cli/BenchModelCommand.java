package dev.precis.jobs.cli;

import dev.precis.attention.model.ModelBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Prefill and decode speed of the Gemma 3 engine against the bandwidth and FMA bounds measured",
                "in the same run. Without FILE it generates Gemma-3-1B-shaped Q8_0 and Q4_0 files with random",
                "weights into a cache and benchmarks both."})
final class BenchModelCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "A GGUF file (optional).")
    Path file;

    @Option(names = "--json", description = "One JSON object: prefillTokensPerSecond, decodeTokensPerSecond, bounds, peakRssBytes.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelBench.Result r = ModelBench.run(file, ModelBench.Options.defaults(), System.err);
        System.out.println(json ? ModelBench.renderJson(r) : ModelBench.renderText(r));
        return 0;
    }
}
