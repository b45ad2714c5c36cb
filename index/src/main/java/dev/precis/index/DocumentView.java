package dev.precis.index;

import dev.precis.schemas.AnalyzedDocument;

/** A document as stored in the index: the record (without its text), the full text, and its date. */
public record DocumentView(AnalyzedDocument record, String text, String date) {}
