package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Turn;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveAnalyzerTest {

    /** Builds a transcript record the way ingest does: one sentence per turn line. */
    static DocumentRecord transcript(String date, String... speakerLines) {
        StringBuilder text = new StringBuilder();
        List<Turn> turns = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < speakerLines.length; i += 2) {
            int start = text.length();
            text.append(speakerLines[i + 1]);
            turns.add(Turn.newBuilder().setSpeaker(speakerLines[i]).setStartMs(i * 1000L).setEndMs(i * 1000L + 900)
                    .setText(speakerLines[i + 1]).setCharStart(start).setCharEnd(text.length()).build());
            starts.add(start);
            ends.add(text.length());
            text.append('\n');
        }
        return DocumentRecord.newBuilder().setId("d1").setSourceUri("file:/tmp/m.txt").setContentHash("00")
                .setMediaType("text/plain").setKind("transcript").setDocumentDate(date).setText(text.toString())
                .setTurns(turns).setSentenceStarts(starts).setSentenceEnds(ends).setIngestedAt(Instant.EPOCH).build();
    }

    @Test
    void summaryStaysNearBudgetAndSkipsFillers() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("Ann");
            lines.add(i % 3 == 0 ? "Yeah." : "The remote control prototype needs a rubber case and a larger battery compartment " + i + ".");
        }
        AnalysisRecord r = new ExtractiveAnalyzer(AnalyzerConfig.defaults().withSummaryWords(40))
                .analyze(transcript(null, lines.toArray(String[]::new)));
        int words = r.getSummary().split("\\s+").length;
        assertTrue(words > 10 && words <= 46, "summary of " + words + " words: " + r.getSummary());
        assertFalse(r.getSummary().contains("Yeah"), r.getSummary());
        assertEquals("extractive", r.getEngine());
    }

    @Test
    void actionItemsGetOwnersEvidenceAndDueDates() {
        AnalysisRecord r = new ExtractiveAnalyzer(AnalyzerConfig.defaults()).analyze(transcript("2024-03-06",
                "Ann", "I'll send the revised budget to finance by Friday.",
                "Bob", "We will review the marketing plan next week.",
                "Ann", "Carol will prepare the slides for the board meeting tomorrow.",
                "Bob", "The weather was nice."));
        List<ActionItem> items = r.getActionItems();
        assertEquals(3, items.size(), items.toString());
        assertEquals("Ann", items.get(0).getOwner());
        assertEquals("2024-03-08", items.get(0).getDueDate()); // 2024-03-06 is a Wednesday
        assertEquals("Ann", items.get(0).getEvidence().getSpeaker());
        assertEquals("team", items.get(1).getOwner());
        assertEquals("Carol", items.get(2).getOwner());
        assertEquals("2024-03-07", items.get(2).getDueDate());
        assertEquals("I'll send the revised budget to finance by Friday.", items.get(0).getEvidence().getText());
        assertEquals("by Friday", items.get(0).getDueText());
    }

    @Test
    void relativeDatesResolveAgainstTheDocumentDate() {
        LocalDate wed = LocalDate.of(2024, 3, 6);
        assertEquals("2024-03-31", DueDates.resolve("end of month", wed));
        assertEquals("2024-03-15", DueDates.resolve("next week", wed));
        assertEquals("2024-03-11", DueDates.resolve("Monday", wed));
    }

    @Test
    void emptyDocumentIsAClearError() {
        AnalysisException e = assertThrows(AnalysisException.class,
                () -> new ExtractiveAnalyzer(AnalyzerConfig.defaults()).analyze(transcript(null)));
        assertEquals("empty", e.kind());
    }
}
