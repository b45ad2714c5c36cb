package dev.precis.attention.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precis.attention.model.constrain.JsonSchemaConstraint;
import dev.precis.attention.model.gguf.GgufFile;
import dev.precis.attention.model.gguf.GgufTensorInfo;
import dev.precis.attention.model.gguf.GgufValue;
import dev.precis.attention.model.gguf.GgufWriter;
import dev.precis.attention.model.sample.SamplerConfig;
import dev.precis.attention.model.tokenizer.GemmaTokenizer;
import dev.precis.kernels.quant.GgmlType;
import dev.precis.kernels.quant.QuantFormats;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The logic behind {@code precis model ...}: each command is a plain method writing to a stream, so that the
 * command line only parses options. {@link #main} runs them without the command line.
 */
public final class ModelCommands {
    private ModelCommands() {
    }

    /** {@code precis model info FILE}: architecture, sizes, tensor types, tokenizer. */
    public static void info(Path file, PrintStream out) {
        try (GgufFile f = GgufFile.open(file)) {
            out.printf("file:          %s (%,d bytes, GGUF v%d, alignment %d)%n", file, f.fileSize(), f.version(), f.alignment());
            out.printf("architecture:  %s%n", f.getString("general.architecture", "?"));
            out.printf("name:          %s%n", f.getString("general.name", "?"));
            GemmaConfig c = GemmaConfig.fromGguf(f);
            out.printf("layers:        %d (%d global: every %dth)%n", c.layers(),
                    java.util.Arrays.stream(c.windows()).filter(w -> w == 0).count(), GemmaConfig.GLOBAL_EVERY);
            out.printf("hidden:        %d, ffn %d, heads %d / kv %d, head dim %d%n", c.hidden(), c.ffn(), c.heads(),
                    c.kvHeads(), c.headDim());
            out.printf("vocabulary:    %d%n", c.vocab());
            out.printf("context:       %d, sliding window %d%n", c.contextLength(),
                    java.util.Arrays.stream(c.windows()).max().orElse(0));
            out.printf("rope:          global base %.0f scale %.4f, local base %.0f%n", c.ropeBaseGlobal(),
                    c.ropeScaleGlobal(), c.ropeBaseLocal());
            Map<String, long[]> types = new TreeMap<>();
            for (GgufTensorInfo t : f.tensors().values()) {
                String name = t.type() == null ? "type " + t.typeId() : t.type().name();
                long[] a = types.computeIfAbsent(name, k -> new long[2]);
                a[0]++;
                a[1] += t.type() == null ? 0 : t.bytes();
            }
            out.printf("tensors:       %d%n", f.tensors().size());
            types.forEach((k, v) -> out.printf("  %-6s %4d tensors, %,d bytes%n", k, v[0], v[1]));
            if (f.has("tokenizer.ggml.tokens")) {
                GemmaTokenizer tok = GemmaTokenizer.fromGguf(f);
                out.printf("tokenizer:     %s, %d tokens, bos %d, eos %d, chat template %s%n",
                        f.getString("tokenizer.ggml.model"), tok.vocabularySize(), tok.bos(), tok.eos(),
                        tok.chatTemplate() == null ? "absent" : "present");
            }
        }
    }

    /** Options of {@link #generate}. */
    public record GenerateOptions(int maxTokens, int context, boolean chat, SamplerConfig sampling) {
        public static GenerateOptions defaults() {
            return new GenerateOptions(256, 4096, true, SamplerConfig.greedy());
        }
    }

    /**
     * {@code precis model generate FILE --prompt TEXT [--schema FILE]}: streams the generated text to {@code out}
     * and a summary line to {@code err}.
     */
    public static Generator.Result generate(Path file, String prompt, Path schemaFile, GenerateOptions o,
            PrintStream out, PrintStream err) throws IOException {
        JsonSchemaConstraint schema = schemaFile == null ? null
                : JsonSchemaConstraint.compile(Files.readString(schemaFile, StandardCharsets.UTF_8));
        try (GgufFile f = GgufFile.open(file)) {
            GemmaModel model = GemmaModel.load(f);
            GemmaTokenizer tok = GemmaTokenizer.fromGguf(f);
            int context = Math.min(o.context(), model.config().contextLength());
            Generator g = new Generator(model, tok);
            String text = o.chat() ? GemmaTokenizer.chatPrompt(null, prompt) : prompt;
            Generator.Result r = g.generate(text, o.maxTokens(), context, o.sampling(), schema, null, out::print);
            out.println();
            out.flush();
            err.printf("%d prompt tokens in %.2f s (%.1f tokens/s), %d generated in %.2f s (%.2f tokens/s), stop: %s%n",
                    r.promptTokens(), r.prefillSeconds(), r.promptTokens() / r.prefillSeconds(), r.tokens().length,
                    r.decodeSeconds(), r.tokens().length / Math.max(1e-9, r.decodeSeconds()), r.stop());
            return r;
        }
    }

    /**
     * {@code precis model quantize IN OUT --type q8_0|q4_0}: every 2-D weight becomes {@code type}; 1-D tensors
     * (norms) and the metadata are copied.
     */
    public static void quantize(Path in, Path out, GgmlType type, PrintStream log) throws IOException {
        if (type != GgmlType.Q8_0 && type != GgmlType.Q4_0) {
            throw new IllegalArgumentException("quantize writes q8_0 or q4_0, not " + type);
        }
        try (GgufFile f = GgufFile.open(in)) {
            GgufWriter w = new GgufWriter();
            for (Map.Entry<String, GgufValue> e : f.metadata().entrySet()) {
                w.put(e.getKey(), e.getValue());
            }
            for (GgufTensorInfo t0 : f.tensors().values()) {
                GgufTensorInfo t = f.tensor(t0.name());
                long cols = t.dims()[0];
                boolean matrix = t.dims().length == 2 && cols % type.blockSize() == 0;
                GgmlType target = matrix ? type : t.type();
                long rows = t.count() / cols;
                long srcRow = t.type().bytesFor(cols);
                ByteBuffer[] chunks = f.map(t, srcRow);
                int perChunk = GgufFile.rowsPerChunk(srcRow, rows);
                w.addTensor(t.name(), target, t.dims(), (OutputStream o) -> {
                    float[] row = new float[(int) cols];
                    int dstRow = (int) target.bytesFor(cols);
                    ByteBuffer dst = ByteBuffer.allocate(dstRow).order(ByteOrder.LITTLE_ENDIAN);
                    for (long r = 0; r < rows; r++) {
                        QuantFormats.dequantize(t.type(), chunks[(int) (r / perChunk)], (r % perChunk) * srcRow, row, 0,
                                (int) cols);
                        QuantFormats.quantize(target, row, 0, (int) cols, dst, 0);
                        o.write(dst.array(), 0, dstRow);
                    }
                });
            }
            w.write(out);
            log.printf("wrote %s (%,d bytes)%n", out, Files.size(out));
        }
    }

    /** {@code precis model random --shape 270m|1b|4b --type TYPE OUT}. */
    public static void random(String shape, GgmlType type, Path out, long seed, PrintStream log) throws IOException {
        RandomGemma.write(out, RandomGemma.shape(shape), type, seed);
        log.printf("wrote %s (%,d bytes, random %s weights of the %s shape)%n", out, Files.size(out), type, shape);
    }

    /** {@code precis model tokenize FILE --text TEXT [--json]}: the token ids (BOS as the tokenizer adds it). */
    public static int[] tokenize(Path file, String text, boolean json, PrintStream out) throws IOException {
        try (GgufFile f = GgufFile.open(file)) {
            GemmaTokenizer tok = GemmaTokenizer.fromGguf(f);
            int[] ids = tok.encode(text);
            if (json) {
                ObjectMapper om = new ObjectMapper();
                ObjectNode n = om.createObjectNode();
                ArrayNode a = n.putArray("ids");
                ArrayNode p = n.putArray("pieces");
                for (int id : ids) {
                    a.add(id);
                    p.add(tok.token(id));
                }
                out.println(om.writeValueAsString(n));
            } else {
                StringBuilder b = new StringBuilder();
                for (int id : ids) {
                    b.append(b.length() == 0 ? "" : " ").append(id);
                }
                out.println(b);
            }
            return ids;
        }
    }

    /**
     * {@code precis model logits FILE --prompt TEXT --out FILE}: the logits of every prompt position as
     * little-endian f32, positions × vocabulary (BOS only when the tokenizer adds it).
     */
    public static void logits(Path file, String prompt, Path outFile, PrintStream log) throws IOException {
        try (GgufFile f = GgufFile.open(file)) {
            GemmaModel model = GemmaModel.load(f);
            int[] ids = GemmaTokenizer.fromGguf(f).encode(prompt);
            float[] logits = model.newSession(Math.min(model.config().contextLength(), Math.max(ids.length, 1)), 256)
                    .forward(ids, true);
            try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(outFile)))) {
                ByteBuffer b = ByteBuffer.allocate(4 * model.config().vocab()).order(ByteOrder.LITTLE_ENDIAN);
                for (int t = 0; t < ids.length; t++) {
                    b.clear();
                    b.asFloatBuffer().put(logits, t * model.config().vocab(), model.config().vocab());
                    o.write(b.array());
                }
            }
            log.printf("wrote %d positions x %d logits to %s%n", ids.length, model.config().vocab(), outFile);
        }
    }
}
