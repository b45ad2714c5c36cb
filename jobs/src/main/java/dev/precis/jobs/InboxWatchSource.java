package dev.precis.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unbounded source that watches an inbox (any URI Flink's FileSystem lists: file://, s3://, hdfs://)
 * and emits a {@link FileRef} for every file that is new or has changed since the last scan.
 *
 * <p>Flink's own continuous file enumerator remembers every path it has ever seen, in memory and in each
 * checkpoint, and never looks at a path twice, so it neither bounds its state nor sees a re-uploaded
 * file. This one keeps a ledger of what it saw in the last scan only: a 64-bit hash of each path and a
 * 64-bit fingerprint of its size and modification time. A file that disappears leaves the ledger at the
 * next scan, so the ledger is as large as the inbox is now (16 bytes of payload per file), not as large
 * as its history. Whether changed content is analysed again is decided downstream by the content-hash
 * ledger of {@link ExtractFunction}.
 *
 * <p>Names starting with '.' or '_' (files, or folders on the way to them) are uploads in progress and
 * are skipped until they are renamed.
 */
public final class InboxWatchSource implements Source<FileRef, InboxWatchSource.FileSplit, InboxWatchSource.Ledger> {
    private static final Logger LOG = LoggerFactory.getLogger(InboxWatchSource.class);

    private final String inbox;
    private final long scanIntervalMillis;

    public InboxWatchSource(String inbox, long scanIntervalMillis) {
        if (scanIntervalMillis < 10) {
            throw new IllegalArgumentException("scan interval " + scanIntervalMillis + " ms is below the minimum of 10 ms");
        }
        this.inbox = inbox;
        this.scanIntervalMillis = scanIntervalMillis;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<FileSplit, Ledger> createEnumerator(SplitEnumeratorContext<FileSplit> context) {
        return new Enumerator(context, inbox, scanIntervalMillis, new Ledger(new HashMap<>(), new ArrayList<>()));
    }

    @Override
    public SplitEnumerator<FileSplit, Ledger> restoreEnumerator(SplitEnumeratorContext<FileSplit> context, Ledger ledger) {
        return new Enumerator(context, inbox, scanIntervalMillis, ledger);
    }

    @Override
    public SourceReader<FileRef, FileSplit> createReader(SourceReaderContext context) {
        return new Reader();
    }

    @Override
    public SimpleVersionedSerializer<FileSplit> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Ledger> getEnumeratorCheckpointSerializer() {
        return new LedgerSerializer();
    }

    /** One file to read. The id includes the fingerprint, so a changed file is a new split. */
    public record FileSplit(FileRef file) implements SourceSplit {
        @Override
        public String splitId() {
            return file.path + "@" + file.sizeBytes + "/" + file.modifiedMillis;
        }
    }

    /**
     * The enumerator's checkpoint: path hash → fingerprint of the files seen in the last scan, and the
     * splits found but not yet handed to a reader.
     */
    public record Ledger(Map<Long, Long> seen, List<FileSplit> unassigned) {}

    static long pathHash(String path) {
        // FNV-1a over the UTF-8 bytes, widened to 64 bits: stable across JVMs, unlike String.hashCode's 32 bits.
        long h = 0xcbf29ce484222325L;
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    static long fingerprint(long size, long modifiedMillis) {
        return size * 0x9E3779B97F4A7C15L ^ modifiedMillis;
    }

    static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    private static final class Enumerator implements SplitEnumerator<FileSplit, Ledger> {
        private final SplitEnumeratorContext<FileSplit> context;
        private final String inbox;
        private final long intervalMillis;
        private Map<Long, Long> seen;
        private final Queue<FileSplit> unassigned;
        private int nextReader;

        Enumerator(SplitEnumeratorContext<FileSplit> context, String inbox, long intervalMillis, Ledger ledger) {
            this.context = context;
            this.inbox = inbox;
            this.intervalMillis = intervalMillis;
            this.seen = new HashMap<>(ledger.seen());
            this.unassigned = new ArrayDeque<>(ledger.unassigned());
        }

        @Override
        public void start() {
            context.callAsync(this::scan, this::scanned, 0, intervalMillis);
        }

        /** Lists the inbox (in a worker thread) and returns every visible file with its fingerprint. */
        private List<FileRef> scan() throws IOException {
            Path root = new Path(inbox);
            List<FileRef> files = new ArrayList<>();
            FileSystem fs = root.getFileSystem();
            if (fs.exists(root)) {
                list(fs, root, files);
            }
            return files;
        }

        private static void list(FileSystem fs, Path dir, List<FileRef> out) throws IOException {
            FileStatus[] entries = fs.listStatus(dir);
            if (entries == null) {
                return;
            }
            for (FileStatus s : entries) {
                if (isHidden(s.getPath().getName())) {
                    continue;
                }
                if (s.isDir()) {
                    list(fs, s.getPath(), out);
                } else {
                    out.add(new FileRef(s.getPath().toString(), s.getLen(), s.getModificationTime()));
                }
            }
        }

        /** In the coordinator thread: the new and changed files become splits; the ledger becomes this scan. */
        private void scanned(List<FileRef> files, Throwable error) {
            if (error != null) {
                LOG.warn("cannot list the inbox {}; trying again at the next scan", inbox, error);
                return;
            }
            Map<Long, Long> now = new HashMap<>(files.size() * 2);
            for (FileRef f : files) {
                long key = pathHash(f.path);
                long print = fingerprint(f.sizeBytes, f.modifiedMillis);
                now.put(key, print);
                Long before = seen.get(key);
                if (before == null || before != print) {
                    unassigned.add(new FileSplit(f));
                }
            }
            seen = now;
            assign();
        }

        private void assign() {
            List<Integer> readers = new ArrayList<>(context.registeredReaders().keySet());
            if (readers.isEmpty()) {
                return;
            }
            readers.sort(null);
            while (!unassigned.isEmpty()) {
                int reader = readers.get(Math.floorMod(nextReader++, readers.size()));
                context.assignSplit(unassigned.poll(), reader);
            }
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            assign();
        }

        @Override
        public void addSplitsBack(List<FileSplit> splits, int subtaskId) {
            unassigned.addAll(splits);
            assign();
        }

        @Override
        public void addReader(int subtaskId) {
            assign();
        }

        @Override
        public Ledger snapshotState(long checkpointId) {
            return new Ledger(new HashMap<>(seen), new ArrayList<>(unassigned));
        }

        @Override
        public void close() {}
    }

    /** Emits one FileRef per assigned split; splits not yet emitted are its checkpoint state. */
    private static final class Reader implements SourceReader<FileRef, FileSplit> {
        private final Queue<FileSplit> pending = new ArrayDeque<>();
        private CompletableFuture<Void> available = new CompletableFuture<>();

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<FileRef> output) {
            FileSplit next = pending.poll();
            if (next == null) {
                if (available.isDone()) {
                    available = new CompletableFuture<>();
                }
                return InputStatus.NOTHING_AVAILABLE;
            }
            output.collect(next.file());
            return pending.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<FileSplit> snapshotState(long checkpointId) {
            return new ArrayList<>(pending);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return pending.isEmpty() ? available : CompletableFuture.completedFuture(null);
        }

        @Override
        public void addSplits(List<FileSplit> splits) {
            pending.addAll(splits);
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() {}
    }

    static final class SplitSerializer implements SimpleVersionedSerializer<FileSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(FileSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(128);
            write(out, split);
            return out.getCopyOfBuffer();
        }

        @Override
        public FileSplit deserialize(int version, byte[] bytes) throws IOException {
            return read(new DataInputDeserializer(bytes));
        }

        static void write(DataOutputSerializer out, FileSplit split) throws IOException {
            out.writeUTF(split.file().path);
            out.writeLong(split.file().sizeBytes);
            out.writeLong(split.file().modifiedMillis);
        }

        static FileSplit read(DataInputDeserializer in) throws IOException {
            return new FileSplit(new FileRef(in.readUTF(), in.readLong(), in.readLong()));
        }
    }

    static final class LedgerSerializer implements SimpleVersionedSerializer<Ledger> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Ledger ledger) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(16 * ledger.seen().size() + 64);
            out.writeInt(ledger.seen().size());
            for (Map.Entry<Long, Long> e : ledger.seen().entrySet()) {
                out.writeLong(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeInt(ledger.unassigned().size());
            for (FileSplit s : ledger.unassigned()) {
                SplitSerializer.write(out, s);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public Ledger deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) {
                throw new IOException("unknown inbox ledger version " + version + ": this Precis reads version 1");
            }
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            int n = in.readInt();
            Map<Long, Long> seen = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                seen.put(in.readLong(), in.readLong());
            }
            int m = in.readInt();
            List<FileSplit> unassigned = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                unassigned.add(SplitSerializer.read(in));
            }
            return new Ledger(seen, unassigned);
        }
    }
}
