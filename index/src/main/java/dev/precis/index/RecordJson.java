package dev.precis.index;

import dev.precis.schemas.ActionItem;
import dev.precis.schemas.Evidence;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shape of records that the HTTP API and the command line both print. Field names here are part of
 * both contracts, so they are written once.
 */
public final class RecordJson {
    private RecordJson() {}

    /** task, owner, dueDate, dueText, confidence, evidence; callers add context such as status or document id. */
    public static Map<String, Object> actionItem(ActionItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", i.getTask());
        m.put("owner", i.getOwner());
        m.put("dueDate", i.getDueDate());
        m.put("dueText", i.getDueText());
        m.put("confidence", i.getConfidence());
        m.put("evidence", evidence(i.getEvidence()));
        return m;
    }

    /** charStart, charEnd (offsets into the document text), text, speaker, timeMs. */
    public static Map<String, Object> evidence(Evidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("charStart", e.getCharStart());
        m.put("charEnd", e.getCharEnd());
        m.put("text", e.getText());
        m.put("speaker", e.getSpeaker());
        m.put("timeMs", e.getTimeMs());
        return m;
    }
}
