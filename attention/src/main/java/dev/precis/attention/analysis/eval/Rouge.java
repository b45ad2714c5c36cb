package dev.precis.attention.analysis.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.tartarus.snowball.ext.PorterStemmer;

/**
 * ROUGE-1, ROUGE-2 and summary-level ROUGE-L, computed the way the widely used scorer does:
 * lower-cased, everything but ASCII letters and digits is a separator, tokens longer than three
 * characters are Porter-stemmed, n-gram counts are clipped, and ROUGE-L over multi-sentence text is
 * the union-LCS variant. Sentences are the lines of the text, and within a line the spans ended by
 * '.', '!' or '?' before white space (system outputs often come as one line per summary).
 */
public final class Rouge {

    /** Precision, recall and F1 of one measure, each in 0..1. */
    public record Score(double precision, double recall, double f1) {}

    /** The three measures for one candidate against one reference. */
    public record Scores(Score rouge1, Score rouge2, Score rougeL) {}

    private static final Pattern SENTENCE_END = Pattern.compile("\n|(?<=[.!?])\\s+");

    private Rouge() {}

    /** Scores one candidate summary against one reference summary. */
    public static Scores score(String candidate, String reference) {
        List<List<String>> cand = sentences(candidate);
        List<List<String>> ref = sentences(reference);
        List<String> c = flatten(cand);
        List<String> r = flatten(ref);
        return new Scores(ngram(c, r, 1), ngram(c, r, 2), lcsSum(cand, ref, c.size(), r.size()));
    }

    /** Tokens as the scorer sees them: lower case, alphanumeric runs, Porter stems for tokens over three characters. */
    public static List<String> tokens(String text) {
        String norm = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
        List<String> out = new ArrayList<>();
        if (norm.isEmpty()) {
            return out;
        }
        PorterStemmer stemmer = new PorterStemmer();
        for (String t : norm.split(" ")) {
            if (t.length() > 3) {
                stemmer.setCurrent(t);
                stemmer.stem();
                t = stemmer.getCurrent();
            }
            out.add(t);
        }
        return out;
    }

    private static List<List<String>> sentences(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String line : SENTENCE_END.split(text)) {
            List<String> t = tokens(line);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<String> flatten(List<List<String>> sentences) {
        List<String> all = new ArrayList<>();
        sentences.forEach(all::addAll);
        return all;
    }

    private static Score ngram(List<String> cand, List<String> ref, int n) {
        Map<List<String>, Integer> c = counts(cand, n);
        Map<List<String>, Integer> r = counts(ref, n);
        int overlap = 0;
        for (Map.Entry<List<String>, Integer> e : c.entrySet()) {
            overlap += Math.min(e.getValue(), r.getOrDefault(e.getKey(), 0));
        }
        return score(overlap, Math.max(0, cand.size() - n + 1), Math.max(0, ref.size() - n + 1));
    }

    private static Map<List<String>, Integer> counts(List<String> tokens, int n) {
        Map<List<String>, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            m.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return m;
    }

    /**
     * Summary-level LCS: for each reference sentence, the union of its LCS hits against every candidate
     * sentence; hits are clipped by the token counts left on both sides (Lin 2004, section 3.2).
     */
    private static Score lcsSum(List<List<String>> cand, List<List<String>> ref, int candLen, int refLen) {
        Map<String, Integer> candCounts = tokenCounts(cand);
        Map<String, Integer> refCounts = tokenCounts(ref);
        int hits = 0;
        for (List<String> r : ref) {
            boolean[] union = new boolean[r.size()];
            for (List<String> c : cand) {
                markLcs(r, c, union);
            }
            for (int i = 0; i < r.size(); i++) {
                String t = r.get(i);
                if (union[i] && candCounts.getOrDefault(t, 0) > 0 && refCounts.getOrDefault(t, 0) > 0) {
                    hits++;
                    candCounts.merge(t, -1, Integer::sum);
                    refCounts.merge(t, -1, Integer::sum);
                }
            }
        }
        return score(hits, candLen, refLen);
    }

    private static Map<String, Integer> tokenCounts(List<List<String>> sentences) {
        Map<String, Integer> m = new HashMap<>();
        for (List<String> s : sentences) {
            for (String t : s) {
                m.merge(t, 1, Integer::sum);
            }
        }
        return m;
    }

    /** Marks the positions of {@code r} that lie on one longest common subsequence with {@code c}. */
    private static void markLcs(List<String> r, List<String> c, boolean[] mark) {
        int n = r.size();
        int m = c.size();
        int[][] dp = new int[n + 1][m + 1]; // [n + 1][m + 1] LCS lengths of prefixes
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                dp[i][j] = r.get(i - 1).equals(c.get(j - 1)) ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
            }
        }
        int i = n;
        int j = m;
        while (i > 0 && j > 0) {
            if (r.get(i - 1).equals(c.get(j - 1))) {
                mark[i - 1] = true;
                i--;
                j--;
            } else if (dp[i - 1][j] >= dp[i][j - 1]) {
                i--;
            } else {
                j--;
            }
        }
    }

    private static Score score(int overlap, int candTotal, int refTotal) {
        double p = candTotal == 0 ? 0 : (double) overlap / candTotal;
        double r = refTotal == 0 ? 0 : (double) overlap / refTotal;
        double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new Score(p, r, f);
    }
}
