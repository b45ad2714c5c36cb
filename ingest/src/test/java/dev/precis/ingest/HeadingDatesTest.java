package dev.precis.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HeadingDatesTest {

    @Test
    void theHeadingsDateInTheFormsThatSayWhichNumberIsTheDay() {
        assertEquals(LocalDate.of(2024, 3, 4), HeadingDates.of("Product sync, 4 March 2024\n\nAttendees: Dana, Tom"));
        assertEquals(LocalDate.of(2024, 3, 4), HeadingDates.of("Weekly sync — March 4th, 2024\nNotes follow."));
        assertEquals(LocalDate.of(2024, 3, 4), HeadingDates.of("Meeting 2024-03-04\n"));
        assertEquals(LocalDate.of(2020, 6, 9), HeadingDates.of("[PROJECT4] [ORGANIZATION2]\n\n\nDate: 09. 06. 2020\nAttendees: …"));
        assertEquals(LocalDate.of(2020, 2, 14), HeadingDates.of("[PROJECT1] meeting 14.02.2020\nAttendees: [PERSON7]"));
        assertEquals(LocalDate.of(2020, 9, 29), HeadingDates.of("Minuting – virtual coffee\n29/09/2020\n40 min"));
        assertEquals(LocalDate.of(2024, 12, 3), HeadingDates.of("Retro, Dec. 3 2024"));
    }

    @Test
    void theFirstDateOfTheHeadWinsAndTheBodySaysNothing() {
        assertEquals(LocalDate.of(2024, 3, 4), HeadingDates.of("Sync 2024-03-04, follow-up of the 12 February 2024 meeting"));
        assertNull(HeadingDates.of("Notes\n\n\n\n\n\n\nThe release is planned for 4 March 2024."), "past the first lines");
    }

    @Test
    void ambiguousOrImpossibleDatesSayNothing() {
        assertNull(HeadingDates.of("Sync 03/04/2024"), "the 3rd of April or March the 4th");
        assertNull(HeadingDates.of("Planning 31.02.2020"));
        assertNull(HeadingDates.of("Budget: 4 500 000 for 2024"));
        assertNull(HeadingDates.of(""));
    }
}
