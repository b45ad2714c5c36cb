package dev.precis.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.kernels.KvPrecision;
import org.junit.jupiter.api.Test;

class KvCacheTest {
    private static final long MIB = 1 << 20;

    @Test
    void memoryMatchesTheGemma3Table() {
        // GEMMA3.md, bf16, one token at a time: 4B at 128K: 17,408 MiB all global, 2,676 MiB interleaved.
        assertEquals(17408 * MIB, KvCache.totalBytes(AttentionPattern.allGlobal(34), 4, 256, 131072, 1, KvPrecision.BF16));
        assertEquals(2676 * MIB, KvCache.totalBytes(AttentionPattern.gemma3("4b"), 4, 256, 131072, 1, KvPrecision.BF16));
        assertEquals(832 * MIB, KvCache.totalBytes(AttentionPattern.allGlobal(26), 1, 256, 32768, 1, KvPrecision.BF16));
        assertEquals(139 * MIB, KvCache.totalBytes(AttentionPattern.gemma3("1b"), 1, 256, 32768, 1, KvPrecision.BF16));
    }

    @Test
    void localLayersAreRingsOfWindowPlusChunk() {
        KvCache cache = new KvCache(AttentionPattern.of(100, AttentionPattern.GLOBAL, 5000), 2, 16, 1000, 32,
                KvPrecision.F32);
        assertEquals(131, cache.layer(0).capacity());
        assertEquals(1000, cache.layer(1).capacity());
        assertEquals(1000, cache.layer(2).capacity(), "a window past the context is the context");
        assertEquals(2L * 2 * 131 * 16 * 4, cache.bytes(0));
        assertEquals(cache.bytes(0) + cache.bytes(1) + cache.bytes(2), cache.bytes());
        long[] planned = KvCache.layerBytes(cache.pattern(), 2, 16, 1000, 32, KvPrecision.F32);
        assertEquals(cache.bytes(1), planned[1]);
        KvCache bf16 = new KvCache(AttentionPattern.of(100), 2, 16, 1000, 32, KvPrecision.BF16);
        assertEquals(cache.bytes(0) / 2, bf16.bytes(0));
    }

    @Test
    void clearForgetsPositions() {
        KvCache cache = new KvCache(AttentionPattern.of(4), 1, 2, 16, 1, KvPrecision.F32);
        cache.layer(0).append(1, new float[] {1, 2}, 0, new float[] {3, 4}, 0);
        assertEquals(1, cache.layer(0).length());
        cache.clear();
        assertEquals(0, cache.layer(0).length());
    }

    @Test
    void badSizesNameThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvCache(AttentionPattern.of(4), 1, 2, 16, 17, KvPrecision.F32));
        assertTrue(e.getMessage().contains("maxChunk=17") && e.getMessage().contains("maxContext=16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KvCache(AttentionPattern.of(4), 0, 2, 16, 1, KvPrecision.F32));
        assertThrows(IllegalArgumentException.class, () -> new KvCache(AttentionPattern.of(4), 1, 2, 16, 1, KvPrecision.F32).layer(1));
    }
}
