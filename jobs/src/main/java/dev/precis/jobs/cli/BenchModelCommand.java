package dev.precis.jobs.cli;

import dev.precis.attention.model.ModelBench;
import java.nio.file.Path;
import java.util.List;
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

    @Option(names = "--prefill", description = "Prompt lengths to prefill, comma-separated (default: 512,4096; an empty value skips prefill).")
    String prefill;

    @Option(names = "--contexts", split = ",", description = "Contexts to decode at (default: 0,4096,32768).")
    List<Integer> contexts;

    @Option(names = "--tokens", description = "Tokens decoded at each context (default: 16).")
    Integer tokens;

    @Option(names = "--json", description = "One JSON object: prefillTokensPerSecond, decodeTokensPerSecond, bounds, peakRssBytes.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelBench.Options d = ModelBench.Options.defaults();
        ModelBench.Options o = new ModelBench.Options(prefill == null ? d.prefillLengths() : lengths(prefill),
                contexts == null ? d.decodeContexts() : ints(contexts), tokens == null ? d.decodeTokens() : tokens, d.cacheDir());
        ModelBench.Result r = ModelBench.run(file, o, System.err);
        System.out.println(json ? ModelBench.renderJson(r) : ModelBench.renderText(r));
        return 0;
    }

    private static int[] lengths(String list) {
        if (list.isBlank()) {
            return new int[0];
        }
        try {
            return java.util.Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--prefill '" + list + "' should be prompt lengths such as 512,4096");
        }
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
