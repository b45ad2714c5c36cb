package dev.precis.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Writes an inbox that mixes good documents with every kind of bad input Precis must survive, and says
 * what each file should become: a document (with a phrase its text must hold) or one failure of a kind.
 */
final class BadInputCorpus {
    /** What a file should turn into: {@code kind} is "document" or a failure kind; {@code phrase} is searched for in documents. */
    record Expect(String kind, String phrase) {}

    private BadInputCorpus() {}

    /** Writes the corpus under {@code inbox} and returns the expectations by file name (hidden files excluded). */
    static Map<String, Expect> write(Path inbox, Path examples, long bigTextBytes) throws IOException {
        Files.createDirectories(inbox);
        Map<String, Expect> expect = new TreeMap<>();
        for (String good : new String[] {"launch-plan.pdf", "status-report.docx", "release-notes.html", "weekly-sync.vtt"}) {
            Files.copy(examples.resolve(good), inbox.resolve(good));
        }
        expect.put("launch-plan.pdf", new Expect("document", "budget"));
        expect.put("status-report.docx", new Expect("document", "pilot"));
        expect.put("release-notes.html", new Expect("document", "release"));
        expect.put("weekly-sync.vtt", new Expect("document", "budget"));

        Files.write(inbox.resolve("empty.txt"), new byte[0]);
        expect.put("empty.txt", new Expect("empty", null));

        byte[] noise = new byte[8192];
        new Random(11).nextBytes(noise);
        Files.write(inbox.resolve("noise.bin"), noise);
        expect.put("noise.bin", new Expect("no-text", null));

        byte[] pdf = pdf("Vendor contract", "The vendor contract renews in March at the same price.", null);
        Files.write(inbox.resolve("truncated.pdf"), Arrays.copyOf(pdf, pdf.length / 3));
        expect.put("truncated.pdf", new Expect("corrupt", null));

        Files.write(inbox.resolve("locked.pdf"), pdf("Salaries", "Confidential salary bands for next year.", "s3cret"));
        expect.put("locked.pdf", new Expect("encrypted", null));

        Files.write(inbox.resolve("bomb.docx"), zipBombDocx(40_000_000));
        expect.put("bomb.docx", new Expect("zip-bomb", null));

        writeBigText(inbox.resolve("huge.txt"), bigTextBytes);
        expect.put("huge.txt", new Expect("too-large", null));

        StringBuilder nested = new StringBuilder("<html><head><title>Nested page</title></head><body>");
        nested.append("<div>".repeat(5000)).append("The nested quarterly estimate is ready.").append("</div>".repeat(5000));
        Files.writeString(inbox.resolve("nested.html"), nested.append("</body></html>"));
        expect.put("nested.html", new Expect("document", "estimate"));

        // Tables inside tables, 60 deep: past the nesting limit, refused rather than parsed.
        Files.writeString(inbox.resolve("deep-tables.html"), "<html><body>" + "<table><tr><td>".repeat(60) + "Deep cell."
                + "</td></tr></table>".repeat(60) + "</body></html>");
        expect.put("deep-tables.html", new Expect("too-deep", null));

        // A PDF under a text file's name: Tika goes by the content, not the extension.
        Files.write(inbox.resolve("misnamed.txt"), pdf("Warehouse move", "The warehouse move is planned for the second week of June.", null));
        expect.put("misnamed.txt", new Expect("document", "warehouse"));

        String zh = "张伟: 我们下周一发布新版本，测试报告必须在周五之前完成。\n"
                + "李娜: 好的，我会在周四之前把测试报告发给大家，并且更新用户手册。\n"
                + "张伟: 另外，市场部需要一份新功能的介绍，请王芳负责准备。\n"
                + "王芳: 没问题，我周三之前完成初稿，然后请大家审阅。\n";
        Files.write(inbox.resolve("站会-gbk.txt"), zh.getBytes(Charset.forName("GBK")));
        expect.put("站会-gbk.txt", new Expect("document", "测试报告"));
        String tw = "陳明: 我們下週一發布新版本，測試報告必須在週五之前完成。\n"
                + "林芳: 好的，我會在週四之前把測試報告發給大家，並且更新使用手冊。\n"
                + "陳明: 另外，行銷部需要一份新功能的介紹，請王小姐負責準備。\n"
                + "王小姐: 沒問題，我週三之前完成初稿，然後請大家審閱。\n";
        Files.write(inbox.resolve("standup-big5.txt"), tw.getBytes(Charset.forName("Big5")));
        expect.put("standup-big5.txt", new Expect("document", "測試報告"));
        String en = "Anna: The migration finishes on Tuesday.\nTom: I will update the runbook before the migration.\n"
                + "Anna: Good, and please tell the support team about the downtime window.\n";
        Files.write(inbox.resolve("standup-utf16.txt"), en.getBytes(StandardCharsets.UTF_16));
        expect.put("standup-utf16.txt", new Expect("document", "runbook"));

        Files.writeString(inbox.resolve("broken.vtt"), "WEBVTT\n\nnot a timing line\nhello there\n\n00:00:01.000 -> 00:00\n<v Ann>What?\n");
        expect.put("broken.vtt", new Expect("malformed-transcript", null));

        Files.writeString(inbox.resolve("meeting notes 2024.txt"), "Planning notes. The offsite agenda is due on Monday.\n");
        expect.put("meeting notes 2024.txt", new Expect("document", "offsite"));
        Files.writeString(inbox.resolve("Überblick café.txt"), "Überblick: Das Café eröffnet im Mai mit neuer Speisekarte.\n");
        expect.put("Überblick café.txt", new Expect("document", "speisekarte"));

        // Uploads in progress: never read, never reported.
        Files.writeString(inbox.resolve(".partial-upload.txt"), "A file being uploaded is not read.");
        Files.writeString(inbox.resolve("_copying.txt"), "A file being copied is not read.");
        return expect;
    }

    static byte[] pdf(String title, String text, String password) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                cs.setLeading(15);
                cs.newLineAtOffset(50, 720);
                cs.showText(title);
                cs.newLine();
                cs.showText(text);
                cs.endText();
            }
            if (password != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy(password + "-owner", password, new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A valid DOCX whose one paragraph inflates from a few kilobytes to {@code chars} characters. */
    static byte[] zipBombDocx(int chars) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
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
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                    + "<w:body><w:p><w:r><w:t>").getBytes(StandardCharsets.UTF_8));
            byte[] block = "a ".repeat(50_000).getBytes(StandardCharsets.UTF_8);
            for (int written = 0; written < chars; written += block.length) {
                zip.write(block);
            }
            zip.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static void writeBigText(Path file, long bytes) throws IOException {
        byte[] line = "This line repeats to make a very large plain text file for the size limit.\n".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[line.length * 10_000];
            for (int i = 0; i < 10_000; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
        }
    }
}
