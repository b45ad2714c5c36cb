package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class DueDatesTest {
    private static final LocalDate WED = LocalDate.of(2024, 3, 6); // a Wednesday

    @Test
    void relativeDaysResolveAgainstTheDocumentDate() {
        assertEquals("2024-03-06", DueDates.resolve("today", WED));
        assertEquals("2024-03-07", DueDates.resolve("tomorrow", WED));
        assertEquals("2024-03-08", DueDates.resolve("by Friday", WED));
        assertEquals("2024-03-11", DueDates.resolve("Monday", WED));
        assertEquals("2024-03-15", DueDates.resolve("next Friday", WED));
        assertEquals("2024-03-15", DueDates.resolve("next week", WED));
        assertEquals("2024-03-08", DueDates.resolve("end of the week", WED));
        assertEquals("2024-03-31", DueDates.resolve("end of month", WED));
        assertEquals("2024-04-30", DueDates.resolve("next month", WED));
    }

    @Test
    void explicitDatesResolveWithOrWithoutAnAnchor() {
        assertEquals("2024-05-02", DueDates.resolve("by 2024-05-02", null));
        assertEquals("2024-07-21", DueDates.resolve("on the 21st of July", WED));
        assertEquals("2025-02-03", DueDates.resolve("February 3", WED)); // already past this year
    }

    @Test
    void offsetsWeekPartsQuartersAndPartsOfMonths() {
        assertEquals("2024-03-06", DueDates.resolve("EOD", WED));
        assertEquals("2024-03-06", DueDates.resolve("by close of business", WED));
        assertEquals("2024-03-08", DueDates.resolve("the day after tomorrow", WED));
        assertEquals("2024-03-11", DueDates.resolve("Monday next week", WED));
        assertEquals("2024-03-04", DueDates.resolve("Monday this week", WED)); // as said, though already past
        assertEquals("2024-03-10", DueDates.resolve("over the weekend", WED));
        assertEquals("2024-03-08", DueDates.resolve("later this week", WED));
        assertEquals("2024-03-12", DueDates.resolve("early next week", WED));
        assertEquals("2024-03-20", DueDates.resolve("in two weeks", WED));
        assertEquals("2024-03-08", DueDates.resolve("in a couple of days", WED));
        assertEquals("2024-03-11", DueDates.resolve("within 3 business days", WED)); // Thu, Fri, Mon
        assertEquals("2024-03-16", DueDates.resolve("10 days from now", WED));
        assertEquals("2024-04-06", DueDates.resolve("in a month", WED));
        assertNull(DueDates.resolve("in a few days", WED), "a few names no number");
        assertEquals("2024-03-31", DueDates.resolve("end of the quarter", WED));
        assertEquals("2024-06-30", DueDates.resolve("next quarter", WED));
        assertEquals("2024-09-30", DueDates.resolve("end of Q3", WED));
        assertEquals("2024-09-30", DueDates.resolve("in the third quarter", WED));
        assertEquals("2024-12-31", DueDates.resolve("by Q4", WED));
        assertEquals("2024-03-31", DueDates.resolve("in Q1", WED), "the quarter the document is in");
        assertEquals("2025-03-31", DueDates.resolve("in Q1", LocalDate.of(2024, 5, 10)), "the first quarter has passed: next year's");
        assertEquals("2025-01-31", DueDates.resolve("by the end of January", WED));
        assertEquals("2024-02-29", DueDates.resolve("end of February", LocalDate.of(2024, 2, 1)));
        assertEquals("2025-02-28", DueDates.resolve("end of February", WED));
        assertEquals("2024-04-15", DueDates.resolve("mid-April", WED));
        assertEquals("2024-03-15", DueDates.resolve("by the 15th", WED));
        assertEquals("2024-04-05", DueDates.resolve("the 5th", WED));
        assertEquals("2024-12-03", DueDates.resolve("Dec 3", WED));
        assertEquals("2024-09-03", DueDates.resolve("3 Sept", WED));
        assertEquals("2023-12-03", DueDates.resolve("Dec. 3, 2023", null), "a date with its year needs no anchor");
    }

    @Test
    void thePhraseIsFoundInASentenceAsWritten() {
        for (String[] c : new String[][] {
                {"I'll send the figures in two weeks.", "in two weeks"},
                {"Dana will review it by EOD.", "by EOD"},
                {"Please fix the build Monday next week.", "Monday next week"},
                {"Book the room by Dec 3, 2024 at the latest.", "by Dec 3, 2024"},
                {"Ship it by the end of Q3.", "by the end of Q3"},
                {"We meet on the 21st of July.", "on the 21st of July"}}) {
            Matcher m = DueDates.PHRASE.matcher(c[0]);
            assertTrue(m.find(), c[0]);
            assertEquals(c[1], m.group("due"), c[0]);
        }
        assertFalse(DueDates.PHRASE.matcher("We may need more data.").find());
        assertFalse(DueDates.PHRASE.matcher("Send the revised Q2 budget.").find(), "a quarter that names a thing is no date");
    }

    @Test
    void relativeDatesNeedAnAnchor() {
        assertNull(DueDates.resolve("tomorrow", null));
    }
}
