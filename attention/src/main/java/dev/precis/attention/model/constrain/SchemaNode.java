package dev.precis.attention.model.constrain;

import java.util.List;

/**
 * A JSON Schema compiled to what a generator needs: the shapes a value may take. Nodes compare by identity
 * (the matcher's states refer to them and are compared often).
 */
abstract class SchemaNode {

    /** An object: properties written in schema order; optional ones may be left out. */
    static final class Obj extends SchemaNode {
        final String[] keys;
        final SchemaNode[] values;
        final boolean[] required;

        Obj(String[] keys, SchemaNode[] values, boolean[] required) {
            this.keys = keys;
            this.values = values;
            this.required = required;
        }

        /** Whether a property at or after {@code from} is required (then the object cannot close yet). */
        boolean requiredFrom(int from) {
            for (int i = from; i < required.length; i++) {
                if (required[i]) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Arr extends SchemaNode {
        final SchemaNode items;
        final int min;
        final int max;

        Arr(SchemaNode items, int min, int max) {
            this.items = items;
            this.min = min;
            this.max = max;
        }
    }

    /** A string: free text of {@code min..max} characters, or a full match of {@code pattern} when present. */
    static final class Str extends SchemaNode {
        final int min;
        final int max;
        final Pattern pattern;

        Str(int min, int max, Pattern pattern) {
            this.min = min;
            this.max = max;
            this.pattern = pattern;
        }
    }

    /** A number or integer; bounds may be null. */
    static final class Num extends SchemaNode {
        final boolean integer;
        final Double min;
        final Double max;
        final int maxIntDigits;
        final int maxFracDigits;

        Num(boolean integer, Double min, Double max, int maxIntDigits, int maxFracDigits) {
            this.integer = integer;
            this.min = min;
            this.max = max;
            this.maxIntDigits = maxIntDigits;
            this.maxFracDigits = maxFracDigits;
        }
    }

    /** Exactly this JSON text (true, false, null, a const or one enum value). */
    static final class Lit extends SchemaNode {
        final String text;

        Lit(String text) {
            this.text = text;
        }
    }

    /** Any of several shapes (a type list, an enum, anyOf/oneOf). */
    static final class Union extends SchemaNode {
        final List<SchemaNode> options;

        Union(List<SchemaNode> options) {
            this.options = options;
        }
    }

    /**
     * The regular-expression subset Precis generates from: a sequence of items, each a character class
     * repeated {@code min..max} times (literal characters, {@code [...]} classes with ranges, {@code \d},
     * {@code .}, and the quantifiers {@code ? * + {n} {n,m}}), optionally anchored with {@code ^ $}.
     */
    static final class Pattern {
        final List<CharClass> classes;
        final int[] min;
        final int[] max;

        Pattern(List<CharClass> classes, int[] min, int[] max) {
            this.classes = classes;
            this.min = min;
            this.max = max;
        }
    }

    /** A set of characters as ranges; {@code negated} inverts it (never admitting quotes or control chars). */
    record CharClass(char[] from, char[] to, boolean negated) {
        boolean matches(char c) {
            if (c < 0x20 || c == '"' || c == '\\') {
                return false; // keep the generated string free of escapes
            }
            boolean in = false;
            for (int i = 0; i < from.length; i++) {
                if (c >= from[i] && c <= to[i]) {
                    in = true;
                    break;
                }
            }
            return in != negated;
        }
    }
}
