package dev.precis.attention.analysis.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precis.attention.analysis.Analyzer;
import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.attention.analysis.Analyzers;
import dev.precis.attention.analysis.Text;
import dev.precis.schemas.DocumentRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Summary quality on a QMSum-format file: for every general query, the system's summary of the
 * meeting at a word budget against the reference answer. Precis, a Lead baseline and a TextRank
 * baseline run in the same pass; every summary is cut to the budget before scoring, so no system
 * gains from length. Speed is whole documents through each system per minute, one thread.
 */
public final class QmsumEval {

    /** Mean F1 scores in percent over {@code n} (meeting, reference) pairs, and the system's speed. */
    public record SystemScore(String system, double rouge1, double rouge2, double rougeL, int n, double docsPerMinute) {}

    private QmsumEval() {}

    /** Runs the default analyzer configuration at {@code words}. */
    public static List<SystemScore> run(Path file, int words) {
        return run(file, AnalyzerConfig.defaults().withSummaryWords(words));
    }

    public static List<SystemScore> run(Path file, AnalyzerConfig config) {
        return run(file, config, List.of("precis", "lead", "textrank"));
    }

    /** Runs the named systems ({@code precis}, {@code lead}, {@code textrank}) in that order. */
    public static List<SystemScore> run(Path file, AnalyzerConfig config, List<String> systems) {
        return run(file, config, systems, 0);
    }

    /** As {@link #run(Path, AnalyzerConfig, List)}, on the meetings of at least {@code minWords} words only. */
    public static List<SystemScore> run(Path file, AnalyzerConfig config, List<String> systems, int minWords) {
        List<Qmsum.Meeting> meetings = Qmsum.load(file).stream()
                .filter(m -> minWords <= 0 || Text.wordCount(m.document().getText()) >= minWords).toList();
        if (meetings.isEmpty()) {
            throw new IllegalArgumentException("no meeting in " + file + " has at least " + minWords + " words");
        }
        int words = config.summaryWords();
        List<SystemScore> scores = new ArrayList<>();
        for (String system : systems) {
            switch (system) {
                case "precis" -> {
                    try (Analyzer analyzer = Analyzers.create(config)) {
                        scores.add(score(system, meetings, words, d -> analyzer.analyze(d).getSummary()));
                    }
                }
                case "lead" -> scores.add(score(system, meetings, words, d -> Baselines.lead(d, words)));
                case "textrank" -> scores.add(score(system, meetings, words, d -> Baselines.textRank(d, words)));
                default -> throw new IllegalArgumentException("unknown system '" + system + "': use precis, lead or textrank");
            }
        }
        return scores;
    }

    private static SystemScore score(String system, List<Qmsum.Meeting> meetings, int words,
            Function<DocumentRecord, String> summarize) {
        double r1 = 0;
        double r2 = 0;
        double rl = 0;
        int n = 0;
        long nanos = 0;
        for (Qmsum.Meeting m : meetings) {
            long t0 = System.nanoTime();
            String summary = Baselines.truncate(summarize.apply(m.document()), words);
            nanos += System.nanoTime() - t0;
            for (String ref : m.references()) {
                Rouge.Scores s = Rouge.score(summary, ref);
                r1 += s.rouge1().f1();
                r2 += s.rouge2().f1();
                rl += s.rougeL().f1();
                n++;
            }
        }
        double perMinute = nanos == 0 ? 0 : meetings.size() * 60e9 / nanos;
        return n == 0 ? new SystemScore(system, 0, 0, 0, 0, perMinute)
                : new SystemScore(system, 100 * r1 / n, 100 * r2 / n, 100 * rl / n, n, perMinute);
    }

    /** Mean length of the file's transcripts in words, to turn documents per minute into words per minute. */
    public static double meanWords(Path file, int minWords) {
        return Qmsum.load(file).stream().mapToInt(m -> Text.wordCount(m.document().getText()))
                .filter(w -> w >= minWords).average().orElse(0);
    }

    /**
     * The action items Precis finds in each meeting of the file, one line each: meeting number (from 1, in file
     * order), confidence, owner, task, due date, and the evidence. QMSum has no gold action items; this is for
     * reading the extractor's output on meetings it was not built on.
     */
    public static List<String> actionItems(Path file, AnalyzerConfig config, int minWords) {
        List<String> lines = new ArrayList<>();
        List<Qmsum.Meeting> meetings = Qmsum.load(file);
        try (Analyzer analyzer = Analyzers.create(config)) {
            for (int i = 0; i < meetings.size(); i++) {
                DocumentRecord d = meetings.get(i).document();
                if (Text.wordCount(d.getText()) < minWords) {
                    continue;
                }
                for (var item : analyzer.analyze(d).getActionItems()) {
                    lines.add(String.format(Locale.ROOT, "meeting %02d  %.2f  %s: %s%s  «%s»", i + 1, item.getConfidence(),
                            item.getOwner() == null ? "(no owner)" : item.getOwner(), item.getTask(),
                            item.getDueText() == null ? "" : "  — due " + item.getDueText(),
                            item.getEvidence().getText().replaceAll("\\s+", " ").strip()));
                }
            }
        }
        return lines;
    }

    /** A table with one line per system. */
    public static String renderText(List<SystemScore> scores) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-10s %8s %8s %8s %5s %12s%n",
                "system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "n", "docs/minute"));
        for (SystemScore s : scores) {
            b.append(String.format(Locale.ROOT, "%-10s %8.2f %8.2f %8.2f %5d %12.1f%n",
                    s.system(), s.rouge1(), s.rouge2(), s.rougeL(), s.n(), s.docsPerMinute()));
        }
        return b.toString();
    }

    /** One JSON object per system, one per line: system, rouge1, rouge2, rougeL (percent), n, docsPerMinute. */
    public static String renderJson(List<SystemScore> scores) {
        ObjectMapper json = new ObjectMapper();
        StringBuilder b = new StringBuilder();
        for (SystemScore s : scores) {
            ObjectNode o = json.createObjectNode();
            o.put("system", s.system());
            o.put("rouge1", round(s.rouge1()));
            o.put("rouge2", round(s.rouge2()));
            o.put("rougeL", round(s.rougeL()));
            o.put("n", s.n());
            o.put("docsPerMinute", round(s.docsPerMinute()));
            b.append(o).append('\n');
        }
        return b.toString();
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
