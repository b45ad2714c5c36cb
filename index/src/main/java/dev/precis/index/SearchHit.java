package dev.precis.index;

import java.util.List;

/**
 * One search result, one per document. The snippet is the best matching passage with the matched words
 * wrapped in {@code <b>…</b>} (the rest HTML-escaped), from the field named in {@code snippetField};
 * {@code highlights} holds the best passage of every field that matched. {@code passage} is the passage
 * closest in meaning to the query (plain text) when vector search found the document, and
 * {@code matchedBy} says which retrievers found it ("bm25", "summary", "passage").
 */
public record SearchHit(String id, String title, String source, String type, float score, String snippet,
        String snippetField, String collection, String language, String date, List<Highlight> highlights,
        Passage passage, List<String> matchedBy) {

    /** A highlighted passage of one field (HTML: escaped text with {@code <b>} marks). */
    public record Highlight(String field, String html) {}

    /** A passage of the text found by meaning: where it starts, who said it and when. */
    public record Passage(String text, int start, String speaker, Long timeMs) {}
}
