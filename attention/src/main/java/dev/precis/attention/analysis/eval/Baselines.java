package dev.precis.attention.analysis.eval;

import dev.precis.attention.analysis.Text;
import dev.precis.schemas.DocumentRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The two well-known unsupervised baselines every summary score is reported beside. Both see the
 * document's sentences with the data set's noise markup ({@code {disfmarker}}, {@code <laugh/>})
 * removed, as a standard implementation run on a plain transcript would; the filler trimming that
 * Precis does is part of what is measured.
 */
public final class Baselines {
    private Baselines() {}

    /** Lead: the document's opening, sentence by sentence, cut at the word budget. */
    public static String lead(DocumentRecord doc, int words) {
        StringBuilder out = new StringBuilder();
        for (String s : cleanedSentences(doc)) {
            if (s.isEmpty()) {
                continue;
            }
            out.append(out.length() == 0 ? "" : "\n").append(s);
            if (Text.wordCount(out.toString()) >= words) {
                break;
            }
        }
        return truncate(out.toString(), words);
    }

    /**
     * TextRank (Mihalcea and Tarau 2004): a graph of sentences weighted by shared content terms
     * normalised by the log of both lengths, ranked with PageRank (damping 0.85); the best sentences
     * fill the budget and are printed in document order.
     */
    public static String textRank(DocumentRecord doc, int words) {
        List<String> sentences = new ArrayList<>();
        List<Set<String>> terms = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (String s : cleanedSentences(doc)) {
            List<String> t = Text.terms(s);
            if (t.isEmpty()) {
                continue;
            }
            sentences.add(s);
            terms.add(new HashSet<>(t));
            lengths.add(t.size());
        }
        int n = sentences.size();
        if (n == 0) {
            return "";
        }
        double[][] w = new double[n][n]; // [n][n] edge weights
        double[] outWeight = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int common = 0;
                for (String t : terms.get(i)) {
                    if (terms.get(j).contains(t)) {
                        common++;
                    }
                }
                double denom = Math.log(lengths.get(i)) + Math.log(lengths.get(j));
                double sim = common == 0 || denom <= 0 ? 0 : common / denom;
                w[i][j] = sim;
                w[j][i] = sim;
                outWeight[i] += sim;
                outWeight[j] += sim;
            }
        }
        double[] rank = new double[n];
        Arrays.fill(rank, 1.0 / n);
        for (int iter = 0; iter < 100; iter++) {
            double[] next = new double[n];
            double delta = 0;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    if (w[j][i] > 0) {
                        sum += w[j][i] / outWeight[j] * rank[j];
                    }
                }
                next[i] = 0.15 / n + 0.85 * sum;
                delta += Math.abs(next[i] - rank[i]);
            }
            rank = next;
            if (delta < 1e-7) {
                break;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] r = rank;
        Arrays.sort(order, Comparator.comparingDouble(i -> -r[i]));
        List<Integer> chosen = new ArrayList<>();
        int total = 0;
        for (int i : order) {
            if (total >= words) {
                break;
            }
            chosen.add(i);
            total += Text.wordCount(sentences.get(i));
        }
        chosen.sort(Integer::compare);
        StringBuilder out = new StringBuilder();
        for (int i : chosen) {
            out.append(out.length() == 0 ? "" : "\n").append(sentences.get(i));
        }
        return truncate(out.toString(), words);
    }

    /** Keeps the first {@code words} words, keeping line breaks between sentences. */
    public static String truncate(String text, int words) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String line : text.split("\n")) {
            if (n >= words) {
                break;
            }
            StringBuilder l = new StringBuilder();
            for (String w : line.strip().split("\\s+")) {
                if (w.isEmpty()) {
                    continue;
                }
                if (n >= words) {
                    break;
                }
                l.append(l.length() == 0 ? "" : " ").append(w);
                n++;
            }
            if (l.length() > 0) {
                out.append(out.length() == 0 ? "" : "\n").append(l);
            }
        }
        return out.toString();
    }

    private static List<String> cleanedSentences(DocumentRecord doc) {
        String text = doc.getText();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < doc.getSentenceStarts().size(); i++) {
            out.add(Text.stripMarkup(text.substring(doc.getSentenceStarts().get(i), doc.getSentenceEnds().get(i))));
        }
        return out;
    }
}
