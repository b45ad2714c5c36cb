package dev.precis.attention.analysis.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.schemas.DocumentRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalPartsTest {

    @Test
    void transcriptRecordKeepsTurnsAndSentencesInsideThem() {
        DocumentRecord d = Meetings.transcript("m", null, "en", null, List.of(
                new Meetings.Utterance("A", "Hello there. We start now."),
                new Meetings.Utterance("B", "Fine")));
        assertEquals("Hello there. We start now.\nFine", d.getText());
        assertEquals(2, d.getTurns().size());
        assertEquals("B", d.getTurns().get(1).getSpeaker());
        assertEquals(List.of(0, 13, 27), d.getSentenceStarts());
        assertEquals(List.of(12, 26, 31), d.getSentenceEnds());
        assertEquals("Fine", d.getText().substring(d.getTurns().get(1).getCharStart(), d.getTurns().get(1).getCharEnd()));
    }

    @Test
    void goldItemsAreMinuteLinesThatAssignATask() {
        Elitr.GoldItem g = Elitr.goldItem("- [PERSON6] will download and prepare the corpus.");
        assertEquals(List.of("person6"), g.owners());
        assertEquals("download and prepare the corpus.", g.task());
        assertEquals(List.of("person5", "person11"), Elitr.goldItem("-- [PERSON5] and [PERSON11] should select the video").owners());
        assertEquals("continue annotate data", Elitr.goldItem("- [PERSON3] will will continue annotate data").task());
        assertNull(Elitr.goldItem("- Discussed the corpus with [PERSON6]."));
        assertNull(Elitr.goldItem("Attendees: [PERSON10], [PERSON3]"));
        Elitr.GoldItem still = Elitr.goldItem("- [PERSON2] still needs to write the related-work section");
        assertEquals(List.of("person2"), still.owners());
        assertEquals("write the related-work section", still.task());
    }

    @Test
    void goldItemsInReportedSpeechAndAgreements() {
        Elitr.GoldItem would = Elitr.goldItem("- [PERSON12] would review the NLP workshop proposal.");
        assertEquals(List.of("person12"), would.owners());
        assertEquals("review the NLP workshop proposal.", would.task());
        assertNull(Elitr.goldItem("- [PERSON2] would like to have smaller pieces of transcripts"));
        Elitr.GoldItem promise = Elitr.goldItem("•\t[PERSON1] promises that he should be able to get everyone back by Friday.");
        assertEquals(List.of("person1"), promise.owners());
        assertEquals("get everyone back by Friday.", promise.task());
        Elitr.GoldItem agreed = Elitr.goldItem("[PERSON17] and [PERSON3] agreed that [PERSON3] create the list of files and will send that.");
        assertEquals(List.of("person3"), agreed.owners(), "the agreement names who does it after 'that'");
        assertEquals("create the list of files and will send that.", agreed.task());
        assertNull(Elitr.goldItem("- Agreed that the test set stays private."));
    }

    @Test
    void goldItemsUnderANamesHeading() {
        List<Elitr.GoldItem> g = Elitr.goldItems(List.of(
                "[PERSON2]", "- reported on the new aligner.", "- will send the aligned test set to everyone.", "",
                "[PERSON2], [PERSON5]", "- discussed the budget.", "",
                "- will book the room.",
                "- [PERSON7]", "-- finished the evaluation framework", "-- Needs to rerun the baseline on the new data",
                "- Next steps", "-- should be discussed next week"));
        assertEquals(2, g.size(), g.toString());
        assertEquals(List.of("person2"), g.get(0).owners());
        assertEquals("send the aligned test set to everyone.", g.get(0).task());
        assertEquals(List.of("person7"), g.get(1).owners());
        assertEquals("rerun the baseline on the new data", g.get(1).task());
    }

    @Test
    void goldOwnersActRatherThanBeingSpokenOf() {
        assertNull(Elitr.goldItem("The deadline from [ORGANIZATION4] to finalize the budget: 3 weeks"));
        assertNull(Elitr.goldItem("-- To arrange a call with [PERSON2] to go through the open questions."));
        assertNull(Elitr.goldItem("- [PERSON8] will join only for the first ten minutes"));
        assertEquals(List.of("person4"), Elitr.goldItem("● Waiting for [PERSON4] to evaluate the new aligner.").owners());
        Elitr.GoldItem addressed = Elitr.goldItem("-- @[PERSON1]/@[PERSON7]: please ask [PERSON3] to share the test set");
        assertEquals(List.of("person1", "person7"), addressed.owners());
        assertEquals("ask [PERSON3] to share the test set", addressed.task());
    }

    @Test
    void elitrFolderLoadsTurnsAndGold(@TempDir Path dir) throws Exception {
        Path m = Files.createDirectories(dir.resolve("meeting_1"));
        Files.writeString(m.resolve("transcript_MAN.txt"), "(PERSON1) Hi.\nI will send the report tomorrow.\n(PERSON2) Okay <laugh/>\n");
        Files.writeString(m.resolve("minutes_A.txt"), "- [PERSON1] will send the report\n");
        Files.writeString(m.resolve("minutes_B.txt"), "- [PERSON1] will send the final report\n- Nothing else\n");
        List<Elitr.Meeting> meetings = Elitr.load(dir);
        assertEquals(1, meetings.size());
        DocumentRecord d = meetings.get(0).document();
        assertEquals(2, d.getTurns().size());
        assertEquals("PERSON1", d.getTurns().get(0).getSpeaker());
        assertEquals(3, d.getSentenceStarts().size()); // the line break ends "Hi."'s turn line as a sentence
        assertEquals(1, meetings.get(0).gold().size(), "the same task in two minutes counts once");
        assertThrows(IllegalArgumentException.class, () -> Elitr.load(dir.resolve("missing")));
    }

    @Test
    void actionEvalMatchesOnOwnerAndTaskOverlap(@TempDir Path dir) throws Exception {
        Path m = Files.createDirectories(dir.resolve("meeting_1"));
        Files.writeString(m.resolve("transcript_MAN.txt"), String.join("\n",
                "(PERSON1) The corpus status first.",
                "(PERSON2) The alignment is almost finished for the English part of the corpus.",
                "(PERSON1) Good, I will send the evaluation report to the reviewers by Friday.",
                "(PERSON2) And I will prepare the German corpus alignment.",
                "(PERSON3) Fine."));
        Files.writeString(m.resolve("minutes_A.txt"), "- [PERSON1] will send the evaluation report\n- [PERSON3] will prepare the German corpus\n");
        ActionEval.ActionScore s = ActionEval.run(dir);
        assertEquals(2, s.gold());
        assertEquals(2, s.extracted());
        assertEquals(1, s.matched());
        assertEquals(0.5, s.precision(), 1e-9);
        assertEquals(0.5, s.recall(), 1e-9);
        assertEquals(0.5, s.ownerAccuracy(), 1e-9, "the German corpus task has the wrong owner");
        JsonNode json = new ObjectMapper().readTree(ActionEval.renderJson(s));
        for (String field : List.of("precision", "recall", "f1", "ownerAccuracy", "gold", "extracted")) {
            assertTrue(json.has(field), field);
        }
    }

    @Test
    void overlapIsOverTheShorterTasksContentTerms() {
        assertEquals(1.0, ActionEval.overlap("send the report", "send the final report to the board"), 1e-9);
        assertEquals(0.0, ActionEval.overlap("book a room", "send the report"), 1e-9);
        assertEquals(0.0, ActionEval.overlap("the", "send the report"), 1e-9);
    }

    @Test
    void leadTakesTheOpeningAndTruncateCutsAtTheBudget() {
        DocumentRecord d = Meetings.transcript("m", null, "en", null, List.of(
                new Meetings.Utterance("A", "One two three {disfmarker} four. Five six seven."),
                new Meetings.Utterance("B", "Eight nine ten eleven.")));
        assertEquals("One two three four.\nFive six", Baselines.lead(d, 6));
        assertEquals("a b\nc", Baselines.truncate("a b\nc d e", 3));
    }

    @Test
    void textRankPrefersTheSentenceSharingMostWithTheRest() {
        DocumentRecord d = Meetings.transcript("m", null, "en", null, List.of(
                new Meetings.Utterance("A", "The battery of the remote lasts long."),
                new Meetings.Utterance("B", "The remote battery and the remote case need work."),
                new Meetings.Utterance("A", "The case of the remote is yellow."),
                new Meetings.Utterance("B", "Lunch was good.")));
        assertEquals("The remote battery and the remote case need work.", Baselines.textRank(d, 9));
    }

    @Test
    void qmsumScoresAllThreeSystemsAndRendersJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tiny.jsonl");
        String turns = "[{\"speaker\":\"A\",\"content\":\"Um {disfmarker} today we discuss the remote control design and its battery .\"},"
                + "{\"speaker\":\"B\",\"content\":\"Yeah .\"},"
                + "{\"speaker\":\"B\",\"content\":\"The battery should last a year and the case should be yellow .\"},"
                + "{\"speaker\":\"A\",\"content\":\"We agreed the remote control will have a yellow case and a long battery life .\"}]";
        Files.writeString(f, "{\"meeting_transcripts\":" + turns + ",\"general_query_list\":[{\"query\":\"q\","
                + "\"answer\":\"The group discussed the remote control design, agreeing on a yellow case and a long battery life.\"}]}\n");
        List<QmsumEval.SystemScore> scores = QmsumEval.run(f, 20);
        assertEquals(List.of("precis", "lead", "textrank"), scores.stream().map(QmsumEval.SystemScore::system).toList());
        for (QmsumEval.SystemScore s : scores) {
            assertEquals(1, s.n());
            assertTrue(s.rouge1() > 10 && s.rouge1() <= 100, s.toString());
        }
        String[] lines = QmsumEval.renderJson(scores).split("\n");
        assertEquals(3, lines.length);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        for (String field : List.of("system", "rouge1", "rouge2", "rougeL", "n", "docsPerMinute")) {
            assertTrue(first.has(field), field);
        }
        assertThrows(IllegalArgumentException.class, () -> Qmsum.load(dir.resolve("missing.jsonl")));
    }

    @Test
    void qmsumMeetingsListTheirActionItems(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tiny.jsonl");
        String turns = "[{\"speaker\":\"A\",\"content\":\"The battery tests are still open .\"},"
                + "{\"speaker\":\"B\",\"content\":\"I will send the battery test results to the whole group by Friday .\"}]";
        Files.writeString(f, "{\"meeting_transcripts\":" + turns + ",\"general_query_list\":[{\"query\":\"q\",\"answer\":\"a\"}]}\n");
        List<String> lines = QmsumEval.actionItems(f, AnalyzerConfig.defaults(), 0);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("meeting 01  "), lines.get(0));
        assertTrue(lines.get(0).contains("B: send the battery test results to the whole group by Friday  — due by Friday"), lines.get(0));
        assertTrue(lines.get(0).endsWith("«I will send the battery test results to the whole group by Friday .»"), lines.get(0));
        assertEquals(List.of(), QmsumEval.actionItems(f, AnalyzerConfig.defaults(), 1000), "shorter than --min-words");
    }
}
