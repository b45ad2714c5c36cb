package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
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
    void relativeDatesNeedAnAnchor() {
        assertNull(DueDates.resolve("tomorrow", null));
    }
}
