package dev.precis.jobs;

import dev.precis.ingest.IngestException;
import dev.precis.ingest.Ingestor;
import dev.precis.schemas.DocumentRecord;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens each file through Flink's FileSystem (local, S3 or HDFS alike) and extracts its text. Anything
 * that goes wrong becomes an IngestFailure on the side output; the file itself is never touched.
 *
 * <p>Keyed by file path, it keeps a ledger of the SHA-256 of the content it last processed for each
 * file: a file seen again with the same content (touched, or copied over with identical bytes) is not
 * analysed again, while changed content is, and its new analysis replaces the old one downstream. The
 * ledger is Flink keyed state, so it is checkpointed with the source and restored with it.
 */
public final class ExtractFunction extends KeyedProcessFunction<String, FileRef, DocumentRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractFunction.class);

    /**
     * How long the ledger remembers a file it has not seen again. Forgetting is harmless (the scanner emits
     * a file only when it changes, and a forgotten file that returns with the same bytes is analysed once
     * more and replaces itself), and it keeps the ledger as large as the files of the last 30 days, however
     * many files have ever passed through the inbox.
     */
    static final Duration LEDGER_TTL = Duration.ofDays(30);

    private final String inboxRoot;
    private final Ingestor.Options options;
    private transient Ingestor ingestor;
    private transient IntCounter failures;
    private transient IntCounter unchanged;
    private transient ValueState<String> lastHash;

    public ExtractFunction(String inboxRoot, Ingestor.Options options) {
        this.inboxRoot = inboxRoot.endsWith("/") ? inboxRoot : inboxRoot + "/";
        this.options = options;
    }

    @Override
    public void open(OpenContext context) {
        ingestor = new Ingestor(options);
        failures = getRuntimeContext().getIntCounter(Progress.FAILURES);
        unchanged = getRuntimeContext().getIntCounter(Progress.UNCHANGED);
        ValueStateDescriptor<String> ledger = new ValueStateDescriptor<>("content-sha256", String.class);
        ledger.enableTimeToLive(StateTtlConfig.newBuilder(LEDGER_TTL).updateTtlOnReadAndWrite().neverReturnExpired()
                .cleanupFullSnapshot().build());
        lastHash = getRuntimeContext().getState(ledger);
    }

    @Override
    public void processElement(FileRef ref, Context ctx, Collector<DocumentRecord> out) {
        Path path = new Path(ref.path);
        String name = path.getName();
        try {
            if (ref.sizeBytes > options.maxFileBytes()) {
                throw new IngestException("read", "too-large", "the file has " + ref.sizeBytes + " bytes, over the limit of "
                        + options.maxFileBytes() + ": split it, or raise the limit (--max-file-mb)");
            }
            byte[] bytes;
            FileSystem fs = path.getFileSystem();
            try (InputStream in = fs.open(path)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxFileBytes() + 1));
            }
            String hash = Ingestor.sha256(bytes);
            if (hash.equals(lastHash.value())) {
                unchanged.add(1);
                LOG.info("{}: content unchanged, not analysed again", ref.path);
                return;
            }
            lastHash.update(hash);
            out.collect(ingestor.ingest(new Ingestor.Source(ref.path, name, collectionOf(ref.path), ref.sizeBytes, ref.modifiedMillis), bytes));
        } catch (IngestException e) {
            fail(ctx, ref, e.stage(), e.kind(), e.getMessage());
        } catch (IOException e) {
            fail(ctx, ref, "read", "unreadable", "could not read the file: " + e.getMessage()
                    + ". Check that it exists and that Precis may read it");
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // A parser bug or a pathological file must not take the job down with it.
            LOG.warn("extracting {} failed unexpectedly", ref.path, e);
            fail(ctx, ref, "extract", "parser-error", Failures.unexpected(e));
        }
    }

    @Override
    public void close() {
        if (ingestor != null) {
            ingestor.close();
        }
    }

    private void fail(Context ctx, FileRef ref, String stage, String kind, String message) {
        failures.add(1);
        LOG.info("{}: {} ({})", ref.path, message, kind);
        ctx.output(Failures.TAG, Failures.of(ref.path, null, stage, kind, message));
    }

    /** The folder under the inbox a file sits in, or the inbox's own name for files at its top. */
    String collectionOf(String path) {
        String rel = path.startsWith(inboxRoot) ? path.substring(inboxRoot.length()) : path;
        int slash = rel.indexOf('/');
        if (slash > 0) {
            return rel.substring(0, slash);
        }
        String root = inboxRoot.substring(0, inboxRoot.length() - 1);
        return root.substring(root.lastIndexOf('/') + 1);
    }
}
