package dev.precis.jobs.cli;

import dev.precis.attention.bench.AttentionBench;
import dev.precis.kernels.KvPrecision;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "attention", mixinStandardHelpOptions = true,
        description = {"Interleaved attention at Gemma-3-4B layer shapes (8 query heads, 4 kv heads, head_dim 256,",
                "window 1024): local and global layer prefill, the 5:1 block against 6 global layers, decode",
                "bandwidth and KV-cache bytes, against the FMA peak and memory bandwidth measured in the same run."})
final class BenchAttentionCommand implements Callable<Integer> {
    @Option(names = "--contexts", split = ",", description = "Context lengths (default: 4096,32768,131072).")
    List<Integer> contexts;

    @Option(names = "--precision", defaultValue = "f32", description = "KV-cache storage: f32 or bf16 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--backend", defaultValue = "cpu", description = "Kernel backend: cpu or scalar (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--json", description = "One JSON object: fmaPeakGflops, bandwidthGBs and an entry per context.")
    boolean json;

    @Override
    public Integer call() {
        AttentionBench.Options d = AttentionBench.Options.defaults();
        AttentionBench.Options o = new AttentionBench.Options(contexts == null ? d.contexts() : contexts, d.heads(),
                d.kvHeads(), d.headDim(), d.window(), d.chunk(), KvPrecision.valueOf(precision.toUpperCase(Locale.ROOT)),
                backend, d.fullPrefillGflop(), d.peakSeconds(), d.bandwidthBytes());
        AttentionBench.Result r = AttentionBench.run(o);
        System.out.println(json ? AttentionBench.toJson(r) : AttentionBench.toText(r));
        return 0;
    }
}
