package dev.precis.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;

/** Field names of the Precis index and the analyzers that read them. */
public final class IndexFields {
    private IndexFields() {}

    /** Document id (or "failure:" + id for failures); the upsert key. */
    public static final String ID = "id";
    /** "document", "transcript" or "failure". */
    public static final String TYPE = "type";
    public static final String SOURCE = "source";
    public static final String COLLECTION = "collection";
    public static final String CONTENT_HASH = "content_hash";
    public static final String MEDIA_TYPE = "media_type";
    public static final String LANGUAGE = "language";
    public static final String TITLE = "title";
    public static final String SUMMARY = "summary";
    public static final String KEY_POINTS = "key_points";
    public static final String ACTION_ITEMS = "action_items";
    public static final String OWNER = "owner";
    public static final String SPEAKER = "speaker";
    public static final String TEXT = "text";
    public static final String ENGINE = "engine";
    /** The AnalyzedDocument (without its full text) as Avro binary, for showing a hit in full. */
    public static final String RECORD = "record_avro";
    /** The IngestFailure as Avro binary. */
    public static final String FAILURE = "failure_avro";

    /** Fields searched by default, with their BM25 boosts: a title or summary hit says more than one in the body. */
    public static final Map<String, Float> SEARCH_BOOSTS = Map.of(
            TITLE, 3.0f, SUMMARY, 2.0f, KEY_POINTS, 1.5f, ACTION_ITEMS, 1.5f, TEXT, 1.0f);

    /**
     * Full-text analysis: Unicode word boundaries, full-width folding, lower case, CJK bigrams (Chinese
     * and Japanese have no spaces, and bigrams match far better than single characters), English
     * possessives and Porter stemming. Keyword fields (ids, owners, types) are matched exactly.
     */
    public static Analyzer analyzer() {
        try {
            Analyzer text = CustomAnalyzer.builder()
                    .withTokenizer("standard")
                    .addTokenFilter("cjkWidth")
                    .addTokenFilter("lowercase")
                    .addTokenFilter("cjkBigram")
                    .addTokenFilter("englishPossessive")
                    .addTokenFilter("porterStem")
                    .build();
            KeywordAnalyzer keyword = new KeywordAnalyzer();
            return new PerFieldAnalyzerWrapper(text, Map.of(
                    ID, keyword, TYPE, keyword, OWNER, keyword, SPEAKER, keyword, COLLECTION, keyword,
                    LANGUAGE, keyword, MEDIA_TYPE, keyword, CONTENT_HASH, keyword, ENGINE, keyword));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the text analyzer", e);
        }
    }
}
