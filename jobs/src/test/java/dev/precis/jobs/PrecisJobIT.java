package dev.precis.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.index.IndexSearch;
import dev.precis.index.SearchHit;
import dev.precis.ingest.Ingestor;
import dev.precis.jobs.cli.PrecisCommand;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.IngestFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real job in an embedded Flink MiniCluster over a temporary inbox, then searches the result. */
class PrecisJobIT {
    static final Path EXAMPLES = Path.of("../examples/inbox");

    @Test
    void inboxToSearchableIndexWithFailuresRecorded(@TempDir Path tmp) throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path data = tmp.resolve("data");
        copyExamples(inbox);
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(inbox.resolve("noise.docx"), noise);
        Files.writeString(inbox.resolve(".uploading-notes.txt"), "A file still being uploaded is not read yet.");
        Map<Path, Long> before = snapshot(inbox);

        JobSettings settings = new JobSettings(inbox.toUri().toString(), data, AnalyzerConfig.defaults(), Ingestor.Options.defaults(), 2);
        LocalRunner.Outcome first = LocalRunner.runBatch(settings, (d, f) -> {});
        assertEquals(6, first.documents());
        assertEquals(2, first.failures()); // the truncated PDF and the random bytes

        try (IndexSearch search = IndexSearch.open(data.resolve("index"))) {
            assertEquals(6, search.documentCount());
            List<SearchHit> hits = search.search("budget", 10);
            List<String> sources = hits.stream().map(SearchHit::source).toList();
            assertTrue(sources.stream().anyMatch(s -> s.endsWith("weekly-sync.vtt")), sources.toString());
            assertTrue(sources.stream().anyMatch(s -> s.endsWith("launch-plan.pdf")), sources.toString());
            assertTrue(hits.get(0).snippet().contains("<b>budget</b>"), hits.get(0).snippet());

            Map<String, String> failures = search.failures().stream()
                    .collect(Collectors.toMap(f -> Path.of(java.net.URI.create(f.getSourceUri())).getFileName().toString(),
                            IngestFailure::getErrorKind));
            assertEquals("corrupt", failures.get("quarterly-figures.pdf"), failures.toString());
            assertTrue(failures.containsKey("noise.docx"), failures.toString());

            AnalyzedDocument vtt = search.documents().stream()
                    .filter(a -> a.getDocument().getSourceUri().endsWith("weekly-sync.vtt")).findFirst().orElseThrow();
            assertTrue(vtt.getAnalysis().getActionItems().stream().anyMatch(i -> "Tom Becker".equals(i.getOwner())),
                    vtt.getAnalysis().getActionItems().toString());
        }
        assertEquals(6, readAvro(data.resolve("records/documents")).size());
        assertEquals(2, readAvro(data.resolve("records/failures")).size());
        assertEquals(before, snapshot(inbox), "inputs must never be changed, moved or deleted");

        // A second run over changed content replaces documents instead of adding copies.
        Files.writeString(inbox.resolve("weekly-sync.vtt"), Files.readString(inbox.resolve("weekly-sync.vtt"))
                .replace("Pilot customers: Acme and Globex", "Pilot customers: Initech and Globex"));
        LocalRunner.runBatch(settings, (d, f) -> {});
        try (IndexSearch search = IndexSearch.open(data.resolve("index"))) {
            assertEquals(6, search.documentCount());
            assertEquals(2, search.failureCount());
            assertEquals(1, search.search("Initech", 10).size());
        }
    }

    @Test
    void commandLineRunThenSearchJson(@TempDir Path tmp) throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path data = tmp.resolve("data");
        Files.createDirectories(inbox);
        Files.copy(EXAMPLES.resolve("status-report.docx"), inbox.resolve("status-report.docx"));
        Files.copy(EXAMPLES.resolve("项目周报.txt"), inbox.resolve("项目周报.txt"));

        assertEquals(0, PrecisCommand.execute("run", "--inbox", inbox.toString(), "--data", data.toString(), "--parallelism", "1"));
        String out = captureStdout(() -> PrecisCommand.execute("search", "pilot customer", "--data", data.toString(), "--json"));
        List<JsonNode> hits = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : out.strip().split("\n")) {
            hits.add(json.readTree(line));
        }
        assertEquals(1, hits.size(), out);
        JsonNode hit = hits.get(0);
        assertEquals("Platform team status report", hit.get("title").asText());
        assertTrue(hit.get("source").asText().endsWith("status-report.docx"));
        assertTrue(hit.get("score").asDouble() > 0);
        assertTrue(hit.get("snippet").asText().contains("<b>"), hit.toString());
        assertTrue(hit.has("id"));

        String zh = captureStdout(() -> PrecisCommand.execute("search", "测试报告", "--data", data.toString(), "--json"));
        assertTrue(zh.contains("项目周报"), zh);
        assertEquals(2, PrecisCommand.execute("search", "budget AND (", "--data", data.toString()));
    }

    private static void copyExamples(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path f : files.toList()) {
                Files.copy(f, inbox.resolve(f.getFileName().toString()));
            }
        }
    }

    private static Map<Path, Long> snapshot(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(p -> p, p -> {
                try {
                    return Files.size(p) * 31 + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

    static List<Object> readAvro(Path dir) throws IOException {
        List<Object> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".avro")).toList()) {
                try (DataFileReader<Object> reader = new DataFileReader<>(f.toFile(), new SpecificDatumReader<>())) {
                    reader.forEach(records::add);
                }
            }
        }
        return records;
    }

    static String captureStdout(java.util.function.IntSupplier action) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.getAsInt();
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
