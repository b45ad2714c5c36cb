package dev.precis.attention.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.attention.model.gguf.GgufFile;
import dev.precis.kernels.Kernels;
import dev.precis.kernels.KvPrecision;
import dev.precis.kernels.quant.GgmlType;
import dev.precis.kernels.quant.QuantKernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's logits (prefill in tiles, and token-by-token decode) against {@link NaiveGemma} on tiny
 * random models: 7 layers (local 0–4 and 6, global 5), window 4 over 11 tokens, 4 query heads on 2 kv heads,
 * linear RoPE scaling on the global layer, and each tensor type.
 */
class GemmaForwardParityTest {
    static final RandomGemma.Shape TINY = new RandomGemma.Shape("tiny", 7, 128, 256, 4, 2, 32, 1024, 4, 64, 8);

    @TempDir
    Path dir;

    /**
     * Tolerance on logits as absolute + relative × |reference|, per weight type and path. The reference is
     * f64 over the stored weights, so the error is the engine's own arithmetic: f32 accumulation (float types,
     * and every prefill, which dequantizes weights to f32), and for decode with Q8_0/Q4_0 weights the 8-bit
     * activations (about 1/254 of each block's largest value per element, as in llama.cpp), compounded over
     * seven matrices in each of seven layers.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(GgmlType.F32, 1e-4, 1e-4, 1e-4, 1e-4),
                Arguments.of(GgmlType.F16, 1e-4, 1e-4, 1e-4, 1e-4),
                Arguments.of(GgmlType.BF16, 1e-4, 1e-4, 1e-4, 1e-4),
                Arguments.of(GgmlType.Q8_0, 1e-4, 1e-4, 0.2, 0.05),
                Arguments.of(GgmlType.Q4_0, 1e-4, 1e-4, 0.2, 0.05));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void prefillAndDecodeMatchTheNaiveForward(GgmlType type, double preAbs, double preRel, double decAbs, double decRel)
            throws IOException {
        Path p = dir.resolve("tiny-" + type + ".gguf");
        RandomGemma.write(p, TINY, type, 42);
        int[] tokens = new Random(1).ints(11, 0, TINY.vocab()).toArray();
        try (GgufFile f = GgufFile.open(p)) {
            double[][] ref = new NaiveGemma(f).logits(tokens);
            for (QuantKernels k : new QuantKernels[] {QuantKernels.scalar(), QuantKernels.vector()}) {
                GemmaModel m = GemmaModel.load(f, k);
                int vocab = m.config().vocab();
                // tiles of 3 (3+3+3+2): the window of 4 and the tile boundaries do not line up, and no tile is a
                // single token (which would take the decode path)
                float[] pre = m.newSession(64, 3).forward(tokens, true);
                double worstPre = 0;
                double worstDec = 0;
                GemmaModel.Session s = m.newSession(64, 3);
                for (int i = 0; i < tokens.length; i++) {
                    float[] dec = s.next(tokens[i]);
                    for (int v = 0; v < vocab; v++) {
                        double r = ref[i][v];
                        double ePre = Math.abs(pre[i * vocab + v] - r);
                        double eDec = Math.abs(dec[v] - r);
                        worstPre = Math.max(worstPre, ePre / (preAbs + preRel * Math.abs(r)));
                        worstDec = Math.max(worstDec, eDec / (decAbs + decRel * Math.abs(r)));
                    }
                }
                System.out.printf("%s %s: worst error / tolerance: prefill %.3f, decode %.3f%n", type, k.name(), worstPre,
                        worstDec);
                assertTrue(worstPre <= 1, type + " " + k.name() + " prefill off by " + worstPre + " tolerances");
                assertTrue(worstDec <= 1, type + " " + k.name() + " decode off by " + worstDec + " tolerances");
                assertEquals(tokens.length, s.position());
            }
        }
    }

    /**
     * The attention backend and the cache precision are the session's choice: the scalar attention kernels
     * with an f32 cache meet the prefill tolerance of F32 weights; a bf16 cache rounds every key and value to
     * 8 significant bits (relative error up to 2^-9), which reaches the logits through seven layers, hence
     * its looser tolerance.
     */
    @Test
    void attentionBackendAndCachePrecisionAreTheSessionsChoice() throws IOException {
        Path p = dir.resolve("tiny-f32.gguf");
        RandomGemma.write(p, TINY, GgmlType.F32, 42);
        int[] tokens = new Random(1).ints(11, 0, TINY.vocab()).toArray();
        try (GgufFile f = GgufFile.open(p)) {
            double[][] ref = new NaiveGemma(f).logits(tokens);
            GemmaModel m = GemmaModel.load(f, QuantKernels.scalar());
            Object[][] cases = {
                {KvPrecision.F32, "scalar", 1e-4, 1e-4},
                {KvPrecision.BF16, "cpu", 2e-2, 2e-2},
            };
            for (Object[] c : cases) {
                KvPrecision precision = (KvPrecision) c[0];
                float[] pre = m.newSession(64, 3, precision, Kernels.named((String) c[1]))
                        .forward(tokens, true);
                double abs = (double) c[2];
                double rel = (double) c[3];
                double worst = 0;
                int vocab = m.config().vocab();
                for (int i = 0; i < tokens.length; i++) {
                    for (int v = 0; v < vocab; v++) {
                        double r = ref[i][v];
                        worst = Math.max(worst, Math.abs(pre[i * vocab + v] - r) / (abs + rel * Math.abs(r)));
                    }
                }
                System.out.printf("%s cache, %s attention: worst error / tolerance %.3f%n", precision, c[1], worst);
                assertTrue(worst <= 1, precision + " " + c[1] + " off by " + worst + " tolerances");
            }
        }
    }
}
