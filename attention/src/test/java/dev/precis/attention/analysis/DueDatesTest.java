package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DueDatesTest {
    private static final LocalDate WED = LocalDate.of(2024, 3, 6); // a Wednesday

    /** Phrases resolved against a Wednesday, 2024-03-06. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // relative days
            "today, 2024-03-06", "tomorrow, 2024-03-07", "by Friday, 2024-03-08", "Monday, 2024-03-11",
            "next Friday, 2024-03-15", "next week, 2024-03-15", "end of the week, 2024-03-08", "end of month, 2024-03-31",
            "next month, 2024-04-30",
            // explicit dates ("February 3" has already passed this year)
            "on the 21st of July, 2024-07-21", "February 3, 2025-02-03",
            // offsets, parts of weeks ("Monday this week" as said, though already past; three business days: Thu, Fri, Mon)
            "EOD, 2024-03-06", "by close of business, 2024-03-06", "the day after tomorrow, 2024-03-08",
            "Monday next week, 2024-03-11", "Monday this week, 2024-03-04", "over the weekend, 2024-03-10",
            "later this week, 2024-03-08", "early next week, 2024-03-12", "in two weeks, 2024-03-20",
            "in a couple of days, 2024-03-08", "within 3 business days, 2024-03-11", "10 days from now, 2024-03-16",
            "in a month, 2024-04-06",
            // quarters ("in Q1": the quarter the document is in)
            "end of the quarter, 2024-03-31", "next quarter, 2024-06-30", "end of Q3, 2024-09-30",
            "in the third quarter, 2024-09-30", "by Q4, 2024-12-31", "in Q1, 2024-03-31",
            // parts of months and days of a month
            "by the end of January, 2025-01-31", "end of February, 2025-02-28", "mid-April, 2024-04-15",
            "by the 15th, 2024-03-15", "the 5th, 2024-04-05", "Dec 3, 2024-12-03", "3 Sept, 2024-09-03"})
    void phrasesResolveAgainstTheDocumentDate(String phrase, String date) {
        assertEquals(date, DueDates.resolve(phrase, WED));
    }

    @Test
    void otherAnchorsAndPhrasesWithoutADate() {
        assertEquals("2024-05-02", DueDates.resolve("by 2024-05-02", null));
        assertEquals("2023-12-03", DueDates.resolve("Dec. 3, 2023", null), "a date with its year needs no anchor");
        assertEquals("2025-03-31", DueDates.resolve("in Q1", LocalDate.of(2024, 5, 10)), "the first quarter has passed: next year's");
        assertEquals("2024-02-29", DueDates.resolve("end of February", LocalDate.of(2024, 2, 1)));
        assertNull(DueDates.resolve("in a few days", WED), "a few names no number");
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
