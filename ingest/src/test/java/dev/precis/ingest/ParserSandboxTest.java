package dev.precis.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.schemas.DocumentRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Hostile files through forked Tika: each is refused with its own reason, and the parser keeps working. */
class ParserSandboxTest {
    private static final Ingestor FORKED = new Ingestor(Ingestor.Options.defaults());

    @AfterAll
    static void close() {
        FORKED.close();
    }

    private static DocumentRecord ingest(String name, byte[] bytes) throws IngestException {
        return FORKED.ingest(new Ingestor.Source("file:/inbox/" + name, name, "inbox", bytes.length, 0L), bytes);
    }

    @Test
    void zipBombDocxIsRefusedAndTheNextFileStillParses() throws Exception {
        IngestException e = assertThrows(IngestException.class, () -> ingest("bomb.docx", zipBombDocx(40_000_000)));
        assertEquals("zip-bomb", e.kind(), () -> trace(e));
        DocumentRecord ok = ingest("plan.docx", SampleDocuments.docx("Hiring plan", List.of("Maria will send the plan by Friday.")));
        assertTrue(ok.getText().contains("Maria will send the plan"), ok.getText());
    }

    @Test
    void encryptedPdfIsReportedAsEncrypted() {
        IngestException e = assertThrows(IngestException.class,
                () -> ingest("secret.pdf", SampleDocuments.encryptedPdf("Secret", List.of("Hidden text."), "pw")));
        assertEquals("encrypted", e.kind(), () -> trace(e));
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    @Test
    void deeplyNestedHtmlKeepsItsText() throws Exception {
        StringBuilder html = new StringBuilder("<html><body>");
        html.append("<div>".repeat(5000)).append("The nested budget note survives.").append("</div>".repeat(5000));
        html.append("</body></html>");
        DocumentRecord d = ingest("nested.html", html.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(d.getText().contains("The nested budget note survives."), d.getText());
    }

    @Test
    void tablesNestedPastTheDepthLimitAreRefused() {
        String html = "<html><body>" + "<table><tr><td>".repeat(60) + "Deep cell." + "</td></tr></table>".repeat(60) + "</body></html>";
        IngestException e = assertThrows(IngestException.class,
                () -> ingest("deep.html", html.getBytes(StandardCharsets.UTF_8)));
        assertEquals("too-deep", e.kind(), () -> trace(e));
    }

    @Test
    void textPastTheWriteLimitIsCutNotFailed() throws Exception {
        try (Ingestor small = new Ingestor(new Ingestor.Options(1000, 1L << 20, ParserSandbox.Limits.defaults().inProcess()))) {
            byte[] text = "Budget lines repeat here. ".repeat(2000).getBytes(StandardCharsets.UTF_8);
            DocumentRecord d = small.ingest(new Ingestor.Source("file:/inbox/long.txt", "long.txt", "inbox", text.length, 0L), text);
            assertTrue(d.getText().length() <= 1000, "kept " + d.getText().length());
            assertEquals("true", d.getMetadata().get("precis:truncated"));
        }
    }

    @Test
    void aParserThatRunsOutOfMemoryIsReplacedForTheNextFile() throws Exception {
        ParserSandbox.Limits small = new ParserSandbox.Limits(true, 60_000, 64, 100, 100, 10);
        try (Ingestor ingestor = new Ingestor(new Ingestor.Options(5_000_000, 100L << 20, small))) {
            byte[] big = largeDocx(400_000);
            IngestException e = assertThrows(IngestException.class,
                    () -> ingestor.ingest(new Ingestor.Source("file:/inbox/big.docx", "big.docx", "inbox", big.length, 0L), big));
            assertEquals("parser-crash", e.kind(), () -> trace(e));
            assertTrue(e.getMessage().contains("64 MiB"), e.getMessage());
            byte[] text = "Maria will send the plan by Friday.".getBytes(StandardCharsets.UTF_8);
            DocumentRecord ok = ingestor.ingest(new Ingestor.Source("file:/inbox/ok.txt", "ok.txt", "inbox", text.length, 0L), text);
            assertTrue(ok.getText().contains("Maria will send the plan"), ok.getText());
        }
    }

    @Test
    void aParseThatRunsPastTheTimeoutIsStopped() throws Exception {
        // Hundreds of thousands of paragraphs take POI several seconds to read; the limit is one second.
        ParserSandbox.Limits quick = new ParserSandbox.Limits(true, 1000, 768, 100, 100, 10);
        try (Ingestor ingestor = new Ingestor(new Ingestor.Options(5_000_000, 100L << 20, quick))) {
            byte[] big = largeDocx(400_000);
            IngestException e = assertThrows(IngestException.class,
                    () -> ingestor.ingest(new Ingestor.Source("file:/inbox/slow.docx", "slow.docx", "inbox", big.length, 0L), big));
            assertEquals("timeout", e.kind(), () -> trace(e));
        }
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ParserSandbox.Limits(true, 10, 512, 100, 100, 10));
        assertThrows(IllegalArgumentException.class, () -> new ParserSandbox.Limits(true, 60_000, 8, 100, 100, 10));
    }

    private static String trace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    /** A valid DOCX whose single paragraph inflates from a few kilobytes to {@code chars} characters. */
    static byte[] zipBombDocx(int chars) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            writeDocxSkeleton(zip);
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] block = "a ".repeat(50_000).getBytes(StandardCharsets.UTF_8);
            for (int written = 0; written < chars; written += block.length) {
                zip.write(block);
            }
            zip.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** A DOCX of {@code paragraphs} short paragraphs of varied words: small on disk, large as a parsed document tree. */
    static byte[] largeDocx(int paragraphs) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.util.Random random = new java.util.Random(3);
        String[] words = "budget release customer migration roadmap pricing review hiring contract vendor deadline".split(" ");
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            writeDocxSkeleton(zip);
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "
                    + "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
            for (int i = 0; i < paragraphs; i++) {
                xml.append("<w:p><w:r><w:t>").append(words[random.nextInt(words.length)]).append(' ').append(i)
                        .append(' ').append(words[random.nextInt(words.length)]).append("</w:t></w:r></w:p>");
                if (xml.length() > 1 << 16) {
                    zip.write(xml.toString().getBytes(StandardCharsets.UTF_8));
                    xml.setLength(0);
                }
            }
            zip.write(xml.append("</w:body></w:document>").toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void writeDocxSkeleton(ZipOutputStream zip) throws IOException {
        put(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                + "</Types>");
        put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                + "</Relationships>");
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
