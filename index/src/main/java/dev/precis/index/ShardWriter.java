package dev.precis.index;

import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.IndexEntry;
import dev.precis.schemas.IngestFailure;
import dev.precis.index.vectors.Embedder;
import dev.precis.index.vectors.MiniLmEmbedder;
import dev.precis.index.vectors.Passages;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.FSDirectory;

/**
 * Writes one index shard. Every entry is an upsert keyed by id, so replaying the same input leaves
 * exactly one Lucene document per id; a document that later succeeds replaces its failure and vice versa.
 */
public final class ShardWriter implements Closeable {

    /** Text fields carry offsets in their postings so that the highlighter need not re-analyse them. */
    static final FieldType TEXT_WITH_OFFSETS = new FieldType(TextField.TYPE_STORED);

    static {
        TEXT_WITH_OFFSETS.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT_WITH_OFFSETS.freeze();
    }

    /** Indexing buffer of one shard writer before it flushes a segment. */
    private static final double RAM_BUFFER_MB = 64;

    private final IndexWriter writer;
    private final Embedder embedder;

    /** A writer that embeds summaries and passages with the shared MiniLM model. */
    public ShardWriter(Path shardDir) throws IOException {
        this(shardDir, MiniLmEmbedder.shared());
    }

    /** A writer that embeds with {@code embedder}; searches must then embed queries with the same one. */
    public ShardWriter(Path shardDir, Embedder embedder) throws IOException {
        this.embedder = embedder;
        Files.createDirectories(shardDir);
        IndexWriterConfig config = new IndexWriterConfig(IndexFields.analyzer());
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setCodec(SearchEntries.codec());
        config.setCommitOnClose(false); // commits happen only when asked, so a crash never half-commits
        config.setMergePolicy(mergePolicy());
        // Larger flushes, fewer segments to merge later; a shard writer's buffer is its main memory cost.
        config.setRAMBufferSizeMB(RAM_BUFFER_MB);
        this.writer = new IndexWriter(FSDirectory.open(shardDir), config);
    }

    public void write(IndexEntry entry) throws IOException {
        if (entry.getAnalyzed() != null) {
            upsert(entry.getAnalyzed());
        } else if (entry.getFailure() != null) {
            upsertFailure(entry.getId(), entry.getFailure());
        } else {
            throw new IllegalArgumentException("index entry " + entry.getId() + " holds neither a document nor a failure");
        }
    }

