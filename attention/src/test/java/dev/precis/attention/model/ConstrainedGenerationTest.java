package dev.precis.attention.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.precis.attention.model.constrain.JsonSchemaConstraint;
import dev.precis.attention.model.constrain.TokenMask;
import dev.precis.attention.model.gguf.GgufFile;
import dev.precis.attention.model.sample.SamplerConfig;
import dev.precis.attention.model.tokenizer.GemmaTokenizer;
import dev.precis.kernels.quant.GgmlType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random models sampled at temperature 4 (hot, so that they wander over the schema) produce JSON that always parses and validates under the schema
 * (checked by an independent JSON Schema validator), 100 generations per schema.
 */
class ConstrainedGenerationTest {
    /** Small enough that 100 generations take a second or two; the vocabulary still has all JSON pieces. */
    static final RandomGemma.Shape SMALL = new RandomGemma.Shape("small", 2, 64, 128, 2, 1, 32, 1024, 8, 512, 1);

    @TempDir
    static Path dir;

    static Stream<String> schemas() throws IOException {
        String actionItems;
        try (InputStream in = ConstrainedGenerationTest.class.getResourceAsStream("/dev/precis/schemas/action-items.schema.json")) {
            actionItems = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Stream.of(
                actionItems,
                "{\"type\":\"object\",\"required\":[\"level\",\"count\",\"ok\",\"meta\"],\"properties\":{"
                        + "\"level\":{\"enum\":[\"low\",\"medium\",\"high\"]},"
                        + "\"count\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":12},"
                        + "\"ok\":{\"type\":\"boolean\"},\"note\":{\"type\":\"null\"},"
                        + "\"meta\":{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{"
                        + "\"id\":{\"type\":\"string\",\"minLength\":2,\"maxLength\":8},"
                        + "\"scores\":{\"type\":\"array\",\"items\":{\"type\":\"number\",\"minimum\":-1.5,\"maximum\":2},"
                        + "\"minItems\":1,\"maxItems\":3}}}}}",
                "{\"type\":\"array\",\"minItems\":2,\"maxItems\":5,\"items\":{\"type\":\"array\","
                        + "\"items\":{\"type\":[\"integer\",\"string\",\"null\"],\"maximum\":99,\"maxLength\":3},\"maxItems\":3}}",
                "{\"type\":\"object\",\"required\":[\"kind\",\"when\"],\"properties\":{"
                        + "\"kind\":{\"const\":\"meeting\"},"
                        + "\"when\":{\"type\":\"string\",\"pattern\":\"^[0-9]{4}-[0-1][0-9]-[0-3][0-9]$\"},"
                        + "\"who\":{\"anyOf\":[{\"type\":\"string\",\"maxLength\":6},{\"type\":\"array\",\"items\":{\"type\":\"string\",\"maxLength\":4},\"maxItems\":2}]},"
                        + "\"ratio\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1}}}");
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void everyGenerationValidates(String schemaJson) throws IOException {
        Path p = dir.resolve("small.gguf");
        if (!p.toFile().exists()) {
            RandomGemma.write(p, SMALL, GgmlType.Q8_0, 3);
        }
        Schema validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaJson);
        // tight caps keep 100 generations fast; the schema's own bounds still hold under them
        JsonSchemaConstraint schema = JsonSchemaConstraint.compile(schemaJson, new JsonSchemaConstraint.Limits(12, 3, 4, 3));
        ObjectMapper om = new ObjectMapper();
        try (GgufFile f = GgufFile.open(p)) {
            GemmaModel model = GemmaModel.load(f);
            GemmaTokenizer tok = GemmaTokenizer.fromGguf(f);
            Generator gen = new Generator(model, tok);
            TokenMask mask = gen.newMask();
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                Generator.Result r = gen.generate(GemmaTokenizer.chatPrompt(null, "Give JSON."), 400, 512,
                        new SamplerConfig(4.0, 0, 1.0, i), schema, mask, null);
                assertEquals(Generator.Stop.STOP_TOKEN, r.stop(), "generation " + i + " did not finish: " + r.text());
                om.readTree(r.text());
                List<Error> errors = validator.validate(r.text(), InputFormat.JSON);
                assertTrue(errors.isEmpty(), "generation " + i + ": " + r.text() + " → " + errors);
                distinct.add(r.text());
            }
            // the random model really explores the schema: the outputs differ
            assertTrue(distinct.size() > 20, distinct.size() + " distinct outputs");
        }
    }
}
