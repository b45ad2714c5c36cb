package dev.precis.jobs.cli;

import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.attention.analysis.eval.ActionEval;
import dev.precis.attention.analysis.eval.Elitr;
import dev.precis.attention.analysis.eval.QmsumEval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code precis eval …}: the analyzer measured on public meeting data (see docs/QUALITY.md). */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure the analyzer on public meeting data.",
        subcommands = {EvalCommand.Qmsum.class, EvalCommand.Actions.class})
final class EvalCommand {

    @Command(name = "qmsum", mixinStandardHelpOptions = true,
            description = {"ROUGE-1/2/L F1 (Porter stemming; summary-level ROUGE-L) of Precis's summaries against the",
                    "reference answers of every general query of a QMSum-format file, beside a Lead and a TextRank",
                    "baseline run in the same process, and documents per minute of each."})
    static final class Qmsum implements Callable<Integer> {
        @Parameters(index = "0", description = "A QMSum-format JSON Lines file (e.g. ../shared/data/qmsum/val.jsonl).")
        Path file;

        @Option(names = "--words", defaultValue = "110", description = "Summary budget in words (default: ${DEFAULT-VALUE}).")
        int words;

        @Option(names = "--min-words", defaultValue = "0", description = "Only meetings of at least this many words (default: all).")
        int minWords;

        @Option(names = "--systems", split = ",", defaultValue = "precis,lead,textrank", description = "Systems to run (default: ${DEFAULT-VALUE}).")
        List<String> systems;

        @Option(names = "--json", description = "One JSON object per system: system, rouge1, rouge2, rougeL (percent), n, docsPerMinute.")
        boolean json;

        @Option(names = "--option", description = "An analyzer option, key=value (repeatable).")
        Map<String, String> options = new HashMap<>();

        @Option(names = "--actions", description = "Also list the action items found in each meeting, with their evidence "
                + "(QMSum has no gold for them: for reading).")
        boolean actions;

        @Override
        public Integer call() {
            AnalyzerConfig config = new AnalyzerConfig(AnalyzerConfig.EXTRACTIVE, words, AnalyzerConfig.defaults().keyPoints(), options);
            if (actions) {
                QmsumEval.actionItems(file, config, minWords).forEach(System.out::println);
            }
            List<QmsumEval.SystemScore> scores = QmsumEval.run(file, config, systems, minWords);
            if (json) {
                System.out.print(QmsumEval.renderJson(scores));
            } else {
                System.out.print(QmsumEval.renderText(scores));
                System.out.printf(Locale.ROOT, "mean transcript length: %.0f words%n", QmsumEval.meanWords(file, minWords));
            }
            return 0;
        }
    }

    @Command(name = "actions", mixinStandardHelpOptions = true,
            description = {"Precision, recall and F1 of extracted action items on ELITR-format meeting folders (transcript +",
                    "minutes); gold items are the minute lines that assign a task to a person.", "", ActionEval.RULE})
    static final class Actions implements Callable<Integer> {
        @Parameters(index = "0", description = "A folder of meeting folders (e.g. ../shared/data/elitr-dev).")
        Path dir;

        @Option(names = "--json", description = "One JSON object: precision, recall, f1, ownerAccuracy, gold, extracted.")
        boolean json;

        @Option(names = "--verbose", description = "Also list every extracted item (+ matched, - not) with its evidence, and every "
                + "gold item.")
        boolean verbose;

        @Option(names = "--meetings", defaultValue = "*", description = "Only the meeting folders whose names match this glob, "
                + "e.g. '*_00[1-5]' (default: all).")
        String meetings;

        @Option(names = "--option", description = "An analyzer option, key=value (repeatable).")
        Map<String, String> options = new HashMap<>();

        @Override
        public Integer call() {
            List<ActionEval.Extracted> log = verbose ? new ArrayList<>() : null;
            AnalyzerConfig defaults = AnalyzerConfig.defaults();
            List<Elitr.Meeting> selected = Elitr.load(dir, meetings);
            ActionEval.ActionScore score = ActionEval.run(selected,
                    new AnalyzerConfig(AnalyzerConfig.EXTRACTIVE, defaults.summaryWords(), defaults.keyPoints(), options), log);
            if (log != null) {
                for (ActionEval.Extracted e : log) {
                    String evidence = e.item().getEvidence().getText().replaceAll("\\s+", " ").strip();
                    System.out.printf(Locale.ROOT, "%s %s %.2f [%s] %s  «%s»%n", e.matched() ? "+" : "-", e.meeting(),
                            e.item().getConfidence(), e.item().getOwner(), e.item().getTask(),
                            evidence.length() > 160 ? evidence.substring(0, 159) + "…" : evidence);
                }
                for (Elitr.Meeting m : selected) {
                    for (Elitr.GoldItem g : m.gold()) {
                        System.out.printf(Locale.ROOT, "gold %s %s %s%n", m.name(), g.owners(), g.task());
                    }
                }
            }
            System.out.print(json ? ActionEval.renderJson(score) : ActionEval.renderText(score));
            return 0;
        }
    }
}
