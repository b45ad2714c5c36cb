package dev.precis.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Flink session cluster on this machine: one JobManager ({@code StandaloneSessionClusterEntrypoint})
 * and N TaskManagers ({@code TaskManagerRunner}), each a JVM of its own, started from the project's own
 * jars with a generated {@code config.yaml}. Everything lives in one folder: the configuration, the
 * logs, the uploaded jars and {@code pids}, which {@link #stop} reads to end exactly these processes.
 */
public final class LocalCluster {
    static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    /** Where the cluster lives and how big it is. */
    public record Spec(Path dir, int restPort, int taskManagers, int slotsPerTaskManager, int taskManagerMb) {
        public Spec {
            if (restPort < 1 || restPort > 65535) {
                throw new IllegalArgumentException("REST port " + restPort + " is not a port number (1-65535)");
            }
            if (taskManagers < 1 || slotsPerTaskManager < 1) {
                throw new IllegalArgumentException(taskManagers + " TaskManagers with " + slotsPerTaskManager
                        + " slots each: both must be at least 1");
            }
            if (taskManagerMb < 1024) {
                throw new IllegalArgumentException("TaskManager memory " + taskManagerMb + " MiB is below the minimum of 1024 MiB");
            }
            dir = dir.toAbsolutePath().normalize();
        }
    }

    private LocalCluster() {}

    /** Starts the cluster and waits until every TaskManager has registered. Returns the REST address. */
    public static String start(Spec spec, Path libDir, Path pluginsDir, Map<String, String> extraConfig, Duration timeout)
            throws IOException, InterruptedException {
        Path pids = spec.dir().resolve("pids");
        if (Files.exists(pids) && alive(pids).size() > 0) {
            throw new IllegalArgumentException("a cluster from " + spec.dir() + " is still running (pids in " + pids
                    + "): stop it first with 'precis cluster stop'");
        }
        if (!Files.isDirectory(libDir)) {
            throw new IllegalArgumentException("no jars at " + libDir + ": build the project first (./mvnw -DskipTests package)");
        }
        Path conf = Files.createDirectories(spec.dir().resolve("conf"));
        Path log = Files.createDirectories(spec.dir().resolve("log"));
        Files.createDirectories(spec.dir().resolve("uploads"));
        Files.createDirectories(spec.dir().resolve("tmp"));
        StringBuilder yaml = new StringBuilder(configYaml(spec, freePort()));
        // File-system settings (S3 endpoint, credentials) go to every process that opens the inbox.
        extraConfig.forEach((k, v) -> yaml.append(k).append(": \"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n"));
        Files.writeString(conf.resolve("config.yaml"), yaml, StandardCharsets.UTF_8);

        String classPath = libDir.toAbsolutePath() + "/*";
        List<Long> started = new ArrayList<>();
        try {
            started.add(launch(JOB_MANAGER, classPath, pluginsDir, conf, log.resolve("jobmanager.log"), 768));
            for (int i = 0; i < spec.taskManagers(); i++) {
                started.add(launch(TASK_MANAGER, classPath, pluginsDir, conf, log.resolve("taskmanager-" + i + ".log"), taskManagerHeapMb(spec)));
            }
            Files.writeString(pids, String.join("\n", started.stream().map(String::valueOf).toList()) + "\n");
            String address = "localhost:" + spec.restPort();
            FlinkRest rest = new FlinkRest(address);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode overview = rest.overviewOrNull();
                if (overview != null && overview.path("taskmanagers").asInt() >= spec.taskManagers()) {
                    return address;
                }
                for (long pid : started) {
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                        throw new IOException("a cluster process (pid " + pid + ") exited while starting: see the logs in " + log);
                    }
                }
                Thread.sleep(250);
            }
            throw new IOException("the cluster did not come up within " + timeout.toSeconds() + " s: see the logs in " + log);
        } catch (IOException | RuntimeException | InterruptedException e) {
            stopAll(started);
            Files.deleteIfExists(pids);
            throw e;
        }
    }

    /** Stops the processes listed in {@code dir/pids} and their children; returns how many were stopped. */
    public static int stop(Path dir) throws IOException {
        Path pids = dir.toAbsolutePath().normalize().resolve("pids");
        if (!Files.exists(pids)) {
            return 0;
        }
        List<Long> listed = Files.readAllLines(pids).stream().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.strip())).toList();
        int stopped = stopAll(listed);
        Files.delete(pids);
        return stopped;
    }

    /** The pids in {@code pids} that still run. */
    public static List<Long> alive(Path pids) throws IOException {
        List<Long> out = new ArrayList<>();
        for (String l : Files.readAllLines(pids)) {
            if (!l.isBlank() && ProcessHandle.of(Long.parseLong(l.strip())).map(ProcessHandle::isAlive).orElse(false)) {
                out.add(Long.parseLong(l.strip()));
            }
        }
        return out;
    }

    private static int stopAll(List<Long> pids) {
        List<ProcessHandle> all = new ArrayList<>();
        for (long pid : pids) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent() && h.get().isAlive()) {
                // Children first in the list (parsers a TaskManager forked), so none is left behind.
                h.get().descendants().forEach(all::add);
                all.add(h.get());
            }
        }
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        return (int) all.stream().filter(h -> pids.contains(h.pid())).count();
    }

    private static long launch(String mainClass, String classPath, Path pluginsDir, Path conf, Path log, int heapMb) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.add("-Xmx" + heapMb + "m");
        command.add("-Dlog.file=" + log);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("FLINK_PLUGINS_DIR", pluginsDir.toAbsolutePath().toString());
        Process p = builder.start();
        return p.pid();
    }

    /** The module flags this JVM runs with (Flink and the Vector API need them), passed on to the cluster's JVMs. */
    private static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("--add-exports")).toList());
        flags.add("-Djava.awt.headless=true");
        flags.add("-XX:+UseParallelGC");
        return flags;
    }

    /**
     * The configuration both kinds of process read. Flink's start scripts would derive the TaskManager's
     * memory components and CPU cores and pass them in; started directly, the TaskManager needs them
     * spelled out. Its JVM heap ({@link #taskManagerHeapMb}) is the framework heap plus the task heap.
     */
    static String configYaml(Spec spec, int rpcPort) {
        return """
                # Written by precis cluster start.
                jobmanager.rpc.address: localhost
                jobmanager.rpc.port: %d
                jobmanager.bind-host: localhost
                jobmanager.memory.process.size: 1024m
                rest.address: localhost
                rest.bind-address: localhost
                rest.port: %d
                taskmanager.host: localhost
                taskmanager.bind-host: localhost
                taskmanager.numberOfTaskSlots: %d
                taskmanager.cpu.cores: %d
                taskmanager.memory.framework.heap.size: 128m
                taskmanager.memory.task.heap.size: %dm
                taskmanager.memory.managed.size: 256m
                taskmanager.memory.network.min: 128m
                taskmanager.memory.network.max: 128m
                taskmanager.memory.framework.off-heap.size: 128m
                taskmanager.memory.task.off-heap.size: 0m
                taskmanager.memory.jvm-metaspace.size: 256m
                taskmanager.memory.jvm-overhead.min: 192m
                taskmanager.memory.jvm-overhead.max: 192m
                parallelism.default: %d
                web.upload.dir: %s
                io.tmp.dirs: %s
                """.formatted(rpcPort, spec.restPort(), spec.slotsPerTaskManager(), spec.slotsPerTaskManager(),
                taskManagerHeapMb(spec) - 128, spec.slotsPerTaskManager() * spec.taskManagers(),
                spec.dir().resolve("uploads"), spec.dir().resolve("tmp"));
    }

    /** Half the TaskManager's memory is heap; the rest is managed, network, metaspace and overhead. */
    static int taskManagerHeapMb(Spec spec) {
        return spec.taskManagerMb() / 2;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
