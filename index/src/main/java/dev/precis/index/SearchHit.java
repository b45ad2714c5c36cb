package dev.precis.index;

/**
 * One search result. The snippet is the best matching passage with the matched words wrapped in
 * {@code <b>…</b>} (the rest HTML-escaped), from the field named in {@code snippetField}.
 */
public record SearchHit(String id, String title, String source, String type, float score, String snippet, String snippetField) {}
