package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxSentenceEncoderTest {
    private static OnnxSentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = OnnxSentenceEncoder.load(1, 100);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void vectorsAreUnitLengthAndMeaningful() {
        float[][] v = encoder.encode(List.of(
                "The team agreed to buy new wireless microphones.",
                "We decided to purchase some new radio mics.",
                "My cat likes to sleep in the sun."));
        assertEquals(3, v.length);
        assertEquals(384, v[0].length);
        for (float[] row : v) {
            assertEquals(1.0, Vectors.dot(row, row), 1e-4);
        }
        assertTrue(Vectors.dot(v[0], v[1]) > Vectors.dot(v[0], v[2]) + 0.2,
                "similar " + Vectors.dot(v[0], v[1]) + " vs unrelated " + Vectors.dot(v[0], v[2]));
    }

    /**
     * A batch gives the same vectors as one-by-one encoding, up to quantisation: the model quantises
     * activations dynamically with one scale per tensor, so the batch's other sentences shift the
     * int8 rounding slightly. Cosine 0.98 allows that (0.993 is the worst seen) and still catches a padding or pooling bug
     * (padding tokens pooled in, or the wrong row, give cosines far lower).
     */
    @Test
    void batchedEqualsSingle() {
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < 70; i++) { // more than one batch, with lengths from 1 to 70 words
            sentences.add("word ".repeat(i + 1) + "number " + i);
        }
        OnnxSentenceEncoder fresh = OnnxSentenceEncoder.load(1, 0);
        try {
            float[][] batch = fresh.encode(sentences);
            for (int i : new int[] {0, 13, 63, 69}) {
                float[] single = fresh.encode(List.of(sentences.get(i)))[0];
                double cos = Vectors.dot(single, batch[i]);
                assertTrue(cos > 0.98, "sentence " + i + ": cosine " + cos);
            }
        } finally {
            fresh.close();
        }
    }

    @Test
    void repeatedSentencesComeFromTheCache() {
        float[][] a = encoder.encode(List.of("The budget review is on Friday.", "The budget review is on Friday."));
        float[][] b = encoder.encode(List.of("The budget review is on Friday."));
        assertSame(a[0], a[1]);
        assertSame(a[0], b[0]);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> OnnxSentenceEncoder.load(0, 10));
    }
}
