package dev.precis.attention.model.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema compiled into a character-level matcher, so that a generator can allow only the tokens that
 * keep its output a prefix of some document valid under the schema.
 *
 * <p>Supported: {@code type} (object, array, string, number, integer, boolean, null, and lists of them),
 * {@code properties}, {@code required}, {@code items}, {@code minItems}/{@code maxItems},
 * {@code minLength}/{@code maxLength}, {@code pattern} (a subset, see {@link SchemaNode.Pattern}),
 * {@code minimum}/{@code maximum}, {@code enum}, {@code const}, {@code anyOf}/{@code oneOf} (whose options
 * should not overlap) and nesting. Output is compact JSON (one optional space after {@code :} and
 * {@code ,}), properties in schema order, no properties beyond those listed. To guarantee that generation
 * ends, strings, arrays and numbers are capped by {@link Limits}. Strings hold no byte-fallback pieces, so
 * a character the vocabulary has no piece for cannot be generated. Anything else in a schema
 * ({@code $ref}, {@code patternProperties}, ...) is rejected with a message naming it.
 */
public final class JsonSchemaConstraint {

    /**
     * Hard caps on what is generated, applied on top of the schema's own bounds (a tighter upper bound still
     * validates; a schema minimum above a cap wins over the cap).
     */
    public record Limits(int maxStringLength, int maxItems, int maxIntDigits, int maxFracDigits) {
        public static Limits defaults() {
            return new Limits(1000, 64, 12, 6);
        }
    }

    private static final Set<String> IGNORED = Set.of("$schema", "$id", "title", "description", "additionalProperties",
            "examples", "default", "$comment", "format");

    private final SchemaNode root;

    private JsonSchemaConstraint(SchemaNode root) {
        this.root = root;
    }

    public static JsonSchemaConstraint compile(String schemaJson) {
        return compile(schemaJson, Limits.defaults());
    }

    public static JsonSchemaConstraint compile(String schemaJson, Limits limits) {
        try {
            return compile(new ObjectMapper().readTree(schemaJson), limits);
        } catch (IOException e) {
            throw new IllegalArgumentException("the schema is not valid JSON: " + e.getMessage(), e);
        }
    }

    public static JsonSchemaConstraint compile(JsonNode schema, Limits limits) {
        return new JsonSchemaConstraint(node(schema, limits, "#"));
    }

    /** A matcher at the start of the document. */
    public JsonMatcher start() {
        return JsonMatcher.start(root);
    }

