package dev.precis.jobs;

import dev.precis.index.ShardLayout;
import dev.precis.index.ShardWriter;
import dev.precis.schemas.IndexEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes index entries into Lucene (Flink's Sink V2), one shard per subtask. Entries arrive already
 * partitioned by {@link ShardLayout#shardOf}, so subtask i holds exactly the ids of shard i.
 *
 * <p>In a streaming job the shard commits at every checkpoint, with the checkpoint id in the commit's
 * user data ({@link #CHECKPOINT_KEY}); in a batch job it commits once at the end of input. Nothing is
 * ever committed between checkpoints. After a failure Flink restores the last completed checkpoint and
 * replays what came after it: every entry is an upsert keyed by document id, so a replayed entry that
 * had already reached a commit replaces itself, and the index holds each document exactly once.
 */
public final class LuceneSink implements Sink<IndexEntry>, SupportsWriterState<IndexEntry, Long> {
    /** The commit user-data key holding the id of the checkpoint that made the commit. */
    public static final String CHECKPOINT_KEY = "precis.checkpoint";

    private static final Logger LOG = LoggerFactory.getLogger(LuceneSink.class);

    private final String indexRoot;

    public LuceneSink(String indexRoot) {
        this.indexRoot = indexRoot;
    }

    @Override
    public SinkWriter<IndexEntry> createWriter(WriterInitContext context) throws IOException {
        return open(context);
    }

    @Override
    public StatefulSinkWriter<IndexEntry, Long> restoreWriter(WriterInitContext context, Collection<Long> recoveredState)
            throws IOException {
        LOG.info("Lucene shard {} resumes after checkpoint {}; entries after it are replayed and replace themselves",
                context.getTaskInfo().getIndexOfThisSubtask(), recoveredState.stream().max(Long::compare).orElse(-1L));
        return open(context);
    }

    private Writer open(WriterInitContext context) throws IOException {
        int shard = context.getTaskInfo().getIndexOfThisSubtask();
        return new Writer(new ShardWriter(ShardLayout.shardDir(Path.of(indexRoot), shard)));
    }

    /** The writer's state is the last checkpoint it committed, reported on restore; resuming needs nothing more. */
    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Long checkpoint) {
                return java.nio.ByteBuffer.allocate(8).putLong(checkpoint).array();
            }

            @Override
            public Long deserialize(int version, byte[] bytes) {
                return java.nio.ByteBuffer.wrap(bytes).getLong();
            }
        };
    }

    private static final class Writer implements StatefulSinkWriter<IndexEntry, Long> {
        private final ShardWriter shard;

        Writer(ShardWriter shard) {
            this.shard = shard;
        }

        @Override
        public void write(IndexEntry entry, Context context) throws IOException {
            shard.write(entry);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (endOfInput) {
                shard.commit(Map.of(CHECKPOINT_KEY, "end-of-input", "precis.committedAt", Instant.now().toString()));
            }
        }

        @Override
        public List<Long> snapshotState(long checkpointId) throws IOException {
            shard.commit(Map.of(CHECKPOINT_KEY, Long.toString(checkpointId), "precis.committedAt", Instant.now().toString()));
            return List.of(checkpointId);
        }

        @Override
        public void close() throws IOException {
            shard.close();
        }
    }
}
