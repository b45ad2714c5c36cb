package dev.precis.attention.model.constrain;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a generator stands in a schema-valid JSON document: the set of parser states (stacks of frames)
 * consistent with the text so far. Immutable: {@link #feed} returns a new matcher, or null when the text
 * cannot continue a valid document.
 */
public final class JsonMatcher {

    /** One step of progress inside a value; each kind records exactly what it still expects. */
    private interface Frame {
        /** Adds to {@code out} every stack that results from consuming {@code c} with this frame on top of {@code rest}. */
        void feed(char c, Stack rest, List<Stack> out);

        /** Whether this frame may be finished without consuming more input. */
        boolean canEnd();
    }

    /** A persistent stack of frames; {@link #EMPTY} is a finished document. */
    private record Stack(Frame head, Stack tail) {
        static final Stack EMPTY = new Stack(null, null);

        Stack push(Frame f) {
            return new Stack(f, this);
        }

        boolean complete() {
            for (Stack s = this; s.head != null; s = s.tail) {
                if (!s.head.canEnd()) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Stack> states;

    private JsonMatcher(List<Stack> states) {
        this.states = states;
    }

    static JsonMatcher start(SchemaNode root) {
        List<Stack> s = new ArrayList<>();
        s.add(Stack.EMPTY.push(new Value(root)));
        return new JsonMatcher(s);
    }

    /** The matcher after {@code text}, or null when no valid document starts with what came before plus it. */
    public JsonMatcher feed(CharSequence text) {
        JsonMatcher m = this;
        for (int i = 0; i < text.length() && m != null; i++) {
            m = m.feed(text.charAt(i));
        }
        return m;
    }

    public JsonMatcher feed(char c) {
        List<Stack> out = new ArrayList<>(2);
        for (Stack s : states) {
            step(s, c, out);
        }
        return out.isEmpty() ? null : new JsonMatcher(out);
    }

    /**
     * Inside a free string with no escape pending and a single parser state: how many more characters the
     * string may take (then any text without quote, backslash or control characters fits if it is no longer
     * than that). Otherwise -1.
     */
    public int plainStringRoom() {
        if (states.size() != 1 || !(states.get(0).head instanceof StrBody)) {
            return -1;
        }
        StrBody b = (StrBody) states.get(0).head;
        return b.esc == 0 ? b.node.max - b.count : -1;
    }

    /** Whether the text so far is a whole valid document. */
    public boolean isComplete() {
        for (Stack s : states) {
            if (s.complete()) {
                return true;
            }
        }
        return false;
    }

    /** Whether no further character can be accepted (the document is complete and closed). */
    public boolean isClosed() {
        for (Stack s : states) {
            if (s.head != null) {
                return false;
            }
        }
        return true;
    }

    private static void step(Stack s, char c, List<Stack> out) {
        if (s.head == null) {
            return;
        }
        s.head.feed(c, s.tail, out);
        if (s.head.canEnd()) {
            step(s.tail, c, out);
        }
    }

    private static void add(List<Stack> out, Stack s) {
        if (!out.contains(s)) {
            out.add(s);
        }
    }

    // ---- frames

    /** A value not started yet: tries every shape the schema allows. */
    private record Value(SchemaNode node) implements Frame {
        @Override
        public void feed(char c, Stack rest, List<Stack> out) {
            SchemaNode n = node;
            if (n instanceof SchemaNode.Union) {
                for (SchemaNode o : ((SchemaNode.Union) n).options) {
                    new Value(o).feed(c, rest, out);
                }
            } else if (n instanceof SchemaNode.Lit) {
                step(rest.push(new Lit(((SchemaNode.Lit) n).text, 0)), c, out);
            } else if (n instanceof SchemaNode.Str) {
                SchemaNode.Str st = (SchemaNode.Str) n;
                Frame body = st.pattern != null ? new PatBody(st, 0, 0, 0) : new StrBody(st, 0, 0);
                step(rest.push(body).push(new Lit("\"", 0)), c, out);
            } else if (n instanceof SchemaNode.Num) {
                step(rest.push(new Num((SchemaNode.Num) n, Num.START, false, 0, 0, 0)), c, out);
            } else if (n instanceof SchemaNode.Obj) {
                step(rest.push(new ObjBody((SchemaNode.Obj) n, 0, false)).push(new Lit("{", 0)), c, out);
            } else if (n instanceof SchemaNode.Arr) {
                step(rest.push(new ArrBody((SchemaNode.Arr) n, 0)).push(new Lit("[", 0)), c, out);
            }
        }

        @Override
        public boolean canEnd() {
            return false;
        }
    }

    /** The rest of a fixed text. */
    private record Lit(String text, int at) implements Frame {
        @Override
        public void feed(char c, Stack rest, List<Stack> out) {
            if (text.charAt(at) == c) {
                add(out, at + 1 == text.length() ? rest : rest.push(new Lit(text, at + 1)));
            }
        }

        @Override
        public boolean canEnd() {
            return false;
        }
    }

    /** At most one space (after ':' and ','). */
    private record OptSpace() implements Frame {
        @Override
        public void feed(char c, Stack rest, List<Stack> out) {
            if (c == ' ') {
                add(out, rest);
            }
        }

        @Override
        public boolean canEnd() {
            return true;
        }
    }

    /** Inside a free string, after {@code count} characters; {@code esc} 1 after a backslash, 2–5 in \\uXXXX. */
    private record StrBody(SchemaNode.Str node, int count, int esc) implements Frame {
        @Override
        public void feed(char c, Stack rest, List<Stack> out) {
            if (esc == 1) {
                if ("\"\\/bfnrt".indexOf(c) >= 0) {
                    add(out, rest.push(new StrBody(node, count + 1, 0)));
                } else if (c == 'u') {
                    add(out, rest.push(new StrBody(node, count, 5)));
                }
                return;
            }
            if (esc > 1) {
                if (Character.digit(c, 16) >= 0) {
                    add(out, rest.push(new StrBody(node, esc == 2 ? count + 1 : count, esc == 2 ? 0 : esc - 1)));
                }
                return;
            }
            if (c == '"') {
                if (count >= node.min) {
                    add(out, rest);
                }
            } else if (count < node.max) {
                if (c == '\\') {
                    add(out, rest.push(new StrBody(node, count, 1)));
                } else if (c >= 0x20 && !Character.isSurrogate(c)) {
                    add(out, rest.push(new StrBody(node, count + 1, 0)));
                } else if (Character.isHighSurrogate(c) || Character.isLowSurrogate(c)) {
                    // a surrogate pair is one character for JSON Schema; count it at its second half
                    add(out, rest.push(new StrBody(node, Character.isLowSurrogate(c) ? count + 1 : count, 0)));
                }
            }
        }

        @Override
        public boolean canEnd() {
            return false;
        }
    }

    /** Inside a pattern string: item {@code item} matched {@code rep} times, {@code count} characters in all. */
    private record PatBody(SchemaNode.Str node, int item, int rep, int count) implements Frame {
        @Override
        public void feed(char c, Stack rest, List<Stack> out) {
            SchemaNode.Pattern p = node.pattern;
            int i = item;
            int r = rep;
            while (true) {
                if (i == p.classes.size()) {
                    if (c == '"' && count >= node.min) {
                        add(out, rest);
                    }
                    return;
                }
                if (r < p.max[i] && count < node.max && p.classes.get(i).matches(c)) {
                    add(out, rest.push(new PatBody(node, i, r + 1, count + 1)));
                }
                if (r < p.min[i]) {
                    return;
                }
                i++;
                r = 0;
            }
        }

        @Override
        public boolean canEnd() {
            return false;
        }
    }

    /** Object members after the opening brace: the next property may be {@code next} or a later optional one. */
    private record ObjBody(SchemaNode.Obj node, int next, boolean any) implements Frame {
        @Override
        public void feed(char c, Stack rest, List<Stack> out) {
            if (c == '}' && !node.requiredFrom(next)) {
                add(out, rest);
            }
            for (int j = next; j < node.keys.length; j++) {
                Stack s = rest.push(new ObjBody(node, j + 1, true)).push(new Value(node.values[j])).push(new OptSpace())
                        .push(new Lit(quoted(node.keys[j]) + ":", 0));
                if (any) {
                    s = s.push(new OptSpace()).push(new Lit(",", 0));
                }
                step(s, c, out);
                if (node.required[j]) {
                    break;
                }
            }
        }

        @Override
        public boolean canEnd() {
            return false;
        }
    }

    private static String quoted(String key) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(key)) + "\"";
    }

    /** Array elements after the opening bracket, {@code count} written so far. */
    private record ArrBody(SchemaNode.Arr node, int count) implements Frame {
        @Override
        public void feed(char c, Stack rest, List<Stack> out) {
            if (c == ']' && count >= node.min) {
                add(out, rest);
            }
            if (count < node.max) {
                Stack s = rest.push(new ArrBody(node, count + 1)).push(new Value(node.items));
                if (count > 0) {
                    s = s.push(new OptSpace()).push(new Lit(",", 0));
                }
                step(s, c, out);
            }
        }

        @Override
        public boolean canEnd() {
            return false;
        }
    }

    /**
     * A number in progress; {@code mant} holds its digits (integer then fraction), and every step keeps only
     * prefixes that can still end inside {@code [minimum, maximum]}.
     */
    private record Num(SchemaNode.Num node, int phase, boolean neg, long mant, int intDigits, int fracDigits)
            implements Frame {
        static final int START = 0;
        static final int MINUS = 1;
        static final int INT = 2;
        static final int ZERO = 3;
        static final int DOT = 4;
        static final int FRAC = 5;

        @Override
        public void feed(char c, Stack rest, List<Stack> out) {
            Num n = next(c);
            if (n != null && n.feasible()) {
                add(out, rest.push(n));
            }
        }

        private Num next(char c) {
            int d = c - '0';
            boolean digit = d >= 0 && d <= 9;
            switch (phase) {
                case START:
                    if (c == '-') {
                        return new Num(node, MINUS, true, 0, 0, 0);
                    }
                    // fall through: a sign is optional
                case MINUS:
                    if (c == '0') {
                        return new Num(node, ZERO, neg, 0, 1, 0);
                    }
                    return digit ? new Num(node, INT, neg, d, 1, 0) : null;
                case INT:
                    if (digit && intDigits < node.maxIntDigits) {
                        return new Num(node, INT, neg, mant * 10 + d, intDigits + 1, 0);
                    }
                    return c == '.' && !node.integer ? new Num(node, DOT, neg, mant, intDigits, 0) : null;
                case ZERO:
                    return c == '.' && !node.integer ? new Num(node, DOT, neg, 0, 1, 0) : null;
                case DOT:
                case FRAC:
                    if (digit && fracDigits < node.maxFracDigits) {
                        return new Num(node, FRAC, neg, mant * 10 + d, intDigits, fracDigits + 1);
                    }
                    return null;
                default:
                    return null;
            }
        }

        private double value() {
            double v = mant / Math.pow(10, fracDigits);
            return neg ? -v : v;
        }

        private boolean inRange(double v) {
            return (node.min == null || v >= node.min) && (node.max == null || v <= node.max);
        }

        /** Whether some completion of this prefix lies in range. */
        private boolean feasible() {
            double lo = node.min == null ? Double.NEGATIVE_INFINITY : node.min;
            double hi = node.max == null ? Double.POSITIVE_INFINITY : node.max;
            switch (phase) {
                case MINUS:
                    return lo <= 0;
                case ZERO:
                    return node.integer ? overlaps(0, 0, lo, hi) : overlaps(0, 1 - Math.pow(10, -node.maxFracDigits), lo, hi);
                case INT: {
                    for (int j = 0; j <= node.maxIntDigits - intDigits; j++) {
                        double scale = Math.pow(10, j);
                        double a = mant * scale;
                        double b = node.integer ? (mant + 1) * scale - 1 : (mant + 1) * scale - Math.pow(10, -node.maxFracDigits);
                        if (overlaps(a, b, lo, hi)) {
                            return true;
                        }
                    }
                    return false;
                }
                case DOT:
                case FRAC: {
                    double a = Math.abs(value());
                    double b = a + Math.pow(10, -fracDigits) - Math.pow(10, -node.maxFracDigits);
                    return overlaps(a, Math.max(a, b), lo, hi);
                }
                default:
                    return true;
            }
        }

        /** Whether magnitudes {@code [a, b]} (negated when the number is negative) meet {@code [lo, hi]}. */
        private boolean overlaps(double a, double b, double lo, double hi) {
            double x = neg ? -b : a;
            double y = neg ? -a : b;
            return x <= hi && y >= lo;
        }

        @Override
        public boolean canEnd() {
            return (phase == INT || phase == ZERO || phase == FRAC) && inRange(value());
        }
    }
}
