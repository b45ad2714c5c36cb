package dev.precis.attention.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's shape: the JSON fields other tools read, and the text lines people read. */
class ModelBenchTest {

    @Test
    void jsonCarriesTheFieldsTheBenchmarkPromises() throws IOException {
        ModelBench.ModelResult m = new ModelBench.ModelResult("f.gguf", "Q8_0", 1000, Map.of("512", 10.0, "4096", 8.0),
                Map.of("0", 3.0, "4096", 2.5, "32768", 1.0), 0.5, 0.45, 20.0, Map.of("512", 0.9), Map.of("0", 0.8), 0.6, 0.5,
                Map.of("0", 4.0e6, "4096", 5.5e6, "32768", 9.0e6));
        ModelBench.Result r = new ModelBench.Result("amd64", 2, "vector", 1e10, 5e10, 1.1e10, 6e10, 1.5,
                new ModelBench.KernelFigures(7e9, 3.5e9, 5e10, 5.5e10), List.of(m), 123456789L, "random KV");
        JsonNode j = new ObjectMapper().readTree(ModelBench.renderJson(r));
        assertEquals(123456789L, j.get("peakRssBytes").asLong());
        JsonNode model = j.get("models").get(0);
        assertEquals(8.0, model.get("prefillTokensPerSecond").get("4096").asDouble());
        assertEquals(1.0, model.get("decodeTokensPerSecond").get("32768").asDouble());
        assertEquals(0.5, model.get("decodeFractionOfBandwidthBound").asDouble());
        assertEquals(0.45, model.get("prefillFractionOfFmaPeak").asDouble());
        String text = ModelBench.renderText(r);
        assertTrue(text.contains("decode at context  32768:     1.00 tokens/s, 9.0 MB allocated per token"), text);
        assertEquals(5.5e6, model.get("decodeAllocatedBytesPerToken").get("4096").asDouble());
        assertTrue(text.contains("note: random KV"), text);
    }

    @Test
    void optionsRefuseSizesThatCannotBeMeasured() {
        ModelBench.Options d = ModelBench.Options.defaults();
        assertEquals(16, d.decodeTokens());
        assertEquals(2, d.prefillLengths().length);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ModelBench.Options(new int[0], new int[] {0, -1}, 8, d.cacheDir()));
        assertEquals("decode context -1 must not be negative", e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ModelBench.Options(new int[] {512}, new int[] {0}, 0, d.cacheDir()));
    }
}
