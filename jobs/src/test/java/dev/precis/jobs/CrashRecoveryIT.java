package dev.precis.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.index.Access;
import dev.precis.index.IndexSearch;
import dev.precis.index.SearchRequest;
import dev.precis.ingest.Ingestor;
import dev.precis.jobs.cli.PrecisCommand;
import dev.precis.schemas.DocumentRecord;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watching job with checkpoints is killed mid-run, once by losing a TaskManager inside the cluster and
 * once by killing the whole process and starting it again; afterwards every input is in the index once
 * and in the Avro records once.
 */
class CrashRecoveryIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Watching.Intervals FAST = new Watching.Intervals(Duration.ofMillis(200), Duration.ofMillis(500));

    @Test
    void taskManagerFailureThenReuploads(@TempDir Path tmp) throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path data = tmp.resolve("data");
        Files.createDirectories(inbox);
        JobSettings settings = new JobSettings(inbox.toUri().toString(), data, AnalyzerConfig.defaults(), Ingestor.Options.defaults(), 2);
        writeNotes(inbox, 0, 6);

        Configuration conf = Watching.configuration(settings, FAST);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(2).setNumSlotsPerTaskManager(2).build());
        cluster.start();
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            PrecisJob.buildWatching(env, settings, FAST.scan());
            JobID job = cluster.submitJob(env.getStreamGraph()).get().getJobID();

            waitFor(() -> indexed(data) >= 2, "the first documents to be committed");
            writeNotes(inbox, 6, 12);
            cluster.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
            cluster.startTaskManager();
            waitFor(() -> indexed(data) == 12 && avroDocuments(data).size() == 12, "all 12 documents after the failure");
            assertExactlyOnce(data, 12);

            assertEquals(1, searchCount(data, "\"note 4 mentions\""));
            // Same bytes with a new modification time: seen again, not analysed again.
            Path touched = inbox.resolve("note-3.txt");
            Files.setLastModifiedTime(touched, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            // New content under an old name: analysed again, and the new analysis replaces the old one.
            Files.writeString(inbox.resolve("note-4.txt"), "Revised note four. The Helsinki office opens in autumn.\n");
            waitFor(() -> searchCount(data, "Helsinki") == 1 && avroDocuments(data).size() == 13, "the re-uploaded note");
            assertEquals(12, indexed(data));
            assertEquals(0, searchCount(data, "\"note 4 mentions\""), "the old analysis of note 4 must be gone");
            cluster.cancelJob(job).get(1, TimeUnit.MINUTES);
        } finally {
            cluster.close();
        }
    }

    @Test
    void processKilledAndRestartedFromItsLastCheckpoint(@TempDir Path tmp) throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path data = tmp.resolve("data");
        Files.createDirectories(inbox);
        writeNotes(inbox, 0, 8);

        Process first = startWatch(inbox, data, tmp.resolve("first.log"));
        try {
            waitFor(() -> indexed(data) >= 2, "the first documents to be committed");
            writeNotes(inbox, 8, 16);
            waitFor(() -> Watching.latestCheckpoint(data.resolve("checkpoints")).isPresent(), "a checkpoint");
        } finally {
            first.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }

        Process second = startWatch(inbox, data, tmp.resolve("second.log"));
        try {
            waitFor(() -> indexed(data) == 16 && avroDocuments(data).size() == 16, "all 16 documents after the restart");
            assertTrue(Files.readString(tmp.resolve("second.log")).contains("resuming from"), Files.readString(tmp.resolve("second.log")));
        } finally {
            second.destroy();
            if (!second.waitFor(1, TimeUnit.MINUTES)) {
                second.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
            }
        }
        assertExactlyOnce(data, 16);
    }

    private static Process startWatch(Path inbox, Path data, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-D")).toList());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PrecisCommand.class.getName());
        command.addAll(List.of("watch", "--inbox", inbox.toString(), "--data", data.toString(), "--parallelism", "2",
                "--scan-interval", "PT0.2S", "--checkpoint-interval", "PT0.5S"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void assertExactlyOnce(Path data, int n) throws IOException {
        assertEquals(n, indexed(data));
        List<DocumentRecord> records = avroDocuments(data);
        Map<String, Long> perSource = records.stream().collect(Collectors.groupingBy(DocumentRecord::getSourceUri, Collectors.counting()));
        assertEquals(n, perSource.size(), perSource.toString());
        assertTrue(perSource.values().stream().allMatch(c -> c == 1), "each input once in the Avro records: " + perSource);
    }

    private static void writeNotes(Path inbox, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            Path tmp = inbox.resolve(".note-" + i + ".txt.part");
            Files.writeString(tmp, "Note " + i + ". This note " + i + " mentions the project milestone number " + i
                    + " and the owner of task " + i + ".\n" + "Maria will review milestone " + i + " by Friday.\n");
            // Written under a hidden name and renamed when complete, as an upload would be.
            Files.move(tmp, inbox.resolve("note-" + i + ".txt"));
        }
    }

    static int indexed(Path data) throws IOException {
        try (IndexSearch search = IndexSearch.open(data.resolve("index"))) {
            return search.documentCount();
        }
    }

    /** Documents whose words match (BM25 alone: meaning-alike notes must not count as matches here). */
    static int searchCount(Path data, String query) throws IOException {
        try (IndexSearch search = IndexSearch.open(data.resolve("index"))) {
            return search.search(new SearchRequest(query, Map.of(), null, null, null, SearchRequest.Mode.BM25, 0,
                    SearchRequest.MAX_LIMIT, Access.ALL)).hits().size();
        }
    }

    static List<DocumentRecord> avroDocuments(Path data) throws IOException {
        Path dir = data.resolve("records/documents");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        return PrecisJobIT.readAvro(dir).stream().map(DocumentRecord.class::cast).toList();
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void waitFor(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
    }
}
