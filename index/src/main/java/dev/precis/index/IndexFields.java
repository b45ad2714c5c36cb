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
    /** Action-item owners and transcript speakers, lower-cased so that owner:alice finds "Alice". */
    public static final String OWNER = "owner";
    public static final String SPEAKER = "speaker";
    public static final String TEXT = "text";
    public static final String ENGINE = "engine";
    /** The AnalyzedDocument (without its full text) as Avro binary, for showing a hit in full. */
    public static final String RECORD = "record_avro";
    /** The IngestFailure as Avro binary. */
    public static final String FAILURE = "failure_avro";

    /** What a Lucene document is: "document", "passage" or "action_item" (failures have type "failure" only). */
    public static final String ENTRY = "entry";
    /**
     * The document id as doc values, on documents and (naming their document) on passages: ranking reads
     * ids of hundreds of candidates, and doc values spare it decompressing their stored text.
     */
    public static final String ID_VALUE = "id_value";
    /** On passages and action items: the id of the document they belong to (their upsert key). */
    public static final String PARENT = "parent_id";
    /** The document's date (document date, else ingestion day) as epoch day: a point, stored as ISO text. */
    public static final String DATE = "date";
    /** Due dates of action items as epoch days (points; one per item on documents, one on an item). */
    public static final String DUE = "due";
    /** On documents: the due epoch days of their items as doc values, for the due-date facet counts. */
    public static final String DUE_DAYS = "due_days";
    /** On action items: the due epoch day as doc values, for sorting (missing sorts last). */
    public static final String DUE_SORT = "due_sort";
    /** Unit-length embedding of the summary (kNN, dot product). */
    public static final String SUMMARY_VECTOR = "summary_vec";
    /** Unit-length embedding of one passage of the text (kNN, dot product). */
    public static final String PASSAGE_VECTOR = "passage_vec";
    public static final String PASSAGE_TEXT = "passage_text";
    public static final String PASSAGE_START = "passage_start";
    public static final String PASSAGE_SPEAKER = "passage_speaker";
    public static final String PASSAGE_TIME = "passage_time_ms";
    /** On action items: the ActionItem as Avro binary, and its document's title and source. */
    public static final String ITEM = "item_avro";
    public static final String ITEM_TITLE = "item_title";
    public static final String ITEM_SOURCE = "item_source";

    /** Facet dimensions, each counted from sorted-set doc values named {@code "facet_" + dimension}. */
    public static final java.util.List<String> FACETS = java.util.List.of(TYPE, LANGUAGE, COLLECTION, SPEAKER, OWNER);

    public static String facetField(String dimension) {
        return "facet_" + dimension;
    }

    /** Fields searched by default, with their BM25 boosts: a title or summary hit says more than one in the body. */
    public static final Map<String, Float> SEARCH_BOOSTS = Map.of(
            TITLE, 3.0f, SUMMARY, 2.0f, KEY_POINTS, 1.5f, ACTION_ITEMS, 1.5f, TEXT, 1.0f);

    /**
     * Full-text analysis: Unicode word boundaries, full-width folding, lower case, CJK bigrams (Chinese
     * and Japanese have no spaces, and bigrams match far better than single characters), English
     * stop words (questions like "what did the team say about the budget" would otherwise score and
     * highlight every "the"), possessives and Porter stemming. Keyword fields (ids, owners, types) are matched exactly.
     */
    public static Analyzer analyzer() {
        try {
            Analyzer text = CustomAnalyzer.builder()
                    .withTokenizer("standard")
                    .addTokenFilter("cjkWidth")
                    .addTokenFilter("lowercase")
                    .addTokenFilter("stop")
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
