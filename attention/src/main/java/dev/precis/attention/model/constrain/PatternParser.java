package dev.precis.attention.model.constrain;

import java.util.ArrayList;
import java.util.List;

/** Parses the regular-expression subset of {@link SchemaNode.Pattern}. */
final class PatternParser {
    private PatternParser() {
    }

    static SchemaNode.Pattern parse(String re, int maxLength, String at) {
        List<SchemaNode.CharClass> classes = new ArrayList<>();
        List<Integer> mins = new ArrayList<>();
        List<Integer> maxs = new ArrayList<>();
        int i = 0;
        int n = re.length();
        if (i < n && re.charAt(i) == '^') {
            i++;
        }
        if (n > i && re.charAt(n - 1) == '$' && (n < 2 || re.charAt(n - 2) != '\\')) {
            n--;
        }
        while (i < n) {
            char c = re.charAt(i);
            SchemaNode.CharClass cls;
            if (c == '[') {
                int end = re.indexOf(']', i + 2);
                if (end < 0 || end >= n + 1) {
                    throw unsupported(re, at);
                }
                cls = bracket(re.substring(i + 1, end), re, at);
                i = end + 1;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw unsupported(re, at);
                }
                char e = re.charAt(i + 1);
                if (e == 'd') {
                    cls = new SchemaNode.CharClass(new char[] {'0'}, new char[] {'9'}, false);
                } else if (Character.isLetterOrDigit(e)) {
                    throw unsupported(re, at);
                } else {
                    cls = single(e);
                }
                i += 2;
            } else if (c == '.') {
                cls = new SchemaNode.CharClass(new char[0], new char[0], true);
                i++;
            } else if ("()|^$*+?{".indexOf(c) >= 0) {
                throw unsupported(re, at);
            } else {
                cls = single(c);
                i++;
            }
            int min = 1;
            int max = 1;
            if (i < n) {
                char q = re.charAt(i);
                if (q == '?') {
                    min = 0;
                    i++;
                } else if (q == '*' || q == '+') {
                    min = q == '*' ? 0 : 1;
                    max = maxLength;
                    i++;
                } else if (q == '{') {
                    int end = re.indexOf('}', i);
                    if (end < 0) {
                        throw unsupported(re, at);
                    }
                    String[] parts = re.substring(i + 1, end).split(",", -1);
                    try {
                        min = Integer.parseInt(parts[0].trim());
                        max = parts.length == 1 ? min : parts[1].isBlank() ? maxLength : Integer.parseInt(parts[1].trim());
                    } catch (NumberFormatException e) {
                        throw unsupported(re, at);
                    }
                    i = end + 1;
                }
            }
            classes.add(cls);
            mins.add(min);
            maxs.add(Math.max(min, max));
        }
        return new SchemaNode.Pattern(classes, mins.stream().mapToInt(Integer::intValue).toArray(),
                maxs.stream().mapToInt(Integer::intValue).toArray());
    }

    private static SchemaNode.CharClass single(char c) {
        return new SchemaNode.CharClass(new char[] {c}, new char[] {c}, false);
    }

    private static SchemaNode.CharClass bracket(String body, String re, String at) {
        boolean neg = body.startsWith("^");
        if (neg) {
            body = body.substring(1);
        }
        List<Character> from = new ArrayList<>();
        List<Character> to = new ArrayList<>();
        for (int i = 0; i < body.length(); i++) {
            char a = body.charAt(i);
            if (a == '\\') {
                if (i + 1 < body.length() && body.charAt(i + 1) == 'd') {
                    from.add('0');
                    to.add('9');
                    i++;
                    continue;
                }
                throw unsupported(re, at);
            }
            if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                from.add(a);
                to.add(body.charAt(i + 2));
                i += 2;
            } else {
                from.add(a);
                to.add(a);
            }
        }
        char[] f = new char[from.size()];
        char[] t = new char[to.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = from.get(i);
            t[i] = to.get(i);
        }
        return new SchemaNode.CharClass(f, t, neg);
    }

    private static IllegalArgumentException unsupported(String re, String at) {
        return new IllegalArgumentException("pattern '" + re + "' at " + at + " uses regular-expression features "
                + "Precis cannot generate from (supported: literals, [classes], \\d, ., ? * + {n} {n,m}, ^ $)");
    }
}
