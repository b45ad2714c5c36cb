package dev.precis.jobs;

import dev.precis.index.ShardLayout;
import dev.precis.ingest.Ingestor;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.IndexEntry;
import dev.precis.schemas.IngestFailure;
import java.io.IOException;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.avro.AvroWriters;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;

/**
 * The Precis pipeline: inbox → extract → analyze → Lucene shards, with every record also written as
 * Avro (documents, analyses, failures) — the durable truth from which the index can be rebuilt.
 */
public final class PrecisJob {
    private PrecisJob() {}

    /** Adds the batch pipeline over every file now in the inbox; the caller chooses batch or streaming and executes. */
    public static void build(StreamExecutionEnvironment env, JobSettings settings) throws IOException {
        FileSource<FileRef> source = FileSource.forBulkFileFormat(new WholeFileFormat(), new Path(settings.inbox())).build();
        pipeline(env.fromSource(source, WatermarkStrategy.noWatermarks(), "inbox").uid("inbox").name("inbox"), settings);
    }

    /**
     * Adds the watching pipeline: the inbox is scanned every {@code scanInterval} for new and changed files.
     * Run it in streaming mode with checkpoints: the index and the Avro records commit on each checkpoint.
     */
    public static void buildWatching(StreamExecutionEnvironment env, JobSettings settings, Duration scanInterval) throws IOException {
        InboxWatchSource source = new InboxWatchSource(settings.inbox(), scanInterval.toMillis());
        pipeline(env.fromSource(source, WatermarkStrategy.noWatermarks(), "inbox-watch").uid("inbox-watch").name("inbox-watch"), settings);
    }

    private static void pipeline(DataStream<FileRef> files, JobSettings settings) throws IOException {
        int shards = ShardLayout.shardCount(settings.indexDir(), settings.parallelism());

        // Keyed by path, so that the content-hash ledger of each file lives in one place.
        SingleOutputStreamOperator<DocumentRecord> documents = files
                .keyBy(new PathOf())
                .process(new ExtractFunction(settings.inbox(), settings.ingest()), new AvroTypeInfo<>(DocumentRecord.class))
                .uid("extract").name("extract");
        SingleOutputStreamOperator<AnalyzedDocument> analyzed = documents
                .process(new AnalyzeFunction(settings.analyzer()), new AvroTypeInfo<>(AnalyzedDocument.class))
                .uid("analyze").name("analyze");
        DataStream<IngestFailure> failures = documents.getSideOutput(Failures.TAG).union(analyzed.getSideOutput(Failures.TAG));

        java.nio.file.Path records = settings.recordsDir();
        documents.sinkTo(avroSink(records.resolve("documents"), DocumentRecord.class)).uid("documents-avro").name("documents.avro");
        analyzed.map(new AnalysisOf(), new AvroTypeInfo<>(AnalysisRecord.class)).uid("analysis-of").name("analysis")
                .sinkTo(avroSink(records.resolve("analyses"), AnalysisRecord.class)).uid("analyses-avro").name("analyses.avro");
        failures.sinkTo(avroSink(records.resolve("failures"), IngestFailure.class)).uid("failures-avro").name("failures.avro");

        DataStream<IndexEntry> entries = analyzed.map(new EntryOfDocument(), new AvroTypeInfo<>(IndexEntry.class)).uid("entry-of-document")
                .union(failures.map(new EntryOfFailure(), new AvroTypeInfo<>(IndexEntry.class)).uid("entry-of-failure"));
        entries.partitionCustom((String id, int n) -> ShardLayout.shardOf(id, n), IndexEntry::getId)
                .sinkTo(new LuceneSink(settings.indexDir().toString()))
                .uid("lucene")
                .name("lucene")
                .setParallelism(shards);
    }

    private static <T extends SpecificRecordBase> FileSink<T> avroSink(java.nio.file.Path dir, Class<T> type) {
        return FileSink.forBulkFormat(new Path(dir.toUri()), AvroWriters.forSpecificRecord(type))
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".avro").build())
                .build();
    }

    private static final class PathOf implements KeySelector<FileRef, String> {
        @Override
        public String getKey(FileRef ref) {
            return ref.path;
        }
    }

    private static final class AnalysisOf implements MapFunction<AnalyzedDocument, AnalysisRecord> {
        @Override
        public AnalysisRecord map(AnalyzedDocument a) {
            return a.getAnalysis();
        }
    }

    private static final class EntryOfDocument implements MapFunction<AnalyzedDocument, IndexEntry> {
        @Override
        public IndexEntry map(AnalyzedDocument a) {
            return new IndexEntry(a.getDocument().getId(), a, null);
        }
    }

    private static final class EntryOfFailure implements MapFunction<IngestFailure, IndexEntry> {
        @Override
        public IndexEntry map(IngestFailure f) {
            return new IndexEntry(Ingestor.documentId(f.getSourceUri()), null, f);
        }
    }
}
