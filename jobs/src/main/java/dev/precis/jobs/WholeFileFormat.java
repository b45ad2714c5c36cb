package dev.precis.jobs;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.SingletonResultIterator;

/**
 * A non-splittable format that turns each file into one {@link FileRef} (path, size, modification time)
 * without opening it: documents are parsed whole, and parsing belongs in the extract operator where a
 * bad file becomes a failure record instead of failing the source.
 */
public final class WholeFileFormat implements BulkFormat<FileRef, FileSourceSplit> {

    @Override
    public Reader<FileRef> createReader(Configuration config, FileSourceSplit split) {
        return new OneShotReader(split, false);
    }

    @Override
    public Reader<FileRef> restoreReader(Configuration config, FileSourceSplit split) {
        // A restored split whose one record was already emitted has a record offset of 1.
        boolean done = split.getReaderPosition().map(p -> p.getRecordsAfterOffset() > 0).orElse(false);
        return new OneShotReader(split, done);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<FileRef> getProducedType() {
        return TypeInformation.of(FileRef.class);
    }

    private static final class OneShotReader implements Reader<FileRef> {
        private final FileSourceSplit split;
        private boolean emitted;

        OneShotReader(FileSourceSplit split, boolean emitted) {
            this.split = split;
            this.emitted = emitted;
        }

        @Override
        public RecordIterator<FileRef> readBatch() {
            if (emitted) {
                return null;
            }
            emitted = true;
            SingletonResultIterator<FileRef> it = new SingletonResultIterator<>();
            it.set(new FileRef(split.path().toString(), split.fileSize(), split.fileModificationTime()),
                    CheckpointedPosition.NO_OFFSET, 1);
            return it;
        }

        @Override
        public void close() throws IOException {}
    }
}
