package dev.precis.index;

import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Evidence;
import dev.precis.schemas.Turn;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small index over two collections, "finance" and "engineering", with transcripts, speakers,
 * owners and due dates around {@link #TODAY}. Words that occur in one collection only ("Orion",
 * "invoice") let tests prove that nothing from the other collection leaks.
 */
public final class TestCorpus {
    public static final LocalDate TODAY = LocalDate.of(2025, 3, 10);
    public static final Clock CLOCK = Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    private TestCorpus() {}

    /** Writes the corpus into two shards under {@code root}. */
    public static void write(Path root) throws IOException {
        try (ShardWriter w0 = new ShardWriter(root.resolve("shard-0")); ShardWriter w1 = new ShardWriter(root.resolve("shard-1"))) {
            List<AnalyzedDocument> docs = documents();
            for (int i = 0; i < docs.size(); i++) {
                (i % 2 == 0 ? w0 : w1).upsert(docs.get(i));
            }
            w0.commit(Map.of());
            w1.commit(Map.of());
        }
    }

    public static List<AnalyzedDocument> documents() {
        List<AnalyzedDocument> out = new ArrayList<>();
        out.add(transcript("fin-q1", "finance", "Q1 budget review", "2025-03-03",
                new String[][] {
                    {"Alice", "Welcome everyone, today we review the first quarter budget and the marketing spend."},
                    {"Bob", "The invoice backlog from the Lisbon office is still open, about forty invoices."},
                    {"Alice", "Bob, can you reconcile the Lisbon invoices by Friday?"},
                    {"Bob", "Yes, I will reconcile them by 2025-03-07."},
                    {"Carol", "I will send the revised forecast to the board next week."},
                },
                "The team reviewed the first quarter budget, the marketing spend and an invoice backlog in Lisbon.",
                item("Bob", "reconcile the Lisbon invoices", "2025-03-07", "by Friday", 2),
                item("Carol", "send the revised forecast to the board", "2025-03-14", "next week", 4)));
        out.add(document("fin-audit", "finance", "Audit preparation notes", "2025-02-20",
                "The external audit starts in April. Payroll records and travel expenses need to be complete. "
                        + "Dana will collect the travel receipts before the audit.",
                "Preparation for the April audit: payroll records and travel expenses.",
                item("Dana", "collect the travel receipts", null, "before the audit", -1)));
        out.add(transcript("eng-standup", "engineering", "Orion platform standup", "2025-03-06",
                new String[][] {
                    {"Erin", "The Orion deployment pipeline failed twice last night because of a flaky integration test."},
                    {"Frank", "I will quarantine the flaky test and open a ticket today."},
                    {"Erin", "Alice asked for a latency dashboard for the Orion search service."},
                    {"Frank", "Erin, can you build the latency dashboard by 2025-03-12?"},
                },
                "The Orion deployment pipeline is blocked by a flaky test; a latency dashboard is requested.",
                item("Frank", "quarantine the flaky test", "2025-03-06", "today", 1),
                item("Erin", "build the latency dashboard", "2025-03-12", "by 2025-03-12", 3)));
        out.add(document("eng-design", "engineering", "Orion storage design", "2025-01-15",
                "Orion stores events in an append-only log. Compaction runs nightly. Alice owns the migration plan "
                        + "and will present it in June.",
                "Design of the Orion event log: append-only storage and nightly compaction.",
                item("Alice", "present the migration plan", "2025-06-02", "in June", 2)));
        return out;
    }

    private static ActionItem item(String owner, String task, String due, String dueText, int sentence) {
        return ActionItem.newBuilder().setTask(task).setOwner(owner).setDueDate(due).setDueText(dueText).setConfidence(0.8f)
                .setEvidence(Evidence.newBuilder().setCharStart(sentence).setCharEnd(sentence).setText("").build()).build();
    }

    private static AnalyzedDocument transcript(String id, String collection, String title, String date, String[][] lines,
            String summary, ActionItem... items) {
        StringBuilder text = new StringBuilder();
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int start = text.length();
            text.append(lines[i][1]);
            turns.add(Turn.newBuilder().setSpeaker(lines[i][0]).setStartMs(i * 15_000L).setText(lines[i][1])
                    .setCharStart(start).setCharEnd(text.length()).build());
            text.append('\n');
        }
        DocumentRecord d = record(id, collection, title, date, text.toString(), "transcript").setTurns(turns).build();
        return new AnalyzedDocument(d, analysis(d, summary, items));
    }

    private static AnalyzedDocument document(String id, String collection, String title, String date, String text,
            String summary, ActionItem... items) {
        DocumentRecord d = record(id, collection, title, date, text, "document").build();
        return new AnalyzedDocument(d, analysis(d, summary, items));
    }

    private static DocumentRecord.Builder record(String id, String collection, String title, String date, String text, String kind) {
        return DocumentRecord.newBuilder().setId(id).setSourceUri("file:/inbox/" + collection + "/" + id + ".txt")
                .setCollection(collection).setContentHash("h-" + id).setMediaType("text/plain").setKind(kind).setTitle(title)
                .setLanguage("en").setDocumentDate(date).setText(text).setIngestedAt(Instant.EPOCH);
    }

    /**
     * The analysis, with each item's evidence pointing at the real span of its sentence: the item's
     * placeholder evidence names the sentence (turn or full-stop sentence) by number, negative for the last.
     */
    private static AnalysisRecord analysis(DocumentRecord d, String summary, ActionItem... items) {
        List<int[]> spans = new ArrayList<>();
        if (!d.getTurns().isEmpty()) {
            d.getTurns().forEach(t -> spans.add(new int[] {t.getCharStart(), t.getCharEnd()}));
        } else {
            int from = 0;
            String t = d.getText();
            for (int i = 0; i < t.length(); i++) {
                if (t.charAt(i) == '.') {
                    spans.add(new int[] {from, i + 1});
                    from = Math.min(t.length(), i + 2);
                }
            }
        }
        List<ActionItem> fixed = new ArrayList<>();
        for (ActionItem i : items) {
            int n = i.getEvidence().getCharStart();
            int[] span = spans.get(n < 0 ? spans.size() + n : n);
            String speaker = null;
            Long time = null;
            for (Turn t : d.getTurns()) {
                if (t.getCharStart() == span[0]) {
                    speaker = t.getSpeaker();
                    time = t.getStartMs();
                }
            }
            fixed.add(ActionItem.newBuilder(i).setEvidence(Evidence.newBuilder().setCharStart(span[0]).setCharEnd(span[1])
                    .setText(d.getText().substring(span[0], span[1])).setSpeaker(speaker).setTimeMs(time).build()).build());
        }
        return AnalysisRecord.newBuilder().setDocumentId(d.getId()).setEngine("extractive").setEngineVersion("test")
                .setSummary(summary).setKeyPoints(List.of(summary)).setActionItems(fixed).setAnalyzedAt(Instant.EPOCH).build();
    }
}
