package dev.precis.attention.analysis.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precis.attention.analysis.Analyzer;
import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.attention.analysis.Analyzers;
import dev.precis.attention.analysis.Text;
import dev.precis.schemas.ActionItem;
import dev.precis.schemas.Owners;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Action-item quality on ELITR-format meetings (see {@link Elitr} for which minute lines are gold).
 *
 * <p>{@value #RULE}
 */
public final class ActionEval {
    /** The matching rule, printed in the command's help and the docs. */
    public static final String RULE = "An extracted item matches a gold item when (1) its owner (one of them, when it names "
            + "several) equals one of the gold owners (case-insensitive, brackets and parentheses removed) and (2) their tasks "
            + "overlap: they share at least one content term (Porter stem of a non-stopword) and the shared terms make up at least " + ActionEval.MIN_OVERLAP
            + " of the shorter task's content terms. Matching is one-to-one, greedy, highest confidence first. Precision = "
            + "matched extracted / extracted, recall = matched gold / gold. Owner accuracy: pair items on rule (2) alone "
            + "(same-owner pairs first) and count the pairs whose owner is right.";

    /** Minimum share of the shorter task's content terms that must appear in the other. */
    static final double MIN_OVERLAP = 0.2;

    /** The scores over all meetings. */
    public record ActionScore(double precision, double recall, double f1, double ownerAccuracy, int gold, int extracted,
            int matched) {}

    /** One extracted item with the meeting it came from, for inspection. */
    public record Extracted(String meeting, ActionItem item, boolean matched) {}

    private ActionEval() {}

    public static ActionScore run(Path dir) {
        return run(dir, AnalyzerConfig.defaults(), null);
    }

    /** Runs the analyzer over every meeting under {@code dir}; when {@code log} is given, every extracted item goes there. */
    public static ActionScore run(Path dir, AnalyzerConfig config, List<Extracted> log) {
        return run(Elitr.load(dir), config, log);
    }

    /** Runs the analyzer over the given meetings; when {@code log} is given, every extracted item goes there. */
    public static ActionScore run(List<Elitr.Meeting> meetings, AnalyzerConfig config, List<Extracted> log) {
        int gold = 0;
        int extracted = 0;
        int matched = 0;
        int taskPairs = 0;
        int ownerRight = 0;
        try (Analyzer analyzer = Analyzers.create(config)) {
            for (Elitr.Meeting m : meetings) {
                List<ActionItem> items = new ArrayList<>(analyzer.analyze(m.document()).getActionItems());
                items.sort((a, b) -> Float.compare(b.getConfidence(), a.getConfidence()));
                gold += m.gold().size();
                extracted += items.size();
                Set<Integer> used = new HashSet<>();
                for (ActionItem item : items) {
                    int g = best(item, m.gold(), used, true);
                    if (g >= 0) {
                        used.add(g);
                        matched++;
                    }
                    if (log != null) {
                        log.add(new Extracted(m.name(), item, g >= 0));
                    }
                }
                Set<Integer> taskUsed = new HashSet<>();
                List<ActionItem> rest = new ArrayList<>();
                for (ActionItem item : items) {
                    int g = best(item, m.gold(), taskUsed, true);
                    if (g >= 0) {
                        taskUsed.add(g);
                        taskPairs++;
                        ownerRight++;
                    } else {
                        rest.add(item);
                    }
                }
                for (ActionItem item : rest) {
                    int g = best(item, m.gold(), taskUsed, false);
                    if (g >= 0) {
                        taskUsed.add(g);
                        taskPairs++;
                    }
                }
            }
        }
        double p = extracted == 0 ? 0 : (double) matched / extracted;
        double r = gold == 0 ? 0 : (double) matched / gold;
        double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new ActionScore(p, r, f, taskPairs == 0 ? 0 : (double) ownerRight / taskPairs, gold, extracted, matched);
    }

    /** Index of the unused gold item that best overlaps the item's task (and shares its owner if asked), or -1. */
    private static int best(ActionItem item, List<Elitr.GoldItem> gold, Set<Integer> used, boolean sameOwner) {
        List<String> owners = Owners.of(item.getOwner()).stream().map(ActionEval::normalizeOwner).toList();
        int best = -1;
        double bestOverlap = 0;
        for (int i = 0; i < gold.size(); i++) {
            if (used.contains(i) || sameOwner && owners.stream().noneMatch(gold.get(i).owners()::contains)) {
                continue;
            }
            double o = overlap(item.getTask(), gold.get(i).task());
            if (o >= MIN_OVERLAP && o > bestOverlap) {
                best = i;
                bestOverlap = o;
            }
        }
        return best;
    }

    static String normalizeOwner(String owner) {
        return owner == null ? "" : owner.toLowerCase(Locale.ROOT).replaceAll("[\\[\\]()]", "").strip();
    }

    /** Shared content terms over the shorter task's content terms; 0 when either has none. */
    static double overlap(String a, String b) {
        Set<String> ta = new HashSet<>(Text.terms(a));
        Set<String> tb = new HashSet<>(Text.terms(b));
        if (ta.isEmpty() || tb.isEmpty()) {
            return 0;
        }
        int shared = 0;
        for (String t : ta) {
            if (tb.contains(t)) {
                shared++;
            }
        }
        return (double) shared / Math.min(ta.size(), tb.size());
    }

    public static String renderText(ActionScore s) {
        return String.format(Locale.ROOT, "precision %.3f  recall %.3f  F1 %.3f  owner accuracy %.3f  (gold %d, extracted %d, matched %d)%n",
                s.precision(), s.recall(), s.f1(), s.ownerAccuracy(), s.gold(), s.extracted(), s.matched());
    }

    /** One JSON object: precision, recall, f1, ownerAccuracy, gold, extracted. */
    public static String renderJson(ActionScore s) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("precision", round(s.precision()));
        o.put("recall", round(s.recall()));
        o.put("f1", round(s.f1()));
        o.put("ownerAccuracy", round(s.ownerAccuracy()));
        o.put("gold", s.gold());
        o.put("extracted", s.extracted());
        return o + "\n";
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
