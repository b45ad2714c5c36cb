package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Turn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractiveAnalyzerTest {

    /** Builds a transcript record the way ingest does: one sentence per turn line. */
    static DocumentRecord transcript(String date, String... speakerLines) {
        return record(date, "en", speakerLines);
    }

    static DocumentRecord record(String date, String language, String... speakerLines) {
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
                .setMediaType("text/plain").setKind("transcript").setLanguage(language).setDocumentDate(date)
                .setText(text.toString()).setTurns(turns).setSentenceStarts(starts).setSentenceEnds(ends)
                .setIngestedAt(Instant.EPOCH).build();
    }

    /** The lexical encoder keeps these tests independent of the model; the model has its own test. */
    private static ExtractiveAnalyzer analyzer(int words) {
        return new ExtractiveAnalyzer(new AnalyzerConfig(AnalyzerConfig.EXTRACTIVE, words, 4, Map.of("encoder", "lexical")));
    }

    @Test
    void summaryStaysWithinBudgetAndSkipsFillersAndMarkup() {
        List<String> lines = new ArrayList<>();
        String[] topics = {"battery", "rubber case", "colour scheme", "speech recognition", "price target", "button layout"};
        for (int i = 0; i < 48; i++) {
            lines.add(i % 2 == 0 ? "Ann" : "Bob");
            lines.add(i % 3 == 0 ? "Yeah. {vocalsound}"
                    : "Um {disfmarker} the remote control prototype needs a better " + topics[i % topics.length]
                            + " before the " + (i % 4 == 0 ? "evaluation" : "presentation") + " <laugh/> meeting.");
        }
        AnalysisRecord r = analyzer(40).analyze(transcript(null, lines.toArray(String[]::new)));
        int words = Text.wordCount(r.getSummary());
        assertTrue(words > 10 && words <= 40, "summary of " + words + " words: " + r.getSummary());
        assertFalse(r.getSummary().contains("Yeah"), r.getSummary());
        assertFalse(r.getSummary().matches("(?s).*[{}<>].*"), r.getSummary());
        assertFalse(r.getSummary().startsWith("Um"), r.getSummary());
        assertEquals("extractive", r.getEngine());
        assertTrue(r.getEngineVersion().startsWith("extractive-"), r.getEngineVersion());
        // twelve distinct sentences, each said several times: near-duplicates never fill the list
        assertTrue(r.getKeyPoints().size() >= 2 && r.getKeyPoints().size() <= 4, r.getKeyPoints().toString());
        for (String p : r.getKeyPoints()) {
            assertFalse(r.getSummary().contains(p), "key point repeats the summary: " + p);
        }
    }

    @Test
    void mmrDoesNotRepeatTheSameSentence() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add("Ann");
            lines.add("The quarterly budget for the marketing campaign was approved by finance.");
            lines.add("Bob");
            lines.add(i % 2 == 0 ? "The engineering team will migrate the database servers to the new cluster."
                    : "Customer support tickets about login failures doubled since the release.");
        }
        AnalysisRecord r = analyzer(30).analyze(transcript(null, lines.toArray(String[]::new)));
        String s = r.getSummary();
        int first = s.indexOf("quarterly budget");
        assertTrue(first < 0 || s.indexOf("quarterly budget", first + 1) < 0, s);
    }

    @Test
    void actionItemsGetOwnersEvidenceAndDueDates() {
        AnalysisRecord r = analyzer(100).analyze(transcript("2024-03-06",
                "Ann", "I'll send the revised budget to finance by Friday.",
                "Ann", "Carol will prepare the slides for the board meeting tomorrow.",
                "Bob", "The weather was nice.",
                "Ann", "Bob, can you book the meeting room for the budget review?",
                "Bob", "Sure."));
        List<ActionItem> items = r.getActionItems();
        assertEquals(3, items.size(), items.toString());
        ActionItem send = items.get(0);
        assertEquals("Ann", send.getOwner());
        assertEquals("2024-03-08", send.getDueDate()); // 2024-03-06 is a Wednesday
        assertEquals("by Friday", send.getDueText());
        assertEquals("Ann", send.getEvidence().getSpeaker());
        assertEquals("I'll send the revised budget to finance by Friday.", send.getEvidence().getText());
        assertEquals(0L, send.getEvidence().getTimeMs());
        assertTrue(send.getTask().startsWith("send the revised budget"), send.getTask());
        assertEquals("Carol", items.get(1).getOwner());
        assertEquals("2024-03-07", items.get(1).getDueDate());
        assertEquals("Bob", items.get(2).getOwner());
        for (ActionItem a : items) {
            assertTrue(a.getConfidence() > 0 && a.getConfidence() < 1, a.toString());
            String text = r.getDocumentId().isEmpty() ? "" : a.getEvidence().getText();
            assertFalse(text.isEmpty());
        }
    }

    @Test
    void smallTalkAndQuestionsAreNotActionItems() {
        AnalysisRecord r = analyzer(50).analyze(transcript("2024-03-06",
                "Ann", "I'll share my screen.",
                "Bob", "Will the budget be ready?",
                "Ann", "I'll try.",
                "Bob", "I won't send the report."));
        assertEquals(List.of(), r.getActionItems());
    }

    @Test
    void repeatedCommitmentsMergeIntoOneItem() {
        AnalysisRecord r = analyzer(50).analyze(transcript(null,
                "Ann", "I will send the updated budget spreadsheet to finance.",
                "Bob", "Good.",
                "Ann", "So I will send the updated budget spreadsheet to finance."));
        assertEquals(1, r.getActionItems().size(), r.getActionItems().toString());
        assertNull(r.getActionItems().get(0).getDueDate());
    }

    @Test
    void chineseTextGetsAChineseSummary() {
        String[] lines = {
            "王", "我们今天讨论新产品的发布计划和市场推广预算。",
            "李", "好的。",
            "王", "市场部门需要在下个月之前完成产品宣传材料的设计。",
            "李", "产品发布会的时间定在六月十五日，地点在上海的会议中心。",
            "王", "技术团队还要解决新产品的电池续航问题和软件稳定性问题。",
            "李", "嗯。",
            "王", "推广预算大约是两百万元，主要用于网络广告和线下活动。",
        };
        AnalysisRecord r = analyzer(40).analyze(record(null, "zh", lines));
        String s = r.getSummary();
        assertFalse(s.isBlank());
        assertTrue(s.codePoints().filter(Text::isCjk).count() >= 20, s);
        assertFalse(s.contains("\uFFFD"), s);
        assertFalse(s.contains("好的"), s);
        assertTrue(Text.wordCount(s) <= 40, s);
    }

    @Test
    void addressedPeopleAndChineseCommitmentsGetOwners() {
        AnalysisRecord r = analyzer(100).analyze(transcript("2024-03-06",
                "Priya", "Lena, can you send the revised budget to finance?",
                "王", "李明将在周五之前提交性能测试报告。"));
        assertEquals("Lena", r.getActionItems().get(0).getOwner());
        assertEquals("李明", r.getActionItems().get(1).getOwner());
        assertEquals("在周五之前提交性能测试报告", r.getActionItems().get(1).getTask());
        assertEquals("2024-03-08", r.getActionItems().get(1).getDueDate());
        assertEquals("周五", r.getActionItems().get(1).getDueText());
    }

    @Test
    void aVeryLongDocumentStaysWithinTheAttentionLimit() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ExtractiveAnalyzer.MAX_SEQUENCE + 100; i++) {
            lines.add(i % 2 == 0 ? "Ann" : "Bob");
            lines.add("Section " + i + " describes component " + (i % 97) + " of the storage layer and its recovery procedure"
                    + (i % 5 == 0 ? " after a failed disk replacement." : "."));
        }
        AnalysisRecord r = analyzer(60).analyze(transcript(null, lines.toArray(String[]::new)));
        assertTrue(Text.wordCount(r.getSummary()) <= 60, r.getSummary());
        assertFalse(r.getSummary().isBlank());
    }

    @Test
    void ownersGetTheSpeakersFullNameAndAConfirmationMerges() {
        AnalysisRecord r = analyzer(100).analyze(transcript("2024-03-07",
                "Priya Nair", "Lena, can you send the revised Q2 budget to finance by Friday?",
                "Lena Ortiz", "Yes, I will send it by Friday.",
                "Tom Becker", "I'll shut down the duplicate staging environment tomorrow.",
                "Priya Nair", "If the budget slips, we will cancel the second pilot."));
        List<ActionItem> items = r.getActionItems();
        assertEquals(2, items.size(), items.toString());
        assertEquals("Lena Ortiz", items.get(0).getOwner());
        assertEquals("2024-03-08", items.get(0).getDueDate());
        assertEquals("Tom Becker", items.get(1).getOwner());
        assertEquals("2024-03-08", items.get(1).getDueDate());
    }

    @Test
    void chineseDueDateIsTheOneSaidWithTheTask() {
        AnalysisRecord r = analyzer(100).analyze(record("2024-03-06", "zh",
                "王", "下周计划：王芳负责在周三之前修复三个严重问题。"));
        assertEquals("王芳", r.getActionItems().get(0).getOwner());
        assertEquals("周三", r.getActionItems().get(0).getDueText());
        assertEquals("2024-03-13", r.getActionItems().get(0).getDueDate());
    }

    @Test
    void emptyDocumentIsAClearError() {
        AnalysisException e = assertThrows(AnalysisException.class, () -> analyzer(100).analyze(transcript(null)));
        assertEquals("empty", e.kind());
    }

    @Test
    void unknownEncoderIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ExtractiveAnalyzer(
                new AnalyzerConfig(AnalyzerConfig.EXTRACTIVE, 100, 4, Map.of("encoder", "word2vec"))));
    }
}
