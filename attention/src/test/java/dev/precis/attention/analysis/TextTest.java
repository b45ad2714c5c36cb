package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void removesQmsumAndElitrMarkupAndHesitations() {
        assertEquals("We need a new base station.", Text.clean("Um {disfmarker} we need a {vocalsound} new base station ."));
        assertEquals("The corpus is ready.", Text.clean("<laugh/> so the corpus is <other_noise/> ready."));
    }

    @Test
    void trimsLeadingFillersAndFalseStarts() {
        assertEquals("The remote should be yellow.", Text.clean("Yeah, so, okay the the remote should be yellow."));
        assertEquals("It's a good design.", Text.clean("uh it 's a good design ."));
    }

    @Test
    void keepsKindOfWhereItMeansTypeOf() {
        assertEquals("What kind of battery do we use?", Text.clean("What kind of battery do we use?"));
        assertEquals("It is expensive.", Text.clean("It is, you know, kind of expensive."));
    }

    @Test
    void backChannelIsFiller() {
        assertTrue(Text.isFiller(Text.clean("Mm-hmm.")));
        assertTrue(Text.isFiller("Yeah, okay."));
        assertFalse(Text.isFiller("Yeah, the budget is fine."));
    }

    @Test
    void termsAreStemmedContentWordsAndCjkBigrams() {
        assertEquals(List.of("remot", "control", "batteri"), Text.terms("The remote controls and the batteries"));
        assertEquals(List.of("会", "会议", "议"), Text.terms("会议"));
    }

    @Test
    void chineseWordsAreCountedWithoutSpaces() {
        assertEquals(4, Text.wordCount("项目进展顺利。"));
        assertEquals(3, Text.wordCount("Ship it today."));
        assertEquals(4, Text.wordCount("we meet 会议"));
    }
}
