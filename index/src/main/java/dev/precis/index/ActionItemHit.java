package dev.precis.index;

import dev.precis.schemas.ActionItem;

/** An action item with the document it came from; {@code status} is "overdue", "this-week", "later" or "no-date". */
public record ActionItemHit(String documentId, String title, String source, ActionItem item, String status) {}