    private static SchemaNode node(JsonNode s, Limits lim, String at) {
        if (s.isBoolean() && s.asBoolean()) {
            return any(lim);
        }
        if (!s.isObject()) {
            throw new IllegalArgumentException("schema at " + at + " must be an object");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!IGNORED.contains(k) && !Set.of("type", "properties", "required", "items", "minItems", "maxItems",
                    "minLength", "maxLength", "pattern", "minimum", "maximum", "enum", "const", "anyOf", "oneOf")
                    .contains(k)) {
                throw new IllegalArgumentException("schema keyword '" + k + "' at " + at + " is not supported");
            }
        }
        if (s.has("additionalProperties") && !s.get("additionalProperties").isBoolean()) {
            throw new IllegalArgumentException("schema keyword 'additionalProperties' at " + at
                    + " must be a boolean (extra properties are never generated)");
        }
        if (s.has("const")) {
            return new SchemaNode.Lit(s.get("const").toString());
        }
        if (s.has("enum")) {
            List<SchemaNode> opts = new ArrayList<>();
            for (JsonNode v : s.get("enum")) {
                opts.add(new SchemaNode.Lit(v.toString()));
            }
            if (opts.isEmpty()) {
                throw new IllegalArgumentException("empty enum at " + at);
            }
            return opts.size() == 1 ? opts.get(0) : new SchemaNode.Union(opts);
        }
        for (String key : new String[] {"anyOf", "oneOf"}) {
            if (s.has(key)) {
                List<SchemaNode> opts = new ArrayList<>();
                int i = 0;
                for (JsonNode v : s.get(key)) {
                    opts.add(node(v, lim, at + "/" + key + "/" + i++));
                }
                return new SchemaNode.Union(opts);
            }
        }
        List<String> types = new ArrayList<>();
        JsonNode t = s.get("type");
        if (t == null) {
            if (s.has("properties")) {
                types.add("object");
            } else if (s.has("items")) {
                types.add("array");
            } else {
                return any(lim);
            }
        } else if (t.isArray()) {
            t.forEach(x -> types.add(x.asText()));
        } else {
            types.add(t.asText());
        }
        List<SchemaNode> opts = new ArrayList<>();
        for (String type : types) {
            opts.add(typed(type, s, lim, at));
        }
        return opts.size() == 1 ? opts.get(0) : new SchemaNode.Union(opts);
    }

    private static SchemaNode typed(String type, JsonNode s, Limits lim, String at) {
        switch (type) {
            case "null":
                return new SchemaNode.Lit("null");
            case "boolean":
                return new SchemaNode.Union(List.of(new SchemaNode.Lit("true"), new SchemaNode.Lit("false")));
            case "string": {
                int min = s.path("minLength").asInt(0);
                int declared = s.has("maxLength") ? s.get("maxLength").asInt() : Integer.MAX_VALUE;
                if (min > declared) {
                    throw new IllegalArgumentException("minLength " + min + " > maxLength " + declared + " at " + at);
                }
                int max = Math.max(min, Math.min(declared, lim.maxStringLength()));
                if (min > max) {
                    throw new IllegalArgumentException("minLength " + min + " > maxLength " + max + " at " + at);
                }
                SchemaNode.Pattern p = s.has("pattern") ? PatternParser.parse(s.get("pattern").asText(), max, at) : null;
                return new SchemaNode.Str(min, max, p);
            }
            case "number":
            case "integer": {
                Double min = s.has("minimum") ? s.get("minimum").asDouble() : null;
                Double max = s.has("maximum") ? s.get("maximum").asDouble() : null;
                if (min != null && max != null && min > max) {
                    throw new IllegalArgumentException("minimum " + min + " > maximum " + max + " at " + at);
                }
                return new SchemaNode.Num(type.equals("integer"), min, max, lim.maxIntDigits(), lim.maxFracDigits());
            }
            case "array": {
                SchemaNode items = s.has("items") ? node(s.get("items"), lim, at + "/items") : any(lim);
                int min = s.path("minItems").asInt(0);
                int declared = s.has("maxItems") ? s.get("maxItems").asInt() : Integer.MAX_VALUE;
                if (min > declared) {
                    throw new IllegalArgumentException("minItems " + min + " > maxItems " + declared + " at " + at);
                }
                int max = Math.max(min, Math.min(declared, lim.maxItems()));
                if (min > max) {
                    throw new IllegalArgumentException("minItems " + min + " > maxItems " + max + " at " + at);
                }
                return new SchemaNode.Arr(items, min, max);
            }
            case "object": {
                Set<String> req = new HashSet<>();
                s.path("required").forEach(r -> req.add(r.asText()));
                List<String> keys = new ArrayList<>();
                List<SchemaNode> vals = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    keys.add(e.getKey());
                    vals.add(node(e.getValue(), lim, at + "/properties/" + e.getKey()));
                }
                for (String r : req) {
                    if (!keys.contains(r)) {
                        throw new IllegalArgumentException("required property '" + r + "' at " + at
                                + " has no schema in 'properties'");
                    }
                }
                boolean[] required = new boolean[keys.size()];
                for (int i = 0; i < required.length; i++) {
                    required[i] = req.contains(keys.get(i));
                }
                return new SchemaNode.Obj(keys.toArray(new String[0]), vals.toArray(new SchemaNode[0]), required);
            }
            default:
                throw new IllegalArgumentException("unknown type '" + type + "' at " + at);
        }
    }

    /** Any scalar (the schema {@code {}}): nested containers are left out so that generation stays bounded. */
    private static SchemaNode any(Limits lim) {
        return new SchemaNode.Union(List.of(new SchemaNode.Str(0, lim.maxStringLength(), null),
                new SchemaNode.Num(false, null, null, lim.maxIntDigits(), lim.maxFracDigits()),
                new SchemaNode.Lit("true"), new SchemaNode.Lit("false"), new SchemaNode.Lit("null")));
    }
}
