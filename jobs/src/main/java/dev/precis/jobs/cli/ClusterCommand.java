package dev.precis.jobs.cli;

import dev.precis.jobs.cluster.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Start or stop a Flink session cluster on this machine (a JobManager and TaskManagers, each its own JVM).",
                "Submit jobs to it with 'precis submit --jobmanager localhost:PORT'."})
final class ClusterCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "start or stop")
    String action;

    @Option(names = "--dir", description = "Folder for the cluster's configuration, logs and pids (default: .precis/cluster under the project).")
    Path dir;

    @Option(names = "--rest-port", defaultValue = "8081", description = "The JobManager's REST and web port (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--taskmanagers", defaultValue = "1", description = "Number of TaskManagers (default: ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(names = "--slots", defaultValue = "2", description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--taskmanager-mb", defaultValue = "2048", description = "Memory of each TaskManager process, MiB (default: ${DEFAULT-VALUE}).")
    int taskManagerMb;

    @Option(names = "--lib", description = "Folder of jars for the cluster's class path (default: Flink and all of Precis's "
            + "dependencies, as this build copied them to jobs/target/lib). With only Flink's jars there, submit the "
            + "job jar built with -Pjob-jar.")
    Path lib;

    @picocli.CommandLine.Mixin
    StorageOptions storage;

    @Override
    public Integer call() throws Exception {
        Path home = dir != null ? dir : Path.of(System.getProperty("precis.home", ".")).resolve(".precis/cluster");
        switch (action) {
            case "start" -> {
                String address = LocalCluster.start(new LocalCluster.Spec(home, restPort, taskManagers, slots, taskManagerMb),
                        lib != null ? lib : Jars.libDir(), Jars.pluginsDir(), storage.configuration().toMap(), Duration.ofMinutes(2));
                System.out.println("Flink cluster up at http://" + address + " (" + taskManagers + " TaskManager(s), "
                        + slots + " slots each); logs in " + home.toAbsolutePath().normalize().resolve("log"));
                System.out.println("Submit with: precis submit --jobmanager " + address + " --inbox DIR --data DIR");
            }
            case "stop" -> {
                int n = LocalCluster.stop(home);
                System.out.println(n == 0 ? "No cluster was running from " + home : "Stopped " + n + " cluster process(es).");
            }
            default -> throw new IllegalArgumentException("unknown cluster action '" + action + "': use start or stop");
        }
        return 0;
    }
}
