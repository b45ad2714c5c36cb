package dev.precis.index;

import dev.precis.index.vectors.Int8HnswVectorsFormat;
import dev.precis.index.vectors.Passages;
import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Owners;
import dev.precis.schemas.Turn;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * The search side of an indexed document: facet values, dates, vectors, and the passage and
 * action-item entries written beside it. Every entry of a document carries the same filter fields
 * (type, language, collection, date) so that one filter, access control included, applies to
 * documents, passages and action items alike, inside the query.
 */
final class SearchEntries {
    private SearchEntries() {}

    /**
     * The codec of every shard: vectors are searched as int8 (scalar-quantized HNSW), which builds and
     * searches about twice as fast as float32 and needs a quarter of the memory, with the float vectors
     * kept for merges; their scores run on the Vector API ({@link Int8HnswVectorsFormat}). Readers need
     * nothing special: the format's name is recorded per field and the format is a registered service.
     */
    static Codec codec() {
        KnnVectorsFormat vectors = new Int8HnswVectorsFormat();
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return vectors;
            }
        };
    }

    /** Adds facets, owners, speakers, dates and the summary vector to a document's main entry. */
    static void addToDocument(Document doc, AnalyzedDocument analyzed, float[] summaryVector) {
        DocumentRecord d = analyzed.getDocument();
        AnalysisRecord a = analyzed.getAnalysis();
        doc.add(new StringField(IndexFields.ENTRY, "document", Field.Store.NO));
        doc.add(new SortedDocValuesField(IndexFields.ID_VALUE, new BytesRef(d.getId())));
        addFacet(doc, IndexFields.TYPE, d.getKind());
        addFacet(doc, IndexFields.LANGUAGE, d.getLanguage());
        addFacet(doc, IndexFields.COLLECTION, d.getCollection());
        Set<String> owners = new LinkedHashSet<>();
        for (ActionItem item : a.getActionItems()) {
            owners.addAll(Owners.of(item.getOwner()));
            Long due = epochDay(item.getDueDate());
            if (due != null) {
                doc.add(new LongPoint(IndexFields.DUE, due));
                doc.add(new SortedNumericDocValuesField(IndexFields.DUE_DAYS, due));
            }
        }
        owners.forEach(o -> addPerson(doc, IndexFields.OWNER, o));
        speakers(d).forEach(s -> addPerson(doc, IndexFields.SPEAKER, s));
        addDate(doc, d);
        if (summaryVector != null) {
            doc.add(new KnnFloatVectorField(IndexFields.SUMMARY_VECTOR, summaryVector, VectorSimilarityFunction.DOT_PRODUCT));
        }
    }

    /** Passage entries (with their vectors) and action-item entries of one document. */
    static List<Document> children(AnalyzedDocument analyzed, List<Passages.Passage> passages, List<float[]> passageVectors) {
        DocumentRecord d = analyzed.getDocument();
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            Passages.Passage p = passages.get(i);
            Document doc = child(d, "passage");
            addDocumentPeopleAndDues(doc, analyzed);
            doc.add(new SortedDocValuesField(IndexFields.ID_VALUE, new BytesRef(d.getId())));
            doc.add(new KnnFloatVectorField(IndexFields.PASSAGE_VECTOR, passageVectors.get(i), VectorSimilarityFunction.DOT_PRODUCT));
            doc.add(new StoredField(IndexFields.PASSAGE_TEXT, p.text()));
            doc.add(new StoredField(IndexFields.PASSAGE_START, p.start()));
            if (p.speaker() != null) {
                doc.add(new StoredField(IndexFields.PASSAGE_SPEAKER, p.speaker()));
            }
            if (p.timeMs() != null) {
                doc.add(new StoredField(IndexFields.PASSAGE_TIME, p.timeMs()));
            }
            out.add(doc);
        }
        for (ActionItem item : analyzed.getAnalysis().getActionItems()) {
            Document doc = child(d, "action_item");
            Owners.of(item.getOwner()).forEach(o -> addPerson(doc, IndexFields.OWNER, o));
            Long due = epochDay(item.getDueDate());
            if (due != null) {
                doc.add(new LongPoint(IndexFields.DUE, due));
            }
            doc.add(new NumericDocValuesField(IndexFields.DUE_SORT, due == null ? Long.MAX_VALUE : due));
            doc.add(new Field(IndexFields.ACTION_ITEMS, ShardWriter.describe(item), ShardWriter.TEXT_WITH_OFFSETS));
            doc.add(new StoredField(IndexFields.ITEM, AvroBytes.encode(item)));
            doc.add(new StoredField(IndexFields.ITEM_TITLE, d.getTitle() == null ? d.getSourceUri() : d.getTitle()));
            doc.add(new StoredField(IndexFields.ITEM_SOURCE, d.getSourceUri()));
            out.add(doc);
        }
        return out;
    }

    private static Set<String> speakers(DocumentRecord d) {
        Set<String> speakers = new LinkedHashSet<>();
        for (Turn t : d.getTurns()) {
            if (t.getSpeaker() != null && !t.getSpeaker().isBlank()) {
                speakers.add(t.getSpeaker());
            }
        }
        return speakers;
    }

    /** The document's owners, speakers and due dates as filter terms (no facet values: facets count documents). */
    private static void addDocumentPeopleAndDues(Document doc, AnalyzedDocument analyzed) {
        Set<String> owners = new LinkedHashSet<>();
        for (ActionItem item : analyzed.getAnalysis().getActionItems()) {
            Owners.of(item.getOwner()).forEach(o -> owners.add(o.toLowerCase(Locale.ROOT)));
            Long due = epochDay(item.getDueDate());
            if (due != null) {
                doc.add(new LongPoint(IndexFields.DUE, due));
            }
        }
        owners.forEach(o -> doc.add(new StringField(IndexFields.OWNER, o, Field.Store.NO)));
        for (String s : speakers(analyzed.getDocument())) {
            doc.add(new StringField(IndexFields.SPEAKER, s.toLowerCase(Locale.ROOT), Field.Store.NO));
        }
    }

    private static Document child(DocumentRecord d, String entry) {
        Document doc = new Document();
        doc.add(new StringField(IndexFields.ENTRY, entry, Field.Store.NO));
        doc.add(new StringField(IndexFields.PARENT, d.getId(), Field.Store.YES));
        doc.add(new StringField(IndexFields.TYPE, d.getKind(), Field.Store.NO));
        doc.add(new StringField(IndexFields.COLLECTION, d.getCollection(), Field.Store.NO));
        if (d.getLanguage() != null) {
            doc.add(new StringField(IndexFields.LANGUAGE, d.getLanguage(), Field.Store.NO));
        }
        addFacet(doc, IndexFields.TYPE, d.getKind());
        addFacet(doc, IndexFields.LANGUAGE, d.getLanguage());
        addFacet(doc, IndexFields.COLLECTION, d.getCollection());
        addDate(doc, d);
        return doc;
    }

    private static void addFacet(Document doc, String dimension, String value) {
        if (value != null) {
            doc.add(new SortedSetDocValuesField(IndexFields.facetField(dimension), new BytesRef(value)));
        }
    }

    /** A person as a case-insensitive filter term and, as written, as a facet value. */
    private static void addPerson(Document doc, String field, String name) {
        doc.add(new StringField(field, name.toLowerCase(Locale.ROOT), Field.Store.YES));
        addFacet(doc, field, name);
    }

    private static void addDate(Document doc, DocumentRecord d) {
        Long day = epochDay(d.getDocumentDate());
        if (day == null) {
            Instant at = d.getIngestedAt();
            day = at == null ? null : at.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
        }
        if (day != null) {
            doc.add(new LongPoint(IndexFields.DATE, day));
            doc.add(new StoredField(IndexFields.DATE, LocalDate.ofEpochDay(day).toString()));
        }
    }

    /** The epoch day of an ISO date (or of the date part of an ISO date-time); null when absent or unreadable. */
    static Long epochDay(String iso) {
        if (iso == null || iso.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(iso.substring(0, 10)).toEpochDay();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
