package dev.precis.attention.analysis;

import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Turn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The default engine, needing no download beyond the build. Each sentence becomes a vector (a
 * pretrained sentence embedding for English, joined with its TF-IDF term profile); the sequence of
 * sentence vectors goes through interleaved attention ({@link SentenceAttention}: local layers over
 * neighbouring sentences, a global layer over the whole document); a sentence's salience is the
 * attention it draws, weighted by how much content it carries; maximal marginal relevance then picks
 * a diverse set under the word budget. Action items come from {@link ActionItems}.
 *
 * <p>Options: {@code encoder} = {@code minilm} (default) or {@code lexical}.
 */
public final class ExtractiveAnalyzer implements Analyzer {
    static final String VERSION = "extractive-2";

    /** Lexical vectors are hashed into this many dimensions; collisions only blur similarity a little. */
    private static final int LEX_DIM = 512;
    /** Sentences shorter than this many words say too little to stand in a summary. */
    private static final int MIN_WORDS = 6;
    /** Longer sentences (run-on speech) are cut to this many words when they are chosen. */

    private final AnalyzerConfig config;
    private final SentenceAttention attention;
    private final boolean useEmbeddings;
    private final double lambda;
    private final double position;
    private final int maxWords;
    private final String content;
    private final double gamma;
    private final ActionItems actionItems;

    public ExtractiveAnalyzer(AnalyzerConfig config) {
        this.config = config;
        Map<String, String> o = config.options();
        String encoder = o.getOrDefault("encoder", "minilm");
        if (!encoder.equals("minilm") && !encoder.equals("lexical")) {
            throw new IllegalArgumentException("encoder '" + encoder + "' is unknown: use 'minilm' or 'lexical'");
        }
        this.useEmbeddings = encoder.equals("minilm");
        this.attention = new SentenceAttention(o.getOrDefault("layers", "LLG"),
                Integer.parseInt(o.getOrDefault("window", "4")), Float.parseFloat(o.getOrDefault("temperature", "0.1")));
        this.lambda = Double.parseDouble(o.getOrDefault("lambda", "0.7"));
        this.position = Double.parseDouble(o.getOrDefault("position", "0"));
        this.maxWords = Integer.parseInt(o.getOrDefault("maxWords", "60"));
        this.content = o.getOrDefault("content", "distinct");
        this.gamma = Double.parseDouble(o.getOrDefault("gamma", "1"));
        this.actionItems = new ActionItems(Double.parseDouble(o.getOrDefault("actions.minConfidence", "" + ActionItems.MIN_CONFIDENCE)),
                Integer.parseInt(o.getOrDefault("actions.max", "" + ActionItems.MAX_ITEMS)));
    }

    @Override
    public String engine() {
        return AnalyzerConfig.EXTRACTIVE;
    }

    @Override
    public String version() {
        SentenceEncoder e = useEmbeddings ? Embeddings.get() : null;
        return VERSION + "+" + (e == null ? "lexical" : e.name());
    }

    /** One sentence of the document with its cleaned text and scoring features. */
    static final class Sentence {
        final int index;
        final int start;
        final int end;
        final String clean;
        final List<String> terms;
        final int words;
        final Turn turn;
        float[] vector;
        double salience;

        Sentence(int index, int start, int end, String clean, List<String> terms, Turn turn) {
            this.index = index;
            this.start = start;
            this.end = end;
            this.clean = clean;
            this.terms = terms;
            this.words = Text.wordCount(clean);
            this.turn = turn;
        }
    }

