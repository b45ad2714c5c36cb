package dev.precis.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.index.IndexSearch;
import dev.precis.index.SearchHit;
import dev.precis.ingest.Ingestor;
import dev.precis.ingest.ParserSandbox;
import dev.precis.jobs.cli.PrecisCommand;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.IngestFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Good documents mixed with every kind of bad input: the job finishes, every good document is indexed and
 * searchable, every bad file has exactly one failure with its own kind, and no input is changed.
 */
class BadInputIT {
    private static final long MAX_FILE_BYTES = 20L << 20;

    @Test
    void everyFileIsEitherADocumentOrExactlyOneFailure(@TempDir Path tmp) throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path data = tmp.resolve("data");
        Map<String, BadInputCorpus.Expect> expect = BadInputCorpus.write(inbox, PrecisJobIT.EXAMPLES, 50L << 20);
        Map<Path, String> before = digests(inbox);

        Ingestor.Options ingest = new Ingestor.Options(5_000_000, MAX_FILE_BYTES, ParserSandbox.Limits.defaults());
        JobSettings settings = new JobSettings(inbox.toUri().toString(), data, AnalyzerConfig.defaults(), ingest, 2);
        LocalRunner.Outcome outcome = LocalRunner.runBatch(settings, (d, f) -> {});

        long documents = expect.values().stream().filter(e -> e.kind().equals("document")).count();
        long failures = expect.size() - documents;
        assertEquals(documents, outcome.documents(), outcome.toString());
        assertEquals(failures, outcome.failures(), outcome.toString());

        try (IndexSearch search = IndexSearch.open(data.resolve("index"))) {
            Map<String, String> failed = new TreeMap<>();
            for (IngestFailure f : search.failures()) {
                String name = nameOf(f.getSourceUri());
                assertEquals(null, failed.put(name, f.getErrorKind()), "two failures for " + name);
                assertTrue(f.getMessage().length() > 30, "the message must say what to do: " + f.getMessage());
            }
            Map<String, AnalyzedDocument> docs = search.documents().stream()
                    .collect(Collectors.toMap(a -> nameOf(a.getDocument().getSourceUri()), a -> a));
            for (var e : expect.entrySet()) {
                String name = e.getKey();
                if (e.getValue().kind().equals("document")) {
                    assertTrue(docs.containsKey(name), name + " should be a document; failures: " + failed);
                    List<SearchHit> hits = search.search(e.getValue().phrase(), 50);
                    assertTrue(hits.stream().anyMatch(h -> nameOf(h.source()).equals(name)),
                            "'" + e.getValue().phrase() + "' should find " + name + ": " + hits);
                } else {
                    assertEquals(e.getValue().kind(), failed.get(name), name + ": " + failed);
                }
            }
            assertEquals(documents, search.documentCount());
            assertEquals(failures, search.failureCount());
            assertEquals("application/pdf", docs.get("misnamed.txt").getDocument().getMediaType());
            assertEquals("transcript", docs.get("站会-gbk.txt").getDocument().getKind());
            assertEquals("transcript", docs.get("standup-big5.txt").getDocument().getKind());
            assertEquals("transcript", docs.get("standup-utf16.txt").getDocument().getKind());
        }
        assertEquals(failures, PrecisJobIT.readAvro(data.resolve("records/failures")).size());
        assertEquals(documents, PrecisJobIT.readAvro(data.resolve("records/documents")).size());
        assertEquals(before, digests(inbox), "inputs must never be changed, moved or deleted");

        String json = PrecisJobIT.captureStdout(() -> PrecisCommand.execute("status", "--data", data.toString(), "--json"));
        JsonNode status = new ObjectMapper().readTree(json);
        assertEquals(documents, status.get("documents").asLong());
        assertEquals(failures, status.get("failures").asLong());
        assertEquals(failures, status.get("failureList").size());
        JsonNode first = status.get("failureList").get(0);
        for (String field : new String[] {"source", "stage", "kind", "message"}) {
            assertTrue(first.hasNonNull(field), field + " missing in " + first);
        }
        assertEquals(1, status.get("failuresByKind").get("encrypted").asInt(), json);
    }

    private static String nameOf(String uri) {
        return Path.of(URI.create(uri.replace(" ", "%20"))).getFileName().toString();
    }

    private static Map<Path, String> digests(Path dir) throws Exception {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                    }
                } catch (IOException e) {
                    throw new IOException("cannot read " + f, e);
                }
                out.put(f, HexFormat.of().formatHex(md.digest()) + "@" + Files.getLastModifiedTime(f).toMillis());
            }
        }
        return out;
    }
}
