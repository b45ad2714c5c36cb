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
 * The default engine, needing no download beyond the build.
 *
 * <ol>
 *   <li>Sentences are cleaned (markup, hesitations, leading fillers); back-channel turns and
 *       fragments are never candidates.
 *   <li>Every candidate gets a TF-IDF term profile (hashed to {@value #LEX_DIM} dimensions); the
 *       sequence of profiles goes through interleaved attention ({@link SentenceAttention}: a local
 *       layer over neighbouring sentences, then a global layer over the whole document). The
 *       attention a sentence draws in the global layer is its centrality to the document's themes.
 *   <li>Salience = content weight (document frequency of its content terms, per square root of its
 *       length) x square root of centrality x an opening bonus (meetings and documents state their
 *       agenda early).
 *   <li>The most salient sentences are embedded with a pretrained sentence model (English) and run
 *       through a global attention layer again: semantic centrality refines salience, and the joined
 *       embedding + term vectors measure redundancy for maximal marginal relevance, which fills the
 *       word budget; key points continue the same ranking.
 * </ol>
 *
 * <p>Options (all optional; the defaults are the measured ones in docs/QUALITY.md): {@code encoder} =
 * {@code minilm} (default) or {@code lexical}; {@code layers} (default "LG"), {@code window} (2),
 * {@code temperature} (0.1) of the attention; {@code semantic} (0.5), the exponent of the semantic
 * centrality; {@code lambda} (0.7) of MMR; {@code shortlist} (64). Action items come from
 * {@link ActionItems}, with {@code actions.minConfidence}, {@code actions.max} and
 * {@code actions.wordsPerItem}.
 */
public final class ExtractiveAnalyzer implements Analyzer {
    static final String VERSION = "extractive-2";

    /** Term profiles are hashed into this many dimensions; collisions only blur similarity a little. */
    private static final int LEX_DIM = 512;
    /** Sentences shorter than this many words say too little to stand in a summary. */
    private static final int MIN_WORDS = 6;
    /** Longer sentences (run-on speech) are cut to this many words when they are chosen. */
    private static final int MAX_WORDS = 40;
    /** Shorter sentences count as this long when content is normalised by length. */
    private static final int LENGTH_FLOOR = 8;
    /**
     * The attention sees at most this many sentences: its memory grows with the square and, beyond the
     * vector width, its cost with the cube (see {@link SentenceAttention}); a book has tens of thousands
     * of sentences. Beyond it the sentences with most content stay. Meetings of two hours stay below.
     */
    static final int MAX_SEQUENCE = 1024;
    /** Cosine similarity above which two sentences say the same thing. */
    private static final double NEAR_DUPLICATE = 0.9;
    /** The opening share of a document whose sentences get a bonus, falling linearly to none. */
    private static final double OPENING = 0.15;

    private final AnalyzerConfig config;
    private final boolean useEmbeddings;
    private final SentenceAttention attention;
    private final SentenceAttention semantic;
    private final double lambda;
    private final int shortlist;
    private final ActionItems actionItems;
    /** Exponent of the semantic centrality factor: 0 leaves salience lexical. */
    private final double semanticWeight;

    public ExtractiveAnalyzer(AnalyzerConfig config) {
        this.config = config;
        Map<String, String> o = config.options();
        String encoder = o.getOrDefault("encoder", "minilm");
        if (!encoder.equals("minilm") && !encoder.equals("lexical")) {
            throw new IllegalArgumentException("encoder '" + encoder + "' is unknown: use 'minilm' or 'lexical'");
        }
        this.useEmbeddings = encoder.equals("minilm");
        float temperature = Float.parseFloat(o.getOrDefault("temperature", "0.1"));
        this.attention = new SentenceAttention(o.getOrDefault("layers", "LG"), Integer.parseInt(o.getOrDefault("window", "2")), temperature);
        this.semantic = new SentenceAttention("G", 1, temperature);
        this.lambda = Double.parseDouble(o.getOrDefault("lambda", "0.7"));
        this.shortlist = Integer.parseInt(o.getOrDefault("shortlist", "64"));
        if (lambda < 0 || lambda > 1 || shortlist < 1) {
            throw new IllegalArgumentException("lambda " + lambda + " must lie in 0..1 and shortlist " + shortlist + " be positive");
        }
        this.semanticWeight = Double.parseDouble(o.getOrDefault("semantic", "0.5"));
        this.actionItems = new ActionItems(Double.parseDouble(o.getOrDefault("actions.minConfidence", "" + ActionItems.MIN_CONFIDENCE)),
                Integer.parseInt(o.getOrDefault("actions.max", "" + ActionItems.MAX_ITEMS)),
                Integer.parseInt(o.getOrDefault("actions.wordsPerItem", "" + ActionItems.WORDS_PER_ITEM)));
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
        if (candidates.size() > MAX_SEQUENCE) {
            candidates = longest(candidates);
        }
        long t1 = System.nanoTime();
        timings.put("segment", (t1 - t0) / 1_000_000);
        lexicalSalience(candidates, doc.getText().length());
        List<Sentence> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.comparingDouble((Sentence s) -> -s.salience));
        List<Sentence> top = new ArrayList<>(ranked.subList(0, Math.min(shortlist, ranked.size())));
        long t2 = System.nanoTime();
        timings.put("salience", (t2 - t1) / 1_000_000);
        SentenceEncoder encoder = useEmbeddings && !cjk && !nonEnglish(doc) ? Embeddings.get() : null;
        if (encoder != null && top.size() > 1) {
            semanticSalience(top, encoder);
        }
        long t3 = System.nanoTime();
        timings.put("embed", (t3 - t2) / 1_000_000);
        List<Sentence> summary = select(top, config.summaryWords(), Integer.MAX_VALUE, Set.of());
        List<Sentence> points = select(top, Integer.MAX_VALUE, config.keyPoints(), new HashSet<>(summary));
        long t4 = System.nanoTime();
        timings.put("select", (t4 - t3) / 1_000_000);
        var actions = actionItems.extract(doc, all);
        timings.put("actionItems", (System.nanoTime() - t4) / 1_000_000);

        return AnalysisRecord.newBuilder()
                .setDocumentId(doc.getId())
                .setEngine(engine())
                .setEngineVersion(version())
                .setSummary(render(summary, config.summaryWords()))
                .setKeyPoints(points.stream().sorted(Comparator.comparingInt(s -> s.index))
                        .map(s -> clip(s.clean, MAX_WORDS)).toList())
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

    /** The {@link #MAX_SEQUENCE} sentences with the most distinct content terms, in document order. */
    private static List<Sentence> longest(List<Sentence> candidates) {
        List<Sentence> kept = new ArrayList<>(candidates);
        kept.sort(Comparator.comparingInt((Sentence s) -> -new HashSet<>(s.terms).size()).thenComparingInt(s -> s.index));
        kept = new ArrayList<>(kept.subList(0, MAX_SEQUENCE));
        kept.sort(Comparator.comparingInt(s -> s.index));
        return kept;
    }

    private static boolean nonEnglish(DocumentRecord doc) {
        String lang = doc.getLanguage();
        return lang != null && !lang.isBlank() && !lang.toLowerCase(Locale.ROOT).startsWith("en");
    }

    /** Term profiles through the interleaved attention; sets each sentence's vector and salience. */
    private void lexicalSalience(List<Sentence> sentences, int textLength) {
        Map<String, Integer> df = new HashMap<>();
        Map<String, Integer> tf = new HashMap<>();
        for (Sentence s : sentences) {
            s.terms.forEach(t -> tf.merge(t, 1, Integer::sum));
            for (String term : new HashSet<>(s.terms)) {
                df.merge(term, 1, Integer::sum);
            }
        }
        int n = sentences.size();
        float[][] x = new float[n][]; // [n][LEX_DIM] unit TF-IDF profiles
        for (int i = 0; i < n; i++) {
            Sentence s = sentences.get(i);
            float[] lex = new float[LEX_DIM];
            Map<String, Integer> f = new HashMap<>();
            s.terms.forEach(term -> f.merge(term, 1, Integer::sum));
            f.forEach((term, c) -> lex[Math.floorMod(term.hashCode(), LEX_DIM)] +=
                    (float) ((1 + Math.log(c)) * Math.log((n + 1.0) / df.get(term))));
            Vectors.normalize(lex, 1);
            s.vector = lex;
            x[i] = lex;
        }
        SentenceAttention.Output out = attention.run(x);
        double[] central = out.received()[out.received().length - 1]; // [n] attention drawn in the last (global) layer
        for (int i = 0; i < n; i++) {
            Sentence s = sentences.get(i);
            double content = 0;
            for (String t : new HashSet<>(s.terms)) {
                content += Math.log1p(tf.get(t));
            }
            content /= Math.sqrt(Math.max(s.words, LENGTH_FLOOR));
            double r = (double) s.start / Math.max(1, textLength);
            s.salience = content * Math.sqrt(central[i]) * (1 + Math.max(0, 1 - r / OPENING));
        }
    }

    /**
     * Embeds the shortlist, refines salience by the attention each sentence draws among the others
     * in embedding space, and switches redundancy to the joined embedding + term vector.
     */
    private void semanticSalience(List<Sentence> top, SentenceEncoder encoder) {
        List<Sentence> ordered = new ArrayList<>(top);
        ordered.sort(Comparator.comparingInt(s -> s.index));
        // Embed what a reader would see: long sentences are cut, which also bounds the model's cost.
        float[][] emb = encoder.encode(ordered.stream().map(s -> clip(s.clean, MAX_WORDS)).toList()); // [k][dim]
        double[] central = semantic.run(emb).received()[0]; // [k]; each sums over k - 1 queries
        double mean = 0;
        for (double c : central) {
            mean += c / central.length;
        }
        for (int i = 0; i < ordered.size(); i++) {
            Sentence s = ordered.get(i);
            s.salience *= Math.pow(central[i] / mean, semanticWeight);
            float[] v = new float[emb[i].length + s.vector.length];
            System.arraycopy(emb[i], 0, v, 0, emb[i].length);
            System.arraycopy(s.vector, 0, v, emb[i].length, s.vector.length);
            Vectors.normalize(v, 1);
            s.vector = v;
        }
    }

    /**
     * Maximal marginal relevance under a word budget or a count, whichever comes first. Sentences
     * already used elsewhere ({@code exclude}) count as chosen for redundancy; a near-duplicate of a
     * chosen sentence (said again later in the meeting) is never picked.
     */
    private List<Sentence> select(List<Sentence> candidates, int wordBudget, int maxCount, Set<Sentence> exclude) {
        double max = candidates.stream().mapToDouble(s -> s.salience).max().orElse(1);
        List<Sentence> chosen = new ArrayList<>();
        List<Sentence> seen = new ArrayList<>(exclude);
        List<Sentence> pool = new ArrayList<>(candidates);
        pool.removeAll(exclude);
        int words = 0;
        while (chosen.size() < maxCount && words < wordBudget) {
            Sentence best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Sentence s : pool) {
                double redundancy = 0;
                for (Sentence c : seen) {
                    redundancy = Math.max(redundancy, Vectors.dot(s.vector, c.vector));
                }
                double mmr = lambda * s.salience / max - (1 - lambda) * redundancy;
                if (redundancy < NEAR_DUPLICATE && mmr > bestScore) {
                    bestScore = mmr;
                    best = s;
                }
            }
            if (best == null) {
                break;
            }
            pool.remove(best);
            chosen.add(best);
            seen.add(best);
            words += Math.min(best.words, MAX_WORDS);
        }
        return chosen;
    }

    /** The chosen sentences in document order, cut to the word budget. */
    private static String render(List<Sentence> chosen, int budget) {
        List<Sentence> ordered = new ArrayList<>(chosen);
        ordered.sort(Comparator.comparingInt(s -> s.index));
        StringBuilder out = new StringBuilder();
        int left = budget;
        for (Sentence s : ordered) {
            if (left <= 0) {
                break;
            }
            String text = clip(s.clean, Math.min(left, MAX_WORDS));
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
            int chars = (int) (words * Text.CJK_CHARS_PER_WORD);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < sentence.length() && n < chars; ) {
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
