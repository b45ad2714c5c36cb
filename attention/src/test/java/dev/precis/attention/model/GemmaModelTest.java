package dev.precis.attention.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.attention.model.gguf.GgufException;
import dev.precis.attention.model.gguf.GgufFile;
import dev.precis.attention.model.gguf.GgufTensorInfo;
import dev.precis.attention.model.gguf.GgufValue;
import dev.precis.attention.model.gguf.GgufWriter;
import dev.precis.kernels.quant.GgmlType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GemmaModelTest {
    @TempDir
    Path dir;

    /** A file as llama.cpp's quantizer writes it: types mixed per tensor. */
    @Test
    void mixedTypesMatchTheNaiveForward() throws IOException {
        Path p = dir.resolve("mixed.gguf");
        RandomGemma.write(p, GemmaForwardParityTest.TINY, name -> name.startsWith("token_embd") ? GgmlType.Q8_0
                : name.contains("attn_q") || name.contains("attn_k") ? GgmlType.F16
                : name.contains("attn") ? GgmlType.BF16 : name.contains("ffn_down") ? GgmlType.F32 : GgmlType.Q4_0, 5);
        int[] tokens = new Random(2).ints(9, 0, 1024).toArray();
        try (GgufFile f = GgufFile.open(p)) {
            double[][] ref = new NaiveGemma(f).logits(tokens);
            float[] pre = GemmaModel.load(f).newSession(32, 3).forward(tokens, true); // 3+3+3: no single-token tile
            for (int i = 0; i < tokens.length; i++) {
                for (int v = 0; v < 1024; v++) {
                    // prefill in f32 over dequantized weights: f32 rounding only
                    assertEquals(ref[i][v], pre[i * 1024 + v], 1e-4 + 1e-4 * Math.abs(ref[i][v]), "position " + i);
                }
            }
        }
    }

    /** K-quant files: Q4_K and Q6_K matrices are dequantized on load (rows of 256, so a wider model). */
    @Test
    void kQuantsDequantizedOnLoadMatchTheNaiveForward() throws IOException {
        RandomGemma.Shape shape = new RandomGemma.Shape("k", 6, 256, 512, 4, 2, 64, 1024, 4, 64, 8);
        Path p = dir.resolve("k.gguf");
        RandomGemma.write(p, shape, name -> name.contains("ffn") || name.contains("attn_v") ? GgmlType.Q6_K
                : name.contains("attn") ? GgmlType.Q4_K : GgmlType.Q8_0, 8);
        int[] tokens = new Random(3).ints(8, 0, 1024).toArray();
        try (GgufFile f = GgufFile.open(p)) {
            assertEquals(GgmlType.Q4_K, f.tensor("blk.5.attn_q.weight").type());
            assertEquals(GgmlType.Q6_K, f.tensor("blk.5.ffn_down.weight").type());
            double[][] ref = new NaiveGemma(f).logits(tokens);
            float[] pre = GemmaModel.load(f).newSession(32, 4).forward(tokens, true); // 4+4: no single-token tile
            for (int i = 0; i < tokens.length; i++) {
                for (int v = 0; v < 1024; v++) {
                    // the K-quant matrices are F32 after loading: f32 rounding only
                    assertEquals(ref[i][v], pre[i * 1024 + v], 1e-4 + 1e-4 * Math.abs(ref[i][v]), "position " + i);
                }
            }
        }
    }

    /** Rewrites a valid tiny model with one change to its metadata or tensors. */
    private Path variant(String name, UnaryOperator<Map<String, GgufValue>> meta, String dropTensor, String reshape)
            throws IOException {
        Path good = dir.resolve("good.gguf");
        RandomGemma.write(good, GemmaForwardParityTest.TINY, GgmlType.F32, 1);
        Path out = dir.resolve(name);
        try (GgufFile f = GgufFile.open(good)) {
            GgufWriter w = new GgufWriter();
            meta.apply(new java.util.LinkedHashMap<>(f.metadata())).forEach(w::put);
            for (GgufTensorInfo t : f.tensors().values()) {
                if (t.name().equals(dropTensor)) {
                    continue;
                }
                long[] dims = t.name().equals(reshape) ? new long[] {t.dims()[0], t.dims()[1] / 2} : t.dims();
                ByteBuffer b = f.map(t, t.bytes())[0];
                long bytes = t.type().bytesFor(java.util.Arrays.stream(dims).reduce(1, (x, y) -> x * y));
                w.addTensor(t.name(), t.type(), dims, o -> Channels.newChannel(o).write(b.duplicate().limit((int) bytes)));
            }
            w.write(out);
        }
        return out;
    }

    private static String loadError(Path p) {
        try (GgufFile f = GgufFile.open(p)) {
            return assertThrows(GgufException.class, () -> GemmaModel.load(f)).getMessage();
        }
    }

    @Test
    void wrongArchitectureMissingKeyMissingTensorAndWrongShapeAreNamed() throws IOException {
        String e = loadError(variant("arch.gguf", m -> {
            m.put("general.architecture", GgufValue.string("llama"));
            return m;
        }, null, null));
        assertTrue(e.contains("'general.architecture' is 'llama'"), e);
        e = loadError(variant("key.gguf", m -> {
            m.remove("gemma3.block_count");
            return m;
        }, null, null));
        assertTrue(e.contains("required key 'gemma3.block_count' is missing"), e);
        e = loadError(variant("missing.gguf", m -> m, "blk.3.ffn_up.weight", null));
        assertTrue(e.contains("tensor 'blk.3.ffn_up.weight' is missing"), e);
        e = loadError(variant("shape.gguf", m -> m, null, "blk.5.attn_k.weight"));
        assertTrue(e.contains("tensor 'blk.5.attn_k.weight' has shape [128, 32], expected [128, 64]"), e);
    }

    @Test
    void configFollowsTheGemmaPattern() throws IOException {
        Path p = dir.resolve("c.gguf");
        RandomGemma.write(p, GemmaForwardParityTest.TINY, GgmlType.F32, 1);
        try (GgufFile f = GgufFile.open(p)) {
            GemmaConfig c = GemmaConfig.fromGguf(f);
            assertEquals(java.util.List.of(4, 4, 4, 4, 4, 0, 4), java.util.Arrays.stream(c.windows()).boxed().toList());
            assertEquals(1 / Math.sqrt(32), c.queryScale(), 1e-7);
            assertEquals(1 / 8.0, c.ropeScaleGlobal());
            assertEquals(1e6, c.ropeBaseGlobal());
        }
        assertEquals((float) (1 / Math.sqrt(5376 / 32.0)), GemmaConfig.queryScaleFor(62, 5376, 32, 128));
        assertEquals((float) (1 / Math.sqrt(256)), GemmaConfig.queryScaleFor(34, 2560, 8, 256));
    }

    @Test
    void contextAndTokenLimitsAreChecked() throws IOException {
        Path p = dir.resolve("l.gguf");
        RandomGemma.write(p, GemmaForwardParityTest.TINY, GgmlType.F32, 1);
        try (GgufFile f = GgufFile.open(p)) {
            GemmaModel m = GemmaModel.load(f);
            assertThrows(IllegalArgumentException.class, () -> m.newSession(65, 8));
            GemmaModel.Session s = m.newSession(4, 8);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.forward(new int[] {1, 2, 3, 4, 5}, false));
            assertTrue(e.getMessage().contains("exceeds the context of 4"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.next(5000));
            assertTrue(e.getMessage().contains("token id 5000"), e.getMessage());
        }
    }
}
