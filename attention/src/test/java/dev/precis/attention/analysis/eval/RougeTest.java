package dev.precis.attention.analysis.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RougeTest {

    @Test
    void tokensAreLowerCasedSplitAndStemmed() {
        assertEquals(List.of("the", "cat", "were", "run", "fast", "2024"), Rouge.tokens("The cats were RUNNING fast, 2024!"));
    }

    @Test
    void identicalTextScoresOne() {
        Rouge.Scores s = Rouge.score("the group discussed the budget", "the group discussed the budget");
        assertEquals(1.0, s.rouge1().f1(), 1e-12);
        assertEquals(1.0, s.rouge2().f1(), 1e-12);
        assertEquals(1.0, s.rougeL().f1(), 1e-12);
    }

    @Test
    void countsAreClippedAndBigramsCounted() {
        // candidate: "the the the" vs reference "the cat": one clipped unigram match of three / two
        Rouge.Scores s = Rouge.score("the the the", "the cat");
        assertEquals(1.0 / 3, s.rouge1().precision(), 1e-12);
        assertEquals(0.5, s.rouge1().recall(), 1e-12);
        assertEquals(0.0, s.rouge2().f1(), 1e-12);
    }

    @Test
    void summaryLevelLcsTakesTheUnionOverCandidateSentences() {
        // Lin (2004) example: r = w1 w2 w3 w4 w5; c1 = w1 w2 w6 w7 w8; c2 = w1 w3 w8 w9 w5.
        // Union LCS hits w1 w2 w3 w5 = 4 of 5 reference tokens, over 10 candidate tokens.
        Rouge.Scores s = Rouge.score("a b f g h\na c h i e", "a b c d e");
        assertEquals(0.8, s.rougeL().recall(), 1e-12);
        assertEquals(0.4, s.rougeL().precision(), 1e-12);
    }

    /** The published scores of a known system on its own outputs: a correct scorer reproduces them. */
    @Test
    void reproducesThePublishedHmnetScores() throws Exception {
        Path dir = TestData.require("qmsum");
        List<String> preds = Files.readAllLines(dir.resolve("hmnet-preds.txt"), StandardCharsets.UTF_8);
        List<String> refs = Files.readAllLines(dir.resolve("hmnet-refs.txt"), StandardCharsets.UTF_8);
        assertEquals(preds.size(), refs.size());
        double r1 = 0;
        double r2 = 0;
        double rl = 0;
        for (int i = 0; i < preds.size(); i++) {
            Rouge.Scores s = Rouge.score(preds.get(i), refs.get(i));
            r1 += s.rouge1().f1();
            r2 += s.rouge2().f1();
            rl += s.rougeL().f1();
        }
        int n = preds.size();
        String got = String.format("%.2f / %.2f / %.2f", 100 * r1 / n, 100 * r2 / n, 100 * rl / n);
        System.out.println("ROUGE-1/2/L on the published system outputs: " + got);
        assertEquals(36.51, 100 * r1 / n, 0.6, got);
        assertEquals(11.41, 100 * r2 / n, 0.6, got);
        assertEquals(31.60, 100 * rl / n, 0.6, got);
    }
}
