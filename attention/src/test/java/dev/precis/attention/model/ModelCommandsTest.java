package dev.precis.attention.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.attention.model.gguf.GgufFile;
import dev.precis.attention.model.tokenizer.GemmaTokenizer;
import dev.precis.kernels.quant.GgmlType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandsTest {
    @TempDir
    Path dir;

    private static PrintStream capture(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    @Test
    void infoTokenizeLogitsQuantizeAndGenerate() throws IOException {
        Path f32 = dir.resolve("m.gguf");
        RandomGemma.write(f32, GemmaForwardParityTest.TINY, GgmlType.F32, 11);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelCommands.info(f32, capture(out));
        String info = out.toString(StandardCharsets.UTF_8);
        assertTrue(info.contains("layers:        7 (1 global"), info);
        assertTrue(info.contains("vocabulary:    1024"), info);

        out.reset();
        int[] ids = ModelCommands.tokenize(f32, "the meeting", true, capture(out));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(ids.length, json.get("ids").size());
        assertEquals(2, json.get("ids").get(0).asInt(), "the tokenizer adds <bos>");
        assertEquals("▁meeting", json.get("pieces").get(ids.length - 1).asText(), "every prefix of a word is a piece");

        Path logits = dir.resolve("l.f32");
        ModelCommands.logits(f32, "the meeting", logits, capture(new ByteArrayOutputStream()));
        byte[] raw = Files.readAllBytes(logits);
        assertEquals(ids.length * 1024 * 4, raw.length);
        float[] expect;
        try (GgufFile f = GgufFile.open(f32)) {
            expect = GemmaModel.load(f).newSession(16, 16).forward(ids, true);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < expect.length; i++) {
            assertEquals(expect[i], b.getFloat(), 1e-6f);
        }

        Path q8 = dir.resolve("q8.gguf");
        ModelCommands.quantize(f32, q8, GgmlType.Q8_0, capture(new ByteArrayOutputStream()));
        try (GgufFile f = GgufFile.open(q8)) {
            assertEquals(GgmlType.Q8_0, f.tensor("blk.0.ffn_up.weight").type());
            assertEquals(GgmlType.F32, f.tensor("blk.0.ffn_norm.weight").type());
            float[] q = GemmaModel.load(f).newSession(16, 16).forward(ids, true);
            // 8-bit weights perturb a random model's logits by a few percent: each position's logit vector stays
            // nearly parallel to the f32 one
            for (int t = 0; t < ids.length; t++) {
                double dot = 0, na = 0, nb = 0;
                for (int v = 0; v < 1024; v++) {
                    dot += (double) q[t * 1024 + v] * expect[t * 1024 + v];
                    na += (double) q[t * 1024 + v] * q[t * 1024 + v];
                    nb += (double) expect[t * 1024 + v] * expect[t * 1024 + v];
                }
                double cos = dot / Math.sqrt(na * nb);
                assertTrue(cos > 0.99, "position " + t + ": cosine " + cos);
            }
        }

        Path schema = dir.resolve("s.json");
        Files.writeString(schema, "{\"type\":\"object\",\"required\":[\"ok\"],\"properties\":{\"ok\":{\"type\":\"boolean\"}}}");
        out.reset();
        Generator.Result r = ModelCommands.generate(q8, "Answer in JSON.", schema, ModelCommands.GenerateOptions.defaults(),
                capture(out), capture(new ByteArrayOutputStream()));
        assertTrue(r.text().equals("{\"ok\":true}") || r.text().equals("{\"ok\":false}")
                || r.text().matches("\\{\"ok\": ?(true|false)\\}"), r.text());
        assertEquals(r.text() + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
        assertTrue(GemmaTokenizer.chatPrompt(null, "x").startsWith("<start_of_turn>user\n"));
    }
}
