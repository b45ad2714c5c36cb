package dev.precis.attention.analysis;

import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Evidence;
import dev.precis.schemas.Turn;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The extractive engine: picks the document's most central sentences (term-frequency centrality,
 * redundancy-checked) for the summary and key points, and finds action items from commitment phrases.
 */
public final class ExtractiveAnalyzer implements Analyzer {
    static final String VERSION = "extractive-1";

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern MARKUP = Pattern.compile("\\{[a-z_]+}|<[a-z_]+/>|\\[[a-z_ ]+]");
    private static final Set<String> STOP = Set.of(
            "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "is", "are", "was",
            "were", "be", "been", "it", "this", "that", "i", "you", "we", "they", "he", "she", "so", "um", "uh",
            "yeah", "okay", "ok", "like", "just", "do", "did", "not", "have", "has", "had", "there", "what", "mm",
            "hmm", "right", "well", "know", "think", "as", "by", "from", "if", "then", "will", "would", "can",
            "could", "my", "our", "your", "me", "us", "them", "its", "also", "all", "about", "some");

    private static final Pattern COMMITMENT = Pattern.compile(
            "(?i)\\b(i'll|i will|i am going to|i'm going to|we'll|we will|we need to|we should|let's|let us"
                    + "|can you|could you|would you|please|action:|todo|to do:|(?-i:(?<name>[A-Z][a-z]+)) will"
                    + "|(?-i:(?<name2>[A-Z][a-z]+)) (?:is going to|should|needs to))\\b");
    /** "Lena, can you …": the person addressed at the start of a request. */
    private static final Pattern ADDRESSED = Pattern.compile("^(?:so |ok(?:ay)?,? )?(?-i:([A-Z][a-z]+)),", Pattern.CASE_INSENSITIVE);
    /** Chinese commitments: a two- or three-character name followed by 将 (will), 负责 (is responsible for) or 会 (will). */
    private static final Pattern ZH_COMMITMENT = Pattern.compile("(\\p{IsHan}{2,3}?)(将|负责|会)(.{4,})");
    /** Capitalised words that start sentences but never name an owner. */
    private static final Set<String> NOT_NAMES = Set.of("It", "That", "This", "You", "He", "She", "They", "There",
            "Which", "What", "Who", "Everyone", "Somebody", "Someone", "Nobody", "And", "But", "So", "Then", "Also");
    private static final Pattern DUE = Pattern.compile(
            "(?i)\\b(today|tomorrow|tonight|next week|this week|end of (?:the )?month|end of (?:the )?week"
                    + "|(?:by |on |next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                    + "|\\d{4}-\\d{2}-\\d{2})\\b");

    private final AnalyzerConfig config;

    public ExtractiveAnalyzer(AnalyzerConfig config) {
        this.config = config;
    }

