package dev.precis.attention.model.constrain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonMatcherTest {
    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"name\",\"n\"],\"properties\":{"
            + "\"name\":{\"type\":\"string\",\"maxLength\":5},\"opt\":{\"type\":\"boolean\"},"
            + "\"n\":{\"type\":\"integer\",\"minimum\":-3,\"maximum\":42},"
            + "\"x\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"a\",\"bc\",null]},\"maxItems\":2},"
            + "\"date\":{\"type\":[\"string\",\"null\"],\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}}}";

    private static boolean complete(String text) {
        JsonMatcher m = JsonSchemaConstraint.compile(SCHEMA).start().feed(text);
        return m != null && m.isComplete();
    }

    private static boolean prefix(String text) {
        return JsonSchemaConstraint.compile(SCHEMA).start().feed(text) != null;
    }

    @Test
    void acceptsValidDocuments() {
        assertTrue(complete("{\"name\":\"ab\",\"n\":42}"));
        assertTrue(complete("{\"name\": \"\", \"opt\": true, \"n\": -3, \"x\": 0.25, \"tags\": [\"bc\", null], \"date\": null}"));
        assertTrue(complete("{\"name\":\"a\\\"b\",\"n\":0,\"x\":1,\"date\":\"2024-01-31\"}"));
        assertTrue(complete("{\"name\":\"a\",\"n\":7,\"tags\":[]}"));
    }

    @Test
    void rejectsWhatCannotBecomeValid() {
        assertFalse(prefix("{\"n\":1"), "required 'name' comes first in schema order");
        assertFalse(prefix("{\"name\":\"abcdef"), "maxLength 5");
        assertFalse(prefix("{\"name\":\"a\",\"n\":43"), "maximum 42");
        assertFalse(prefix("{\"name\":\"a\",\"n\":-4"), "minimum -3");
        assertFalse(prefix("{\"name\":\"a\",\"n\":1.5"), "integer");
        assertFalse(prefix("{\"name\":\"a\",\"n\":1,\"x\":1.5"), "x ≤ 1");
        assertFalse(prefix("{\"name\":\"a\",\"n\":1,\"x\":-1"), "x ≥ 0 (\"-0\" would still be allowed: it equals 0)");
        assertFalse(prefix("{\"name\":\"a\",\"n\":1,\"tags\":[\"a\",\"a\",\"a\""), "maxItems 2");
        assertFalse(prefix("{\"name\":\"a\",\"n\":1,\"tags\":[\"b\"]"), "enum");
        assertFalse(prefix("{\"name\":\"a\",\"n\":1,\"date\":\"2024-1-"), "pattern: two month digits");
        assertFalse(prefix("{\"name\":\"a\",\"n\":01"), "leading zero");
        assertFalse(prefix("{\"name\":\"a\",\"n\":1,\"other\""), "unknown property");
        assertFalse(prefix("{\"name\":\"a\",\"n\":1}x"), "text after the document");
        assertFalse(complete("{\"name\":\"a\"}"), "missing required 'n'");
        assertNotNull(JsonSchemaConstraint.compile(SCHEMA).start().feed("{\"name\":\"a\",\"n\":4"), "4 may become 42");
        assertNull(JsonSchemaConstraint.compile(SCHEMA).start().feed("{\"name\":\"a\",\"n\":50"), "50 > 42");
    }

    @Test
    void unsupportedSchemasAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonSchemaConstraint.compile("{\"$ref\":\"#/x\"}"));
        assertTrue(e.getMessage().contains("'$ref'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> JsonSchemaConstraint.compile("{\"type\":\"string\",\"pattern\":\"(a|b)\"}"));
        assertTrue(e.getMessage().contains("pattern '(a|b)'"), e.getMessage());
    }
}
