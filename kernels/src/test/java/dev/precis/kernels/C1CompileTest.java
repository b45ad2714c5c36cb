package dev.precis.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.kernels.quant.GgmlType;
import dev.precis.kernels.quant.QuantKernels;
import dev.precis.kernels.quant.QuantMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every kernel method compiles with C1, the first compiler of the tiered JVM. A method C1 gives up on can be
 * left in its tier-2 form for the rest of the process when the tiered policy has already put it there; for a
 * Vector API kernel that form runs on boxed vectors, at a tenth of the speed or less. It happened to the
 * decode's register-blocked value sums ({@code values2}): with its 32 vector sums added to the output in place
 * C1 ran "out of virtual registers in linear scan", and some JVMs decoded at 3-5 GB/s instead of 40
 * (docs/PERFORMANCE.md). The run is a child JVM stopped at C1's top tier that prints its compilations; the
 * test fails on any bail-out in a {@code dev.precis.kernels} method.
 */
class C1CompileTest {

    @Test
    void kernelMethodsCompileWithC1() throws IOException, InterruptedException {
        Assumptions.assumeTrue(QuantKernels.vector() != null, "tests run with --add-modules jdk.incubator.vector");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=3", "-XX:+PrintCompilation",
                // compile after a few calls and loop trips, in the calling thread: a short workload suffices
                "-XX:Tier3InvocationThreshold=10", "-XX:Tier3MinInvocationThreshold=5",
                "-XX:Tier3CompileThreshold=20", "-XX:Tier3BackEdgeThreshold=500", "-XX:-BackgroundCompilation",
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Workload.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the workload JVM did not finish");
        assertEquals(0, p.exitValue(), "the workload JVM failed:\n" + out);
        assertTrue(out.contains("workload done"), "the workload did not finish:\n" + out);
        List<String> skipped = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("dev.precis.kernels") && (line.contains("COMPILE SKIPPED") || line.contains("not retryable"))) {
                skipped.add(line.trim());
            }
        }
        assertTrue(skipped.isEmpty(), "C1 could not compile these kernel methods (simplify them: fewer live "
                + "vectors or vector operations per method):\n" + String.join("\n", skipped));
        assertTrue(out.contains("CpuKernels::decodeChunk"), "the workload did not get decode compiled:\n" + out);
        if (jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512) {
            assertTrue(out.contains("CpuKernels::values2"), "the workload did not get values2 compiled:\n" + out);
        }
    }

    /** Runs the attention and quantized kernels often enough for C1 to compile their methods. */
    public static final class Workload {
        public static void main(String[] args) {
            SplittableRandom rnd = new SplittableRandom(5);
            Kernels cpu = Kernels.named("cpu");
            for (KvPrecision precision : KvPrecision.values()) {
                for (int[] s : new int[][] {{8, 4, 256}, {2, 1, 64}}) {
                    AttentionShape shape = new AttentionShape(s[0], s[1], s[2]);
                    int n = 80;
                    KvBuffer kv = new KvBuffer(s[1], n, s[2], precision);
                    float[] k = random(rnd, n * s[1] * s[2]);
                    float[] v = random(rnd, n * s[1] * s[2]);
                    float[] q = random(rnd, 32 * shape.rowWidth());
                    float[] o = new float[32 * shape.rowWidth()];
                    kv.append(n, k, 0, v, 0);
                    for (int rep = 0; rep < 12; rep++) {
                        cpu.attentionDecode(shape, q, 0, n - 1 - rep % 7, kv, rep % 2 == 0 ? Integer.MAX_VALUE : 50,
                                0.0625f, o, 0);
                    }
                    for (int rep = 0; rep < 2; rep++) {
                        cpu.attentionPrefill(shape, q, 0, 32, n - 32, kv, rep % 2 == 0 ? Integer.MAX_VALUE : 50,
                                0.0625f, o, 0);
                    }
                }
            }
            float[] x = random(rnd, 4 * 512);
            float[] y = new float[4 * 64];
            for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.F16, GgmlType.BF16, GgmlType.F32}) {
                QuantMatrix w = QuantMatrix.quantize(type, random(rnd, 64 * 512), 64, 512);
                for (QuantMatrix m : new QuantMatrix[] {w, w.resident()}) {
                    for (int rep = 0; rep < 30; rep++) {
                        m.matvec(QuantKernels.vector(), x, y);
                        m.matmul(QuantKernels.vector(), x, 4, y);
                    }
                }
            }
            System.out.println("workload done");
        }

        private static float[] random(SplittableRandom rnd, int n) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return a;
        }
    }
}
