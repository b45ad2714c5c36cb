package dev.precis.attention.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.kernels.KvPrecision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tiny run of the benchmark: the report's structure and its counts, never its speed. */
class AttentionBenchTest {

    @Test
    void slowerCacheMemoryAndABusyHostAreSaid() {
        List<String> notes = new ArrayList<>();
        AttentionBench.warnings(131072, 35.2, 0.99, 61.4, notes);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("cannot show more than 0.57 of the bandwidth"), notes.get(0));
        notes.clear();
        AttentionBench.warnings(131072, 63.0, 0.85, 61.4, notes);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("85% of its cores"), notes.get(0));
        notes.clear();
        AttentionBench.warnings(131072, 58.0, 0.98, 61.4, notes);
        assertEquals(List.of(), notes);
    }

    @Test
    void tinyRunReportsEveryFigure() throws Exception {
        int n = 300;
        int window = 32;
        int chunk = 128;
        // 0.01 GFLOP is below the 0.046 of a full global prefill here, so the global layer is sampled.
        AttentionBench.Options o = new AttentionBench.Options(List.of(n), 4, 2, 64, window, chunk, KvPrecision.F32,
                "cpu", 0.01, 0.01, 16L << 20);
        AttentionBench.Result r = AttentionBench.run(o);
        JsonNode json = new ObjectMapper().readTree(AttentionBench.toJson(r));

        assertTrue(json.get("fmaPeakGflops").asDouble() > 0);
        assertTrue(json.get("bandwidthGBs").asDouble() > 0);
        JsonNode c = json.get("contexts").get(0);
        for (String key : new String[] {"context", "localGflops", "globalGflops", "blockSpeedup", "kvBytesInterleaved",
                "kvBytesGlobal", "decodeBandwidthFraction", "cacheStreamGBs", "decodeCacheStreamFraction"}) {
            assertTrue(c.has(key), "missing " + key);
        }
        double cache = c.get("cacheStreamGBs").asDouble();
        assertTrue(cache > 0 && Double.isFinite(cache), "cache stream " + cache);
        assertEquals(c.get("decodeGBs").asDouble() / cache, c.get("decodeCacheStreamFraction").asDouble(), 1e-9);
        assertEquals(n, c.get("context").asInt());

        long perPosition = 2L * 2 * 64 * Float.BYTES;             // K and V, 2 kv heads, head_dim 64
        long localCapacity = window + chunk - 1;                   // ring: window plus one chunk
        assertEquals(5 * localCapacity * perPosition + n * perPosition, c.get("kvBytesInterleaved").asLong());
        assertEquals(6L * n * perPosition, c.get("kvBytesGlobal").asLong());

        long local = 0;
        long global = 0;
        for (int i = 0; i < n; i++) {
            local += Math.min(i + 1, window);
            global += i + 1;
        }
        assertEquals(6.0 * global / (5.0 * local + global), c.get("blockPairRatio").asDouble(), 1e-9);
        assertTrue(c.get("globalScaled").asBoolean());
        assertEquals(64, c.get("globalTimedRows").asInt());
        double speedup = c.get("blockSpeedup").asDouble();
        assertTrue(speedup > 0 && Double.isFinite(speedup), "speedup " + speedup);
        assertEquals(c.get("global6Seconds").asDouble() / c.get("block5to1Seconds").asDouble(), speedup, 1e-9);

        String text = AttentionBench.toText(r);
        assertTrue(text.contains("timed the last 64 query rows"), text);
        assertFalse(text.contains("NaN"), text);
    }

    @Test
    void optionsRejectNonsense() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AttentionBench.Options(
                List.of(100), 8, 4, 256, 0, 64, KvPrecision.F32, "cpu", 1, 0.1, 1 << 20));
        assertTrue(e.getMessage().contains("window=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AttentionBench.Options(
                List.of(100), 8, 4, 256, 16, 1024, KvPrecision.F32, "cpu", 1, 0.1, 1 << 20));
    }
}