    @Override
    public String engine() {
        return AnalyzerConfig.EXTRACTIVE;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public AnalysisRecord analyze(DocumentRecord doc) {
        long t0 = System.nanoTime();
        List<Sentence> sentences = sentences(doc);
        if (sentences.isEmpty()) {
            throw new AnalysisException("empty", "document " + doc.getSourceUri()
                    + " has no text to analyse: check that it is not a scanned image without a text layer");
        }
        Map<String, Double> weights = termWeights(sentences);
        List<Sentence> ranked = new ArrayList<>(sentences);
        for (Sentence s : ranked) {
            s.score = score(s, weights);
        }
        ranked.sort(Comparator.comparingDouble((Sentence s) -> -s.score));
        List<Sentence> summary = select(ranked, config.summaryWords(), Integer.MAX_VALUE, Set.of());
        Set<Sentence> used = new HashSet<>(summary);
        List<Sentence> points = select(ranked, Integer.MAX_VALUE, config.keyPoints(), used);
        long t1 = System.nanoTime();
        List<ActionItem> actions = actionItems(doc, sentences);
        long t2 = System.nanoTime();

        return AnalysisRecord.newBuilder()
                .setDocumentId(doc.getId())
                .setEngine(engine())
                .setEngineVersion(version())
                .setSummary(String.join(" ", summary.stream().sorted(Comparator.comparingInt(s -> s.start))
                        .map(s -> s.text).toList()))
                .setKeyPoints(points.stream().sorted(Comparator.comparingInt(s -> s.start)).map(s -> s.text).toList())
                .setActionItems(actions)
                .setTimingsMs(Map.of("summary", (t1 - t0) / 1_000_000, "actionItems", (t2 - t1) / 1_000_000))
                .setAnalyzedAt(Instant.now())
                .build();
    }

    /** One candidate sentence with its cleaned text and the turn it sits in. */
    private static final class Sentence {
        final int start;
        final int end;
        final String text;
        final List<String> terms;
        final Turn turn;
        double score;

        Sentence(int start, int end, String text, List<String> terms, Turn turn) {
            this.start = start;
            this.end = end;
            this.text = text;
            this.terms = terms;
            this.turn = turn;
        }
    }

    private static List<Sentence> sentences(DocumentRecord doc) {
        String text = doc.getText();
        List<Integer> starts = doc.getSentenceStarts();
        List<Integer> ends = doc.getSentenceEnds();
        List<Sentence> out = new ArrayList<>();
        int turnIndex = 0;
        List<Turn> turns = doc.getTurns();
        for (int i = 0; i < starts.size(); i++) {
            int s = starts.get(i);
            int e = ends.get(i);
            while (turnIndex < turns.size() && turns.get(turnIndex).getCharEnd() <= s) {
                turnIndex++;
            }
            Turn turn = turnIndex < turns.size() && turns.get(turnIndex).getCharStart() <= s ? turns.get(turnIndex) : null;
            String clean = MARKUP.matcher(text.substring(s, e)).replaceAll("").replaceAll("\\s+", " ").strip();
            List<String> terms = terms(clean);
            out.add(new Sentence(s, e, clean, terms, turn));
        }
        return out;
    }

    static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if (isIdeographic(w)) {
                // Chinese and Japanese have no spaces: count each character as a term.
                w.codePoints().forEach(cp -> terms.add(new String(Character.toChars(cp))));
            } else if (!STOP.contains(w) && w.length() > 1) {
                terms.add(w);
            }
        }
        return terms;
    }

    private static boolean isIdeographic(String w) {
        return w.codePoints().anyMatch(Character::isIdeographic);
    }

    /** Inverse-sentence-frequency weighted term frequency over the whole document. */
    private static Map<String, Double> termWeights(List<Sentence> sentences) {
        Map<String, Integer> tf = new HashMap<>();
        Map<String, Integer> df = new HashMap<>();
        for (Sentence s : sentences) {
            for (String t : s.terms) {
                tf.merge(t, 1, Integer::sum);
            }
            for (String t : new HashSet<>(s.terms)) {
                df.merge(t, 1, Integer::sum);
            }
        }
        Map<String, Double> w = new HashMap<>();
        double n = sentences.size();
        tf.forEach((t, f) -> w.put(t, Math.log1p(f) * Math.log1p(n / df.get(t))));
        return w;
    }

    private static double score(Sentence s, Map<String, Double> weights) {
        if (s.terms.size() < 4) {
            return 0; // fillers, back-channel turns and fragments never make a summary
        }
        double sum = 0;
        for (String t : new HashSet<>(s.terms)) {
            sum += weights.getOrDefault(t, 0.0);
        }
        return sum / Math.sqrt(s.terms.size());
    }

    /** Greedy pick by score, skipping near-duplicates, until the word budget or the count is reached. */
    private static List<Sentence> select(List<Sentence> ranked, int wordBudget, int maxCount, Set<Sentence> exclude) {
        List<Sentence> chosen = new ArrayList<>();
        int words = 0;
        for (Sentence s : ranked) {
            if (chosen.size() >= maxCount || words >= wordBudget || s.score <= 0) {
                break;
            }
            if (exclude.contains(s) || chosen.stream().anyMatch(c -> overlap(c.terms, s.terms) > 0.5)) {
                continue;
            }
            int w = words(s.text);
            if (words > 0 && words + w > wordBudget * 1.15) {
                continue;
            }
            chosen.add(s);
            words += w;
        }
        return chosen;
    }

    /**
     * Words in a sentence: whitespace-separated tokens, with Chinese and Japanese characters counted at
     * 1.5 characters a word (the usual ratio of characters to English words in translation), since those
     * scripts put no spaces between words.
     */
    static int words(String text) {
        long ideographs = text.codePoints().filter(Character::isIdeographic).count();
        String rest = text.codePoints().filter(cp -> !Character.isIdeographic(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        int latin = rest.isEmpty() ? 0 : (int) java.util.Arrays.stream(rest.split("\\s+")).filter(t -> t.codePoints().anyMatch(Character::isLetterOrDigit)).count();
        return latin + (int) Math.ceil(ideographs / 1.5);
    }

    private static double overlap(List<String> a, List<String> b) {
        Set<String> sa = new HashSet<>(a);
        Set<String> sb = new HashSet<>(b);
        int inter = 0;
        for (String t : sa) {
            if (sb.contains(t)) {
                inter++;
            }
        }
        int union = sa.size() + sb.size() - inter;
        return union == 0 ? 0 : (double) inter / union;
    }

    private static List<ActionItem> actionItems(DocumentRecord doc, List<Sentence> sentences) {
        LocalDate anchor = parseDate(doc.getDocumentDate());
        List<ActionItem> items = new ArrayList<>();
        for (Sentence s : sentences) {
            Matcher zh = ZH_COMMITMENT.matcher(s.text);
            if (zh.find() && !List.of("我们", "我们将").contains(zh.group(1))) {
                items.add(item(s, zh.group(1), zh.group(3).replaceAll("[。！？]+$", ""), null, anchor));
                continue;
            }
            Matcher m = COMMITMENT.matcher(s.text);
            if (!m.find() || s.text.endsWith("?") && !m.group(1).toLowerCase(Locale.ROOT).matches("can you|could you|would you")) {
                continue;
            }
            String cue = m.group(1).toLowerCase(Locale.ROOT);
            String speaker = s.turn == null ? null : s.turn.getSpeaker();
            String owner;
            String named = m.group("name") != null ? m.group("name") : m.group("name2");
            if (named != null && NOT_NAMES.contains(named)) {
                continue;
            }
            if (named != null) {
                owner = named;
            } else if (cue.startsWith("i")) {
                owner = speaker;
            } else if (cue.startsWith("we") || cue.startsWith("let")) {
                owner = "team";
            } else {
                Matcher addressed = ADDRESSED.matcher(s.text);
                owner = addressed.find() && !NOT_NAMES.contains(addressed.group(1)) ? addressed.group(1) : null;
            }
            String task = s.text.substring(m.end()).replaceFirst("^[\\s:,]+", "").replaceAll("[.?!]+$", "");
            if (task.split("\\s+").length < 3) {
                continue;
            }
            Matcher due = DUE.matcher(s.text);
            items.add(item(s, owner, task, due.find() ? due.group(1) : null, anchor));
        }
        return items;
    }

    private static ActionItem item(Sentence s, String owner, String task, String dueText, LocalDate anchor) {
        return ActionItem.newBuilder()
                .setTask(task)
                .setOwner(owner)
                .setDueText(dueText)
                .setDueDate(dueText == null || anchor == null ? null : resolveDue(dueText, anchor))
                .setConfidence(owner == null ? 0.4f : 0.6f)
                .setEvidence(Evidence.newBuilder()
                        .setCharStart(s.start)
                        .setCharEnd(s.end)
                        .setText(s.text)
                        .setSpeaker(s.turn == null ? null : s.turn.getSpeaker())
                        .setTimeMs(s.turn == null ? null : s.turn.getStartMs())
                        .build())
                .build();
    }

    private static LocalDate parseDate(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return LocalDate.parse(iso.length() > 10 ? iso.substring(0, 10) : iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Resolves a due phrase against the document's date; null when it names no day. */
    static String resolveDue(String dueText, LocalDate anchor) {
        String d = dueText.toLowerCase(Locale.ROOT).replaceFirst("^(by|on|this) ", "");
        LocalDate due;
        if (d.matches("\\d{4}-\\d{2}-\\d{2}")) {
            due = LocalDate.parse(d);
        } else if (d.equals("today") || d.equals("tonight")) {
            due = anchor;
        } else if (d.equals("tomorrow")) {
            due = anchor.plusDays(1);
        } else if (d.equals("next week")) {
            due = anchor.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusDays(4);
        } else if (d.equals("this week") || d.matches("end of (the )?week")) {
            due = anchor.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
        } else if (d.matches("end of (the )?month")) {
            due = anchor.with(TemporalAdjusters.lastDayOfMonth());
        } else {
            boolean next = d.startsWith("next ");
            DayOfWeek day = DayOfWeek.valueOf(d.replaceFirst("^next ", "").toUpperCase(Locale.ROOT));
            due = anchor.with(TemporalAdjusters.next(day));
            if (next) {
                due = due.plusWeeks(1);
            }
        }
        return due.toString();
    }
}
