package dev.precis.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttentionPatternTest {

    @Test
    void gemma3EverySixthLayerIsGlobal() {
        AttentionPattern p = AttentionPattern.gemma3("4b");
        assertEquals(34, p.layers());
        for (int il = 0; il < p.layers(); il++) {
            assertEquals(il % 6 == 5, p.isGlobal(il), "layer " + il);
            assertEquals(il % 6 == 5 ? AttentionPattern.GLOBAL : 1024, p.window(il), "layer " + il);
        }
        assertEquals(512, AttentionPattern.gemma3("1B").window(0));
        assertEquals(26, AttentionPattern.gemma3("1b").layers());
        assertEquals(1024, AttentionPattern.gemma3("27b").window(4));
        assertTrue(AttentionPattern.gemma3("27b").isGlobal(61 - 2));
        assertEquals(AttentionPattern.interleaved(18, 512, 6), AttentionPattern.gemma3("270m"));
    }

    @Test
    void customPatternsAreData() {
        AttentionPattern p = AttentionPattern.of(7, AttentionPattern.GLOBAL, 1);
        assertEquals(3, p.layers());
        assertEquals(7, p.window(0));
        assertTrue(p.isGlobal(1));
        assertFalse(p.isGlobal(2));
        assertEquals("AttentionPattern[7,G,1]", p.toString());
        assertTrue(AttentionPattern.allGlobal(4).isGlobal(3));
    }

    @Test
    void visiblePairsCountTheMask() {
        for (int w : new int[] {1, 3, 10, 64, AttentionPattern.GLOBAL}) {
            for (int from : new int[] {0, 2, 9, 70}) {
                for (int to : new int[] {from, from + 1, from + 13, 200}) {
                    long brute = 0;
                    for (int i = from; i < to; i++) {
                        for (int j = 0; j <= i; j++) {
                            brute += i - j < w ? 1 : 0;
                        }
                    }
                    assertEquals(brute, AttentionPattern.visiblePairs(w, from, to), "w=" + w + " [" + from + "," + to + ")");
                }
            }
        }
        // The table in GEMMA3.md: 128K causal vs window 1024, per head at d = 256.
        long causal = AttentionPattern.allGlobal(1).visiblePairs(0, 131072);
        long local = AttentionPattern.of(1024).visiblePairs(0, 131072);
        assertEquals(8796, Math.round(causal * 4.0 * 256 / 1e9));
        assertEquals(137, Math.round(local * 4.0 * 256 / 1e9));
    }

    @Test
    void badPatternsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionPattern.of(4, 0));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("window=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AttentionPattern.of());
        assertThrows(IllegalArgumentException.class, () -> AttentionPattern.gemma3("3b"));
        assertThrows(IllegalArgumentException.class, () -> AttentionPattern.gemma3("4b").window(34));
    }
}
