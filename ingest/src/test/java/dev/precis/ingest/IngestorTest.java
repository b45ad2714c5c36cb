package dev.precis.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Turn;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestorTest {
    private static final Ingestor INGESTOR = new Ingestor();
    private static final List<String> PARAGRAPHS = List.of(
            "The quarterly review covered revenue, hiring and the product roadmap for the coming year.",
            "Revenue grew by twelve percent, driven by the new subscription plans in Europe.",
            "Maria will send the updated hiring plan to the leadership team by Friday.");

    private static DocumentRecord ingest(String name, byte[] bytes) throws IngestException {
        return INGESTOR.ingest(new Ingestor.Source("file:/inbox/" + name, name, "inbox", bytes.length, 1_709_700_000_000L), bytes);
    }

    @Test
    void pdfTextTitleAndSentences() throws Exception {
        DocumentRecord d = ingest("review.pdf", SampleDocuments.pdf("Quarterly review", PARAGRAPHS));
        assertEquals("application/pdf", d.getMediaType());
        assertEquals("Quarterly review", d.getTitle());
        assertTrue(d.getText().contains("Revenue grew by twelve percent"), d.getText());
        assertEquals("en", d.getLanguage());
        assertEquals("document", d.getKind());
        assertTrue(d.getSentenceStarts().size() >= 4, d.getSentenceStarts().toString());
        String third = sentence(d, 3);
        assertEquals("Maria will send the updated hiring plan to the leadership team by Friday.", third);
    }

    @Test
    void docxAndHtml() throws Exception {
        DocumentRecord docx = ingest("plan.docx", SampleDocuments.docx("Hiring plan", PARAGRAPHS));
        assertEquals("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.getMediaType());
        assertEquals("Hiring plan", docx.getTitle());
        assertTrue(docx.getText().contains("subscription plans in Europe"));

        byte[] html = "<html><head><title>Release notes</title></head><body><h1>Version 2</h1><p>Search is faster.</p><script>var x=1;</script></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        DocumentRecord h = ingest("notes.html", html);
        assertEquals("Release notes", h.getTitle());
        assertTrue(h.getText().contains("Search is faster."));
        assertFalse(h.getText().contains("var x"), "script content must not reach the text");
    }

    @Test
    void webVttWithVoiceTagsBecomesTurns() throws Exception {
        String vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.500\n<v Alice Smith>Good morning everyone.</v>\n\n"
                + "2\n00:00:05.000 --> 00:00:08.000\n<v Bob>Morning. I'll share the budget.</v>\n\n"
                + "00:00:08.200 --> 00:00:09.000\n<v Bob>It is in the shared folder.</v>\n";
        DocumentRecord d = ingest("standup.vtt", vtt.getBytes(StandardCharsets.UTF_8));
        assertEquals("transcript", d.getKind());
        assertEquals("text/vtt", d.getMediaType());
        List<Turn> turns = d.getTurns();
        assertEquals(2, turns.size(), turns.toString());
        assertEquals("Alice Smith", turns.get(0).getSpeaker());
        assertEquals(1000L, turns.get(0).getStartMs());
        assertEquals("Bob", turns.get(1).getSpeaker());
        assertEquals(9000L, turns.get(1).getEndMs());
        assertEquals("Morning. I'll share the budget. It is in the shared folder.",
                d.getText().substring(turns.get(1).getCharStart(), turns.get(1).getCharEnd()));
        assertEquals(4, d.getSentenceStarts().size());
        assertEquals("I'll share the budget.", sentence(d, 2));
    }

    @Test
    void srtAndSpeakerLines() throws Exception {
        String srt = "1\n00:00:01,000 --> 00:00:02,000\nAnna: Shall we start?\n\n2\n00:01:02,500 --> 00:01:05,000\nTom: Yes, the agenda is short.\n";
        DocumentRecord s = ingest("call.srt", srt.getBytes(StandardCharsets.UTF_8));
        assertEquals("transcript", s.getKind());
        assertEquals("Tom", s.getTurns().get(1).getSpeaker());
        assertEquals(62_500L, s.getTurns().get(1).getStartMs());

        String lines = "(PERSON6) So we are expecting the reviewer today?\n(PERSON3) Yes, he has written an email.\n"
                + "And he will join in half a minute.\n(PERSON6) Okay.\n";
        DocumentRecord e = ingest("meeting.txt", lines.getBytes(StandardCharsets.UTF_8));
        assertEquals("transcript", e.getKind());
        assertEquals(3, e.getTurns().size());
        assertEquals("PERSON3", e.getTurns().get(1).getSpeaker());
        assertEquals("Yes, he has written an email. And he will join in half a minute.", e.getTurns().get(1).getText());
    }

    @Test
    void wrappedLinesDoNotEndSentencesButHeadingsAndBlankLinesDo() {
        String text = "Budget\nThe marketing budget for the launch is 180,000 euros, of which sixty percent goes\n"
                + "to paid search. The rest covers events.\n\nRisks are listed below";
        List<SentenceSegmenter.Span> spans = SentenceSegmenter.segment(text, "en");
        List<String> sentences = spans.stream().map(s -> text.substring(s.start(), s.end())).toList();
        assertEquals(List.of("Budget",
                "The marketing budget for the launch is 180,000 euros, of which sixty percent goes\nto paid search.",
                "The rest covers events.", "Risks are listed below"), sentences);
    }

    @Test
    void chineseTextIsSegmentedAtChineseFullStops() throws Exception {
        String zh = "项目进展顺利。我们下周将完成测试工作！请李明在周五之前提交报告。";
        DocumentRecord d = ingest("report.txt", zh.getBytes(Charset.forName("GBK")));
        assertEquals("zh", d.getLanguage());
        assertEquals(3, d.getSentenceStarts().size());
        assertEquals("请李明在周五之前提交报告。", sentence(d, 2));
    }

    @Test
    void badFilesFailWithAClearKind() {
        IngestException empty = assertThrows(IngestException.class, () -> ingest("empty.pdf", new byte[0]));
        assertEquals("empty", empty.kind());

        byte[] pdf = SampleDocuments.pdf("Truncated", PARAGRAPHS);
        byte[] truncated = java.util.Arrays.copyOf(pdf, pdf.length / 3);
        IngestException corrupt = assertThrows(IngestException.class, () -> ingest("broken.pdf", truncated));
        assertEquals("corrupt", corrupt.kind());
        assertTrue(corrupt.getMessage().contains("application/pdf"), corrupt.getMessage());

        byte[] locked = SampleDocuments.encryptedPdf("Secret", PARAGRAPHS, "s3cret");
        IngestException encrypted = assertThrows(IngestException.class, () -> ingest("locked.pdf", locked));
        assertEquals("encrypted", encrypted.kind());

        IngestException vtt = assertThrows(IngestException.class,
                () -> ingest("bad.vtt", "WEBVTT\n\nnot a timing line\nhello\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("malformed-transcript", vtt.kind());
        assertTrue(vtt.getMessage().contains("line 3"), vtt.getMessage());
    }

    @Test
    void idFollowsTheSourceAndHashFollowsTheContent() throws Exception {
        DocumentRecord a = ingest("a.txt", "First version of the notes.".getBytes(StandardCharsets.UTF_8));
        DocumentRecord b = ingest("a.txt", "Second version of the notes.".getBytes(StandardCharsets.UTF_8));
        assertEquals(a.getId(), b.getId());
        assertNotEquals(a.getContentHash(), b.getContentHash());
        assertEquals("2024-03-06", a.getDocumentDate());
    }

    @Test
    void theDateTheHeadingStatesIsTheDocumentsDate() throws Exception {
        DocumentRecord d = ingest("minutes.txt", "Product sync, 4 March 2024\n\nDana will send the budget by Friday.\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("2024-03-04", d.getDocumentDate(), "the heading's date, not the file's (2024-03-06)");
    }

    static String sentence(DocumentRecord d, int i) {
        return d.getText().substring(d.getSentenceStarts().get(i), d.getSentenceEnds().get(i));
    }
}
