package dev.precis.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.precis.ingest.Ingestor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

class WholeFileFormatTest {
    private final FileSourceSplit split =
            new FileSourceSplit("0", new Path("file:/inbox/a.pdf"), 0, 1234, 1_700_000_000_000L, 1234);

    @Test
    void emitsOneReferencePerFileWithoutOpeningIt() throws Exception {
        WholeFileFormat format = new WholeFileFormat();
        assertFalse(format.isSplittable());
        BulkFormat.Reader<FileRef> reader = format.createReader(new Configuration(), split);
        BulkFormat.RecordIterator<FileRef> batch = reader.readBatch();
        RecordAndPosition<FileRef> record = batch.next();
        assertEquals(new FileRef("file:/inbox/a.pdf", 1234, 1_700_000_000_000L), record.getRecord());
        assertEquals(1, record.getRecordSkipCount());
        assertNull(batch.next());
        assertNull(reader.readBatch());
    }

    @Test
    void restoredAfterItsRecordWasEmittedItEmitsNothing() throws Exception {
        FileSourceSplit done = split.updateWithCheckpointedPosition(new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 1));
        assertNull(new WholeFileFormat().restoreReader(new Configuration(), done).readBatch());
        FileSourceSplit fresh = split.updateWithCheckpointedPosition(null);
        assertEquals("file:/inbox/a.pdf", new WholeFileFormat().restoreReader(new Configuration(), fresh).readBatch().next().getRecord().path);
    }

    @Test
    void collectionIsTheFolderUnderTheInbox() {
        ExtractFunction f = new ExtractFunction("s3://bucket/inbox", Ingestor.Options.defaults());
        assertEquals("sales", f.collectionOf("s3://bucket/inbox/sales/q3.pdf"));
        assertEquals("inbox", f.collectionOf("s3://bucket/inbox/notes.txt"));
    }
}