    public void upsert(AnalyzedDocument analyzed) throws IOException {
        DocumentRecord d = analyzed.getDocument();
        AnalysisRecord a = analyzed.getAnalysis();
        Document doc = new Document();
        doc.add(new StringField(IndexFields.ID, d.getId(), Field.Store.YES));
        doc.add(new StringField(IndexFields.TYPE, d.getKind(), Field.Store.YES));
        doc.add(new StringField(IndexFields.SOURCE, d.getSourceUri(), Field.Store.YES));
        doc.add(new StringField(IndexFields.COLLECTION, d.getCollection(), Field.Store.YES));
        doc.add(new StringField(IndexFields.CONTENT_HASH, d.getContentHash(), Field.Store.YES));
        doc.add(new StringField(IndexFields.MEDIA_TYPE, d.getMediaType(), Field.Store.YES));
        doc.add(new StringField(IndexFields.ENGINE, a.getEngine(), Field.Store.YES));
        if (d.getLanguage() != null) {
            doc.add(new StringField(IndexFields.LANGUAGE, d.getLanguage(), Field.Store.YES));
        }
        doc.add(new Field(IndexFields.TITLE, d.getTitle() == null ? "" : d.getTitle(), TEXT_WITH_OFFSETS));
        doc.add(new Field(IndexFields.SUMMARY, a.getSummary(), TEXT_WITH_OFFSETS));
        for (String point : a.getKeyPoints()) {
            doc.add(new Field(IndexFields.KEY_POINTS, point, TEXT_WITH_OFFSETS));
        }
        for (ActionItem item : a.getActionItems()) {
            doc.add(new Field(IndexFields.ACTION_ITEMS, describe(item), TEXT_WITH_OFFSETS));
        }
        doc.add(new Field(IndexFields.TEXT, d.getText(), TEXT_WITH_OFFSETS));
        // The stored record leaves out the text (stored above) and the sentence offsets, to keep it small.
        DocumentRecord slim = DocumentRecord.newBuilder(d).setText("").setSentenceStarts(java.util.List.of())
                .setSentenceEnds(java.util.List.of()).setTurns(java.util.List.of()).setMetadata(Map.of()).build();
        doc.add(new StoredField(IndexFields.RECORD, AvroBytes.encode(new AnalyzedDocument(slim, a))));
        // Search side: facets, dates, owners, speakers, vectors, and the passage and action-item entries.
        List<Passages.Passage> passages = Passages.of(d);
        List<String> toEmbed = new ArrayList<>(passages.size() + 1);
        toEmbed.add(a.getSummary());
        passages.forEach(p -> toEmbed.add(p.text()));
        List<float[]> vectors = embedder.embedAll(toEmbed);
        SearchEntries.addToDocument(doc, analyzed, vectors.get(0));
        writer.deleteDocuments(new Term(IndexFields.PARENT, d.getId()));
        writer.addDocuments(SearchEntries.children(analyzed, passages, vectors.subList(1, vectors.size())));
        writer.updateDocument(new Term(IndexFields.ID, d.getId()), doc);
        writer.deleteDocuments(new Term(IndexFields.ID, failureId(d.getId())));
    }

    public void upsertFailure(String documentId, IngestFailure failure) throws IOException {
        Document doc = new Document();
        doc.add(new StringField(IndexFields.ID, failureId(documentId), Field.Store.YES));
        doc.add(new StringField(IndexFields.TYPE, "failure", Field.Store.YES));
        doc.add(new StringField(IndexFields.SOURCE, failure.getSourceUri(), Field.Store.YES));
        doc.add(new StoredField(IndexFields.FAILURE, AvroBytes.encode(failure)));
        writer.updateDocument(new Term(IndexFields.ID, failureId(documentId)), doc);
        writer.deleteDocuments(new Term(IndexFields.ID, documentId));
        writer.deleteDocuments(new Term(IndexFields.PARENT, documentId));
    }

    /** Commits everything written so far, with the given user data (a checkpoint id, for example). */
    public void commit(Map<String, String> userData) throws IOException {
        writer.setLiveCommitData(userData.entrySet());
        writer.commit();
    }

    @Override
    public void close() throws IOException {
        writer.rollback(); // anything not committed is dropped: the next run writes it again
    }

    /**
     * Fewer, larger segments than Lucene's defaults (ten segments per tier, 2 MB floor): every query pays a
     * term-dictionary lookup per word and field and a vector-graph search in each segment, so search latency
     * grows with the segment count, while the extra merging costs indexing a little. Small segments (a job's
     * commit every checkpoint leaves one) are merged once four of them have piled up.
     */
    static TieredMergePolicy mergePolicy() {
        TieredMergePolicy merges = new TieredMergePolicy();
        merges.setSegmentsPerTier(4);
        merges.setFloorSegmentMB(16);
        return merges;
    }

    static String failureId(String documentId) {
        return "failure:" + documentId;
    }

    /** "Owner: task (due date)" as it is indexed and shown. */
    public static String describe(ActionItem item) {
        StringBuilder s = new StringBuilder();
        if (item.getOwner() != null) {
            s.append(item.getOwner()).append(": ");
        }
        s.append(item.getTask());
        if (item.getDueDate() != null || item.getDueText() != null) {
            s.append(" (due ").append(item.getDueDate() != null ? item.getDueDate() : item.getDueText()).append(')');
        }
        return s.toString();
    }
}
