package dev.precis.attention.model.constrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.attention.model.tokenizer.GemmaTokenizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenMaskTest {

    private static GemmaTokenizer vocabulary() {
        List<String> t = new ArrayList<>(List.of("<pad>", "<eos>", "<bos>", "<unk>"));
        List<Integer> ty = new ArrayList<>(List.of(3, 3, 3, 2));
        String[] pieces = {"{", "}", "[", "]", "\"", "\":", "\",", "\"}", ":", ",", "▁", "▁\"", "a", "ab", "abc", "abcd",
            "abcdefgh", "b", "x\"", "\\", "\\n", "\\\"", "é", "😀", "name", "{\"", "{\"name\":", "{\"name\":▁\"", "1", "12",
            "true", "null", "ok\"}", "<0x41>"};
        for (String p : pieces) {
            t.add(p);
            ty.add(p.startsWith("<0x") ? GemmaTokenizer.TYPE_BYTE : GemmaTokenizer.TYPE_NORMAL);
        }
        float[] scores = new float[t.size()];
        int[] types = ty.stream().mapToInt(Integer::intValue).toArray();
        return new GemmaTokenizer(t.toArray(new String[0]), scores, types, 2, 1, 3, true, null);
    }

    @Test
    void fastStringPathAgreesWithTheFullWalk() {
        GemmaTokenizer tok = vocabulary();
        TokenMask mask = new TokenMask(tok, 1);
        JsonSchemaConstraint c = JsonSchemaConstraint.compile(
                "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":4}}}");
        for (String prefix : new String[] {"", "{", "{\"name\":", "{\"name\": \"", "{\"name\":\"a", "{\"name\":\"abc",
                "{\"name\":\"abcd", "{\"name\":\"ab\\", "{\"name\":\"a\"", "{\"name\":\"a\"}"}) {
            JsonMatcher m = c.start().feed(prefix);
            BitSet fast = mask.allowed(m, true);
            BitSet slow = mask.allowed(m, false);
            assertEquals(slow, fast, "after '" + prefix + "'");
        }
        JsonMatcher in = c.start().feed("{\"name\":\"a");
        BitSet b = mask.allowed(in);
        assertTrue(b.get(tok.id("abc")), "3 more characters fit in maxLength 4");
        assertFalse(b.get(tok.id("abcd")), "4 more do not");
        assertTrue(b.get(tok.id("😀")), "an emoji is one character");
        assertTrue(b.get(tok.id("ok\"}")), "closing the string and the object");
        assertFalse(b.get(tok.id("<0x41>")), "byte pieces never");
        assertFalse(b.get(1), "no stop inside the document");
        assertTrue(mask.allowed(c.start().feed("{\"name\":\"a\"}")).get(1), "stop once complete");
    }
}
