package dev.precis.jobs;

import dev.precis.index.ShardLayout;
import dev.precis.index.ShardWriter;
import dev.precis.schemas.IndexEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes index entries into Lucene, one shard per subtask. Entries arrive already partitioned by
 * {@link ShardLayout#shardOf}, so subtask i holds exactly the ids of shard i. Each flush commits: at the
 * end of a batch run, and before every checkpoint of a streaming one. Upserts are idempotent, so an entry
 * replayed after a failure replaces itself.
 */
public final class LuceneSink implements Sink<IndexEntry> {
    private final String indexRoot;

    public LuceneSink(String indexRoot) {
        this.indexRoot = indexRoot;
    }

    @Override
    public SinkWriter<IndexEntry> createWriter(WriterInitContext context) throws IOException {
        int shard = context.getTaskInfo().getIndexOfThisSubtask();
        return new Writer(new ShardWriter(ShardLayout.shardDir(Path.of(indexRoot), shard)));
    }

    private static final class Writer implements SinkWriter<IndexEntry> {
        private final ShardWriter shard;
        private long pending;

        Writer(ShardWriter shard) {
            this.shard = shard;
        }

        @Override
        public void write(IndexEntry entry, Context context) throws IOException {
            shard.write(entry);
            pending++;
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (pending > 0 || endOfInput) {
                shard.commit(Map.of("precis.committedAt", Instant.now().toString()));
                pending = 0;
            }
        }

        @Override
        public void close() throws IOException {
            shard.close();
        }
    }
}
