package dev.precis.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.ingest.Ingestor;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watching job over a bucket on a real S3-compatible server (S3Proxy, in this JVM), read through
 * Flink's S3 filesystem plugin: uploaded files are indexed, and a re-uploaded file replaces its analysis.
 */
class S3IT {
    private static final String BUCKET = "meetings";

    @Test
    void bucketFilesAreIndexedAndAReuploadReplacesItsAnalysis(@TempDir Path tmp) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        BlobStore store = context.getBlobStore();
        store.createContainerInLocation(null, BUCKET);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "precis-key", "precis-secret").build();
        proxy.start();
        JobClient job = null;
        try {
            CrashRecoveryIT.waitFor(() -> proxy.getState().equals("STARTED"), "the S3 server");
            put(store, "inbox/standup.txt", "Anna: The migration finishes on Tuesday.\nTom: I will update the runbook before Friday.\n");
            put(store, "inbox/plans/roadmap.txt", "Roadmap. The mobile release ships in May, and the pricing review follows in June.\n");
            put(store, "inbox/.uploading.txt", "Half an upload is never read.");

            Configuration conf = Storage.configuration(null, "http://127.0.0.1:" + port, true,
                    Map.of(Storage.ACCESS_KEY_ENV, "precis-key", Storage.SECRET_KEY_ENV, "precis-secret"));
            Storage.initialize(conf, Path.of("target/plugins"));

            Path data = tmp.resolve("data");
            JobSettings settings = new JobSettings("s3://" + BUCKET + "/inbox/", data, AnalyzerConfig.defaults(),
                    Ingestor.Options.defaults(), 1);
            job = Watching.start(settings, new Watching.Intervals(Duration.ofMillis(300), Duration.ofMillis(500)));

            CrashRecoveryIT.waitFor(() -> CrashRecoveryIT.indexed(data) == 2, "both uploads to be indexed");
            assertEquals(1, CrashRecoveryIT.searchCount(data, "runbook"));
            assertEquals(1, CrashRecoveryIT.searchCount(data, "pricing"));

            put(store, "inbox/plans/roadmap.txt", "Roadmap, revised. The tablet release ships in September.\n");
            CrashRecoveryIT.waitFor(() -> CrashRecoveryIT.searchCount(data, "tablet") == 1, "the re-uploaded roadmap");
            assertEquals(0, CrashRecoveryIT.searchCount(data, "pricing"), "the old analysis must be replaced");
            assertEquals(2, CrashRecoveryIT.indexed(data));
        } finally {
            if (job != null) {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
            proxy.stop();
            context.close();
        }
    }

    private static void put(BlobStore store, String name, String text) {
        store.putBlob(BUCKET, store.blobBuilder(name).payload(text.getBytes(StandardCharsets.UTF_8)).build());
    }
}
