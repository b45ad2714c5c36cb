package dev.precis.attention.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GemmaTokenizerTest {

    /** A tiny vocabulary: specials, a few pieces with scores, and the 256 byte tokens. */
    static GemmaTokenizer tiny() {
        List<String> t = new ArrayList<>(List.of("<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>",
                "a", "b", "c", "ab", "bc", "abc", "▁", "▁a", "\n", "<b>"));
        List<Float> s = new ArrayList<>(List.of(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, -1f, -2f, -3f, 0f, -0.5f, 0f, 0f));
        List<Integer> ty = new ArrayList<>(List.of(3, 3, 3, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 4, 4));
        for (int b = 0; b < 256; b++) {
            t.add(String.format("<0x%02X>", b));
            s.add(0f);
            ty.add(GemmaTokenizer.TYPE_BYTE);
        }
        float[] scores = new float[s.size()];
        int[] types = new int[s.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = s.get(i);
            types[i] = ty.get(i);
        }
        return new GemmaTokenizer(t.toArray(new String[0]), scores, types, 2, 1, 3, true, null);
    }

    @Test
    void mergesHighestScoreFirstThenLeftmost() {
        GemmaTokenizer tok = tiny();
        // "abc": "ab" (-1) beats "bc" (-2); then "ab"+"c" = "abc" (-3)
        assertArrayEquals(new int[] {2, 11}, tok.encode("abc"));
        // "bcb": "bc" then "b" alone
        assertArrayEquals(new int[] {10, 7}, tok.encode("bcb", false, true));
        // space becomes ▁ and merges with a following "a"; "▁▁" is no token
        assertArrayEquals(new int[] {12, 13, 7}, tok.encode("  ab", false, true));
    }

    @Test
    void unknownCharactersFallBackToUtf8Bytes() {
        GemmaTokenizer tok = tiny();
        int b0 = tok.id("<0xC3>");
        int b1 = tok.id("<0xA9>");
        assertArrayEquals(new int[] {6, b0, b1}, tok.encode("aé", false, true));
        assertEquals("aé", tok.decode(tok.encode("aé")));
    }

    @Test
    void specialTokensAreSplitOutAndHiddenWhenDecoding() {
        GemmaTokenizer tok = tiny();
        int[] ids = tok.encode("<start_of_turn>a\nb<end_of_turn>");
        assertArrayEquals(new int[] {2, 4, 6, 14, 7, 5}, ids);
        assertEquals("a\nb", tok.decode(ids));
        // without parsing specials, a control token's text is plain text, but user-defined "\n" still splits
        int[] plain = tok.encode("<bos>\n", false, false);
        assertEquals(14, plain[plain.length - 1]);
        // "<", "o", "s", ">" are no pieces: one byte token each, around the piece "b"
        assertArrayEquals(new int[] {tok.id("<0x3C>"), 7, tok.id("<0x6F>"), tok.id("<0x73>"), tok.id("<0x3E>")},
                tok.encode("<bos>", false, false));
        assertEquals("<b>", tok.decode(new int[] {15}));
    }

    @Test
    void chatPromptFollowsTheGemmaTemplate() {
        assertEquals("<start_of_turn>user\nsys\n\nhi<end_of_turn>\n<start_of_turn>model\n", GemmaTokenizer.chatPrompt("sys", "hi"));
        assertEquals("<start_of_turn>user\nhi<end_of_turn>\n<start_of_turn>model\n", GemmaTokenizer.chatPrompt(null, "hi"));
    }
}
