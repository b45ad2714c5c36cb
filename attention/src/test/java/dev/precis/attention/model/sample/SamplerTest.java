package dev.precis.attention.model.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {1f, 3f, 2f, -1f, 2.5f};

    @Test
    void greedyTakesTheLargestAllowed() {
        Sampler s = new Sampler(SamplerConfig.greedy());
        assertEquals(1, s.sample(LOGITS, null));
        BitSet allowed = new BitSet();
        allowed.set(0);
        allowed.set(2);
        assertEquals(2, s.sample(LOGITS, allowed));
    }

    @Test
    void topKAndTopPCutTheTail() {
        int[] counts = new int[5];
        Sampler s = new Sampler(new SamplerConfig(1.0, 2, 1.0, 7));
        for (int i = 0; i < 2000; i++) {
            counts[s.sample(LOGITS, null)]++;
        }
        assertEquals(0, counts[0] + counts[2] + counts[3]);
        // p(1) / p(4) = e^0.5 ≈ 1.65 among the two kept
        double ratio = counts[1] / (double) counts[4];
        assertTrue(ratio > 1.4 && ratio < 1.95, "ratio " + ratio);
        // top-p 0.5: token 1 alone has softmax probability ≈ 0.48 < 0.5, so tokens 1 and 4 remain
        Sampler p = new Sampler(new SamplerConfig(1.0, 0, 0.5, 7));
        int[] c2 = new int[5];
        for (int i = 0; i < 500; i++) {
            c2[p.sample(LOGITS, null)]++;
        }
        assertEquals(500, c2[1] + c2[4]);
        assertTrue(c2[4] > 0);
    }

    @Test
    void sameSeedSameChoicesAndLowTemperatureIsNearlyGreedy() {
        Sampler a = new Sampler(new SamplerConfig(1.0, 0, 1.0, 42));
        Sampler b = new Sampler(new SamplerConfig(1.0, 0, 1.0, 42));
        for (int i = 0; i < 50; i++) {
            assertEquals(a.sample(LOGITS, null), b.sample(LOGITS, null));
        }
        Sampler cold = new Sampler(new SamplerConfig(0.01, 0, 1.0, 1));
        for (int i = 0; i < 50; i++) {
            assertEquals(1, cold.sample(LOGITS, null));
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(-1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(1, -2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(SamplerConfig.greedy()).sample(LOGITS, new BitSet()));
    }
}
