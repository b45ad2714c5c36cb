package dev.precis.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The parts of Flink's JobManager REST API that Precis uses: upload a jar, run it, follow the job. */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code hostPort} is the JobManager's REST address, "host:port". */
    public FlinkRest(String hostPort) {
        if (!hostPort.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
            throw new IllegalArgumentException("JobManager address '" + hostPort + "' should be host:port, e.g. localhost:8081");
        }
        this.base = URI.create("http://" + hostPort + "/");
    }

    /** The cluster overview ({@code taskmanagers}, {@code slots-total}, ...), or null when nothing answers. */
    public JsonNode overviewOrNull() throws InterruptedException {
        try {
            return get("overview");
        } catch (IOException e) {
            return null;
        }
    }

    /** Uploads a jar and returns its id on the cluster. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "precis-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        JsonNode answer = send(request);
        String file = answer.path("filename").asText("");
        if (file.isEmpty()) {
            throw new IOException("the JobManager did not accept the jar: " + answer);
        }
        return Path.of(file).getFileName().toString();
    }

    /** Runs {@code entryClass} of an uploaded jar with the given arguments; returns the job id. */
    public String runJar(String jarId, String entryClass, List<String> args, int parallelism) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entryClass", entryClass);
        body.put("programArgsList", args);
        body.put("parallelism", parallelism);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        JsonNode answer = send(request);
        String job = answer.path("jobid").asText("");
        if (job.isEmpty()) {
            throw new IOException("the JobManager did not start the job: " + answer);
        }
        return job;
    }

    /** The job's state: CREATED, RUNNING, FINISHED, FAILED, CANCELED, ... */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("jobs/" + jobId).path("state").asText("UNKNOWN");
    }

    /** The first exception of a failed job, for the error message. */
    public String rootException(String jobId) throws IOException, InterruptedException {
        JsonNode ex = get("jobs/" + jobId + "/exceptions");
        String text = ex.path("exceptionHistory").path("entries").path(0).path("stacktrace").asText("");
        if (text.isBlank()) {
            return "no exception recorded";
        }
        // The first line says where it failed; the last "Caused by" says why.
        String first = text.lines().findFirst().orElse("");
        String cause = text.lines().filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b).orElse("");
        return cause.isEmpty() ? first : first + " … " + cause;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("no Flink JobManager answers at " + base + ": start one with 'precis cluster start', or check --jobmanager", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the JobManager answered " + response.statusCode() + " to " + request.method() + " "
                    + request.uri().getPath() + ": " + abbreviate(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private static String abbreviate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000) + "…";
    }
}