    @Override
    public AnalysisRecord analyze(DocumentRecord doc) {
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        List<Sentence> all = sentences(doc);
        if (all.stream().allMatch(s -> s.clean.isEmpty())) {
            throw new AnalysisException("empty", "document " + doc.getSourceUri()
                    + " has no text to analyse: check that it is not a scanned image without a text layer");
        }
        boolean cjk = all.stream().anyMatch(s -> s.clean.codePoints().anyMatch(Text::isCjk));
        List<Sentence> candidates = new ArrayList<>();
        for (Sentence s : all) {
            if (eligible(s, cjk)) {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty()) {
            // A short note: every sentence with any content may stand.
            for (Sentence s : all) {
                if (!s.terms.isEmpty() && !Text.isFiller(s.clean)) {
                    candidates.add(s);
                }
            }
        }
        long t1 = System.nanoTime();
        timings.put("segment", (t1 - t0) / 1_000_000);
        vectors(candidates, doc, cjk);
        long t2 = System.nanoTime();
        timings.put("embed", (t2 - t1) / 1_000_000);
        salience(candidates, doc.getText().length());
        List<Sentence> summary = select(candidates, config.summaryWords(), Integer.MAX_VALUE, Set.of());
        Set<Sentence> used = new HashSet<>(summary);
        List<Sentence> points = select(candidates, Integer.MAX_VALUE, config.keyPoints(), used);
        long t3 = System.nanoTime();
        timings.put("salience", (t3 - t2) / 1_000_000);
        var actions = actionItems.extract(doc, all);
        timings.put("actionItems", (System.nanoTime() - t3) / 1_000_000);

        return AnalysisRecord.newBuilder()
                .setDocumentId(doc.getId())
                .setEngine(engine())
                .setEngineVersion(version())
                .setSummary(render(summary, config.summaryWords()))
                .setKeyPoints(points.stream().sorted(Comparator.comparingInt(s -> s.index))
                        .map(s -> clip(s.clean, maxWords)).toList())
                .setActionItems(actions)
                .setTimingsMs(timings)
                .setAnalyzedAt(Instant.now())
                .build();
    }

    static List<Sentence> sentences(DocumentRecord doc) {
        String text = doc.getText();
        List<Integer> starts = doc.getSentenceStarts();
        List<Integer> ends = doc.getSentenceEnds();
        if (starts.size() != ends.size()) {
            throw new AnalysisException("bad-record", "document " + doc.getSourceUri() + " has " + starts.size()
                    + " sentence starts but " + ends.size() + " ends: re-ingest it");
        }
        List<Turn> turns = doc.getTurns();
        List<Sentence> out = new ArrayList<>();
        int t = 0;
        for (int i = 0; i < starts.size(); i++) {
            int s = starts.get(i);
            int e = ends.get(i);
            if (s < 0 || e > text.length() || s > e) {
                throw new AnalysisException("bad-record", "sentence " + i + " of " + doc.getSourceUri() + " spans "
                        + s + ".." + e + " outside the text of length " + text.length() + ": re-ingest it");
            }
            while (t < turns.size() && turns.get(t).getCharEnd() <= s) {
                t++;
            }
            Turn turn = t < turns.size() && turns.get(t).getCharStart() <= s ? turns.get(t) : null;
            String clean = Text.clean(text.substring(s, e));
            out.add(new Sentence(i, s, e, clean, Text.terms(clean), turn));
        }
        return out;
    }

    private static boolean eligible(Sentence s, boolean cjk) {
        if (Text.isFiller(s.clean)) {
            return false;
        }
        if (cjk) {
            return s.words >= 8;
        }
        return s.words >= MIN_WORDS && s.terms.size() >= 3;
    }

    /** Embedding (when available and the text is not CJK) joined with the hashed TF-IDF profile; unit length. */
    private void vectors(List<Sentence> sentences, DocumentRecord doc, boolean cjk) {
        Map<String, Integer> df = new HashMap<>();
        for (Sentence s : sentences) {
            for (String term : new HashSet<>(s.terms)) {
                df.merge(term, 1, Integer::sum);
            }
        }
        int n = sentences.size();
        SentenceEncoder encoder = useEmbeddings && !cjk && !nonEnglish(doc) ? Embeddings.get() : null;
        float[][] emb = encoder == null ? null : encoder.encode(sentences.stream().map(s -> s.clean).toList());
        for (int i = 0; i < n; i++) {
            Sentence s = sentences.get(i);
            float[] lex = new float[LEX_DIM];
            Map<String, Integer> tf = new HashMap<>();
            s.terms.forEach(term -> tf.merge(term, 1, Integer::sum));
            tf.forEach((term, f) -> lex[Math.floorMod(term.hashCode(), LEX_DIM)] +=
                    (float) ((1 + Math.log(f)) * Math.log((n + 1.0) / df.get(term))));
            Vectors.normalize(lex, 1);
            if (emb == null) {
                s.vector = lex;
            } else {
                float[] v = new float[emb[i].length + LEX_DIM];
                System.arraycopy(emb[i], 0, v, 0, emb[i].length);
                System.arraycopy(lex, 0, v, emb[i].length, LEX_DIM);
                Vectors.normalize(v, 1);
                s.vector = v;
            }
        }
    }

    private static boolean nonEnglish(DocumentRecord doc) {
        String lang = doc.getLanguage();
        return lang != null && !lang.isBlank() && !lang.toLowerCase(Locale.ROOT).startsWith("en");
    }

    /**
     * Salience = attention drawn in the global layer (how central the sentence is to the document's
     * themes, after local layers blended in its topic segment), scaled by a content factor that
     * favours sentences carrying many distinct content terms.
     */
    private void salience(List<Sentence> sentences, int textLength) {
        Map<String, Integer> tf = new HashMap<>();
        for (Sentence s : sentences) {
            s.terms.forEach(t -> tf.merge(t, 1, Integer::sum));
        }
        int n = sentences.size();
        float[][] x = new float[n][]; // [n][d] sentence vectors
        for (int i = 0; i < n; i++) {
            x[i] = sentences.get(i).vector;
        }
        SentenceAttention.Output out = attention.run(x);
        double[] central = out.received()[out.received().length - 1];
        for (int i = 0; i < n; i++) {
            Sentence s = sentences.get(i);
            Set<String> distinct = new HashSet<>(s.terms);
            double c;
            switch (content) {
                case "tf" -> {
                    double sum = 0;
                    for (String t : distinct) {
                        sum += Math.log1p(tf.get(t));
                    }
                    c = sum / Math.sqrt(Math.max(s.words, 8));
                }
                case "tfc" -> {
                    double sum = 0;
                    for (String t : distinct) {
                        sum += Math.log1p(tf.get(t));
                    }
                    c = sum / Math.sqrt(Math.max(s.words, 8)) * Math.pow(central[i], gamma);
                }
                case "none" -> c = central[i];
                default -> c = Math.log1p(distinct.size()) * central[i];
            }
            double r = (double) s.start / Math.max(1, textLength);
            s.salience = c * (1 + position * Math.max(0, 1 - r / 0.15));

        }
    }

    /** Maximal marginal relevance under a word budget or a count, whichever comes first. */
    private List<Sentence> select(List<Sentence> candidates, int wordBudget, int maxCount, Set<Sentence> exclude) {
        double max = candidates.stream().mapToDouble(s -> s.salience).max().orElse(1);
        List<Sentence> chosen = new ArrayList<>();
        List<Sentence> pool = new ArrayList<>(candidates);
        pool.removeAll(exclude);
        int words = 0;
        while (!pool.isEmpty() && chosen.size() < maxCount && words < wordBudget) {
            Sentence best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Sentence s : pool) {
                double redundancy = 0;
                for (Sentence c : chosen) {
                    redundancy = Math.max(redundancy, Vectors.dot(s.vector, c.vector));
                }
                double mmr = lambda * s.salience / max - (1 - lambda) * redundancy;
                if (mmr > bestScore) {
                    bestScore = mmr;
                    best = s;
                }
            }
            pool.remove(best);
            chosen.add(best);
            words += Math.min(best.words, maxWords);
        }
        return chosen;
    }

