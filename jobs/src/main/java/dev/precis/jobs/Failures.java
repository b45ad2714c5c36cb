package dev.precis.jobs;

import dev.precis.schemas.IngestFailure;
import java.time.Instant;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** The side output every operator sends its failures to, and how a failure record is made. */
public final class Failures {
    private Failures() {}

    public static final OutputTag<IngestFailure> TAG = new OutputTag<>("failures", new AvroTypeInfo<>(IngestFailure.class));

    public static IngestFailure of(String sourceUri, String contentHash, String stage, String kind, String message) {
        return IngestFailure.newBuilder()
                .setSourceUri(sourceUri)
                .setContentHash(contentHash)
                .setStage(stage)
                .setErrorKind(kind)
                .setMessage(message)
                .setAt(Instant.now())
                .build();
    }

    /** A message for an error nobody anticipated: its type and text, and what to do. */
    public static String unexpected(Throwable t) {
        String m = t.getMessage() == null ? "" : ": " + t.getMessage();
        if (m.length() > 300) {
            m = m.substring(0, 300) + "…";
        }
        return "unexpected " + t.getClass().getSimpleName() + m + ". The file was left in place; report it with the file attached";
    }
}
