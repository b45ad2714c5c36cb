package dev.precis.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.index.IndexSearch;
import dev.precis.jobs.cli.PrecisCommand;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real session cluster (a JobManager and a TaskManager, each its own JVM) started by the command line,
 * a batch job submitted to it through the REST API, and the cluster stopped with nothing left running.
 */
class ClusterIT {

    @Test
    void startSubmitStop(@TempDir Path tmp) throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path data = tmp.resolve("data");
        Path clusterDir = tmp.resolve("cluster");
        Files.createDirectories(inbox);
        for (String f : new String[] {"launch-plan.pdf", "status-report.docx", "weekly-sync.vtt", "quarterly-figures.pdf"}) {
            Files.copy(PrecisJobIT.EXAMPLES.resolve(f), inbox.resolve(f));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<ProcessHandle> processes = new ArrayList<>();
        try {
            assertEquals(0, PrecisCommand.execute("cluster", "start", "--dir", clusterDir.toString(), "--rest-port", Integer.toString(port),
                    "--taskmanagers", "1", "--slots", "2"));
            for (String pid : Files.readAllLines(clusterDir.resolve("pids"))) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(processes::add);
            }
            assertEquals(2, processes.size(), "a JobManager and a TaskManager");
            assertTrue(processes.stream().allMatch(ProcessHandle::isAlive));

            assertEquals(0, PrecisCommand.execute("submit", "--jobmanager", "localhost:" + port, "--inbox", inbox.toString(),
                    "--data", data.toString(), "--parallelism", "2"));
            try (IndexSearch search = IndexSearch.open(data.resolve("index"))) {
                assertEquals(3, search.documentCount());
                assertEquals(1, search.failureCount());
                assertFalse(search.search("budget", 10).isEmpty());
            }
            processes.forEach(p -> p.descendants().forEach(processes::add));
        } finally {
            PrecisCommand.execute("cluster", "stop", "--dir", clusterDir.toString());
        }
        for (ProcessHandle p : processes) {
            p.onExit().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(30), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertFalse(p.isAlive(), "process " + p.pid() + " is still running");
        }
        assertFalse(Files.exists(clusterDir.resolve("pids")));
    }
}
