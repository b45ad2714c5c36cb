package dev.precis.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.schemas.DocumentRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binary files of {@code examples/inbox} are written by this class, so that they can be regenerated
 * and reviewed as source: run it with {@code -Dprecis.writeExamples=true} to rewrite them. Without the
 * property it checks that every example ingests as described in examples/README.md.
 */
class ExampleInboxTest {
    static final Path INBOX = Path.of("../examples/inbox");

    static final String PDF_TITLE = "Northwind launch plan, Q3";
    static final List<String> PDF_TEXT = List.of(
            "Northwind will launch the self-service analytics tier in the third quarter. The launch targets small "
                    + "teams that today export spreadsheets by hand and need scheduled reports without an analyst.",
            "Pricing: the tier costs 29 euros per seat and month, with a free plan for up to three seats. The pricing "
                    + "page and the in-product upgrade flow must be ready four weeks before launch.",
            "Budget: the marketing budget for the launch is 180,000 euros, of which 60 percent goes to paid search "
                    + "and partner webinars. The remaining budget covers the launch event and customer stories.",
            "Risks: the billing integration has not yet been load tested, and the support team needs two more "
                    + "agents before the launch. Both risks are owned by the operations lead.",
            "Next steps: Dana will finalise the pricing page by 2024-06-14. Marco will run the billing load test "
                    + "next week. We will review the launch readiness checklist at the end of the month.");

    static final String DOCX_TITLE = "Platform team status report";
    static final List<String> DOCX_TEXT = List.of(
            "This report covers the platform team's work in March: the storage migration, the pilot customers and hiring.",
            "The storage migration moved eleven of thirteen clusters without downtime. The last two clusters move on "
                    + "the weekend of the 23rd, after which the old storage contract can be cancelled.",
            "Two pilot customers, Acme and Globex, signed in March and start in April. Each pilot customer gets a "
                    + "named engineer and weekly check-ins during the first month.",
            "Hiring: one senior engineer accepted an offer and starts in May; the second opening is still in interviews.",
            "Action: Sam will draft the pilot customer onboarding guide by Friday. Lena needs to send the revised "
                    + "cloud budget to finance before the quarterly review.");

    /** The corrupt example: the first third of a real PDF, as a broken upload leaves it. */
    static byte[] truncatedPdf() {
        byte[] full = SampleDocuments.pdf("Quarterly figures", List.of("Revenue and costs by region for the quarter."));
        return Arrays.copyOf(full, full.length / 3);
    }

    @Test
    void examplesAreCurrentAndIngestAsDescribed() throws Exception {
        if (Boolean.getBoolean("precis.writeExamples")) {
            Files.write(INBOX.resolve("launch-plan.pdf"), SampleDocuments.pdf(PDF_TITLE, PDF_TEXT));
            Files.write(INBOX.resolve("status-report.docx"), SampleDocuments.docx(DOCX_TITLE, DOCX_TEXT));
            Files.write(INBOX.resolve("quarterly-figures.pdf"), truncatedPdf());
        }
        Ingestor ingestor = new Ingestor();
        assertEquals(PDF_TITLE, ingest(ingestor, "launch-plan.pdf").getTitle());
        assertEquals(DOCX_TITLE, ingest(ingestor, "status-report.docx").getTitle());
        assertEquals("Orbit 4.2 release notes", ingest(ingestor, "release-notes.html").getTitle());
        DocumentRecord vtt = ingest(ingestor, "weekly-sync.vtt");
        assertEquals("transcript", vtt.getKind());
        assertEquals("Priya Nair", vtt.getTurns().get(0).getSpeaker());
        DocumentRecord meeting = ingest(ingestor, "design-kickoff-meeting.txt");
        assertEquals("transcript", meeting.getKind());
        assertTrue(meeting.getTurns().size() > 300, "turns: " + meeting.getTurns().size());
        assertEquals("Project Manager", meeting.getTurns().get(1).getSpeaker());
        assertEquals("zh", ingest(ingestor, "项目周报.txt").getLanguage());
        IngestException corrupt = assertThrows(IngestException.class, () -> ingest(ingestor, "quarterly-figures.pdf"));
        assertEquals("corrupt", corrupt.kind());
        // It still looks like a PDF from its first bytes: detection works, parsing must fail.
        assertArrayEquals(new byte[] {'%', 'P', 'D', 'F'}, Arrays.copyOf(Files.readAllBytes(INBOX.resolve("quarterly-figures.pdf")), 4));
    }

    private static DocumentRecord ingest(Ingestor ingestor, String name) throws IOException, IngestException {
        byte[] bytes = Files.readAllBytes(INBOX.resolve(name));
        return ingestor.ingest(new Ingestor.Source("file:/examples/inbox/" + name, name, "inbox", bytes.length, 0), bytes);
    }
}