    /** The chosen sentences in document order, cut to the word budget. */
    private String render(List<Sentence> chosen, int budget) {
        List<Sentence> ordered = new ArrayList<>(chosen);
        ordered.sort(Comparator.comparingInt(s -> s.index));
        StringBuilder out = new StringBuilder();
        int left = budget;
        for (Sentence s : ordered) {
            if (left <= 0) {
                break;
            }
            String text = clip(s.clean, Math.min(left, maxWords));
            out.append(out.length() == 0 ? "" : " ").append(text);
            left -= Text.wordCount(text);
        }
        return out.toString();
    }

    /** Cuts a sentence to at most {@code words} words, marking the cut with an ellipsis. */
    static String clip(String sentence, int words) {
        if (Text.wordCount(sentence) <= words) {
            return sentence;
        }
        String[] parts = sentence.split("\\s+");
        if (parts.length <= words) {
            // CJK: count characters instead of spaces.
            int n = 0;
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < sentence.length() && n < words; ) {
                int cp = sentence.codePointAt(i);
                b.appendCodePoint(cp);
                if (Text.isCjk(cp)) {
                    n++;
                }
                i += Character.charCount(cp);
            }
            return b + "…";
        }
        return String.join(" ", java.util.Arrays.copyOf(parts, words)).replaceAll("[,;:]$", "") + "…";
    }
}
