package dev.precis.jobs.cli;

import dev.precis.jobs.cluster.FlinkRest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Run the batch job on a Flink cluster: upload the job jar through the JobManager's REST API and start it.",
                "The cluster must have Precis's dependencies on its class path ('precis cluster start' does), and see --inbox and --data."})
final class SubmitCommand implements Callable<Integer> {
    private static final Set<String> DONE = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

    @Option(names = "--jobmanager", required = true, description = "The JobManager's REST address, HOST:PORT.")
    String jobManager;

    @Option(names = "--inbox", required = true, description = "Folder or URI to read, as the cluster sees it.")
    String inbox;

    @Option(names = "--data", required = true, description = "Data folder for the index and the records, as the cluster sees it.")
    Path data;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallel tasks; also the shard count of a new index (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--jar", description = "Job jar to upload (default: the one this build made).")
    Path jar;

    @Option(names = "--detach", description = "Return once the job is started instead of waiting for it to end.")
    boolean detach;

    @Mixin
    JobOptions options;

    @Override
    public Integer call() throws Exception {
        FlinkRest rest = new FlinkRest(jobManager);
        List<String> args = new ArrayList<>(List.of("--inbox", RunCommand.inboxUri(inbox),
                "--data", data.toAbsolutePath().normalize().toString(), "--parallelism", Integer.toString(parallelism)));
        args.addAll(options.asArgs());
        String jarId = rest.uploadJar(jar != null ? jar : Jars.jobJar());
        String job = rest.runJar(jarId, JobMain.class.getName(), args, parallelism);
        System.out.println("Submitted job " + job + " to " + jobManager);
        if (detach) {
            return 0;
        }
        String state = rest.jobState(job);
        while (!DONE.contains(state)) {
            Thread.sleep(500);
            state = rest.jobState(job);
        }
        System.out.println("Job " + job + " " + state);
        if (!state.equals("FINISHED")) {
            System.err.println("precis: the job ended " + state + ": " + rest.rootException(job));
            return 1;
        }
        return 0;
    }
}
