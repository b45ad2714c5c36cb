package dev.precis.index;

import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.IngestFailure;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Reads every shard under an index folder as one index: BM25 search over title, summary, key points,
 * action items and text with per-field boosts, and highlighted snippets from the UnifiedHighlighter.
 */
public final class IndexSearch implements Closeable {
    /** Snippet fields in the order a match is preferred: an action item or summary says most. */
    private static final String[] SNIPPET_FIELDS = {
        IndexFields.ACTION_ITEMS, IndexFields.SUMMARY, IndexFields.KEY_POINTS, IndexFields.TITLE, IndexFields.TEXT
    };
    private static final int MAX_QUERY_CHARS = 1000;

    private final IndexReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = IndexFields.analyzer();

    private IndexSearch(IndexReader reader) {
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
    }

    /** Opens all shards ({@code shard-*} folders holding a committed index) under {@code indexRoot}. */
    public static IndexSearch open(Path indexRoot) throws IOException {
        List<IndexReader> readers = new ArrayList<>();
        if (Files.isDirectory(indexRoot)) {
            try (Stream<Path> shards = Files.list(indexRoot)) {
                for (Path shard : shards.filter(p -> p.getFileName().toString().startsWith("shard-") && Files.isDirectory(p)).sorted().toList()) {
                    Directory dir = FSDirectory.open(shard);
                    if (DirectoryReader.indexExists(dir)) {
                        readers.add(DirectoryReader.open(dir));
                    }
                }
            }
        }
        return new IndexSearch(new MultiReader(readers.toArray(IndexReader[]::new), true));
    }

    /** Number of analysed documents in the index. */
    public int documentCount() throws IOException {
        return searcher.count(documentsOnly(new MatchAllDocsQuery()));
    }

    /** Number of failure records in the index. */
    public int failureCount() throws IOException {
        return searcher.count(new TermQuery(new Term(IndexFields.TYPE, "failure")));
    }

    public List<SearchHit> search(String queryText, int limit) throws IOException {
        if (queryText == null || queryText.isBlank()) {
            throw new IllegalArgumentException("the query is empty: give some words to search for");
        }
        if (queryText.length() > MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("the query has " + queryText.length() + " characters, over the limit of "
                    + MAX_QUERY_CHARS + ": shorten it");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit " + limit + " is out of range: use 1 to 1000");
        }
        Query query = documentsOnly(parse(queryText));
        TopDocs top = searcher.search(query, limit);
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new DefaultPassageFormatter("<b>", "</b>", " … ", true))
                .withMaxNoHighlightPassages(0)
                .withMaxLength(2_000_000)
                .build();
        int[] passages = new int[SNIPPET_FIELDS.length];
        java.util.Arrays.fill(passages, 1);
        Map<String, String[]> highlights = highlighter.highlightFields(SNIPPET_FIELDS, query, top, passages);
        StoredFields stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>();
        for (int i = 0; i < top.scoreDocs.length; i++) {
            ScoreDoc sd = top.scoreDocs[i];
            Document doc = stored.document(sd.doc);
            String snippet = null;
            String field = null;
            for (String f : SNIPPET_FIELDS) {
                String h = highlights.get(f)[i];
                if (h != null && h.contains("<b>")) {
                    snippet = h;
                    field = f;
                    break;
                }
            }
            if (snippet == null) {
                snippet = escape(abbreviate(doc.get(IndexFields.SUMMARY), 300));
                field = IndexFields.SUMMARY;
            }
            hits.add(new SearchHit(doc.get(IndexFields.ID), doc.get(IndexFields.TITLE), doc.get(IndexFields.SOURCE),
                    doc.get(IndexFields.TYPE), sd.score, snippet, field));
        }
        return hits;
    }

    /** Every analysed document in the index, for listings and for rebuilding views. */
    public List<AnalyzedDocument> documents() throws IOException {
        List<AnalyzedDocument> out = new ArrayList<>();
        TopDocs all = searcher.search(documentsOnly(new MatchAllDocsQuery()), Math.max(1, reader.numDocs()));
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc sd : all.scoreDocs) {
            Document doc = stored.document(sd.doc);
            out.add(AvroBytes.decode(doc.getBinaryValue(IndexFields.RECORD).bytes, AnalyzedDocument.class));
        }
        return out;
    }

    /** Every failure recorded in the index. */
    public List<IngestFailure> failures() throws IOException {
        List<IngestFailure> out = new ArrayList<>();
        TopDocs all = searcher.search(new TermQuery(new Term(IndexFields.TYPE, "failure")), Math.max(1, reader.numDocs()));
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc sd : all.scoreDocs) {
            out.add(AvroBytes.decode(stored.document(sd.doc).getBinaryValue(IndexFields.FAILURE).bytes, IngestFailure.class));
        }
        return out;
    }

    private Query parse(String text) {
        MultiFieldQueryParser parser = new MultiFieldQueryParser(
                IndexFields.SEARCH_BOOSTS.keySet().toArray(String[]::new), analyzer, IndexFields.SEARCH_BOOSTS);
        parser.setDefaultOperator(QueryParser.Operator.OR);
        parser.setSplitOnWhitespace(true);
        try {
            return parser.parse(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot parse the query '" + text + "': " + firstLine(e.getMessage())
                    + ". Quote phrases with \"…\" and escape special characters (+ - ! ( ) : ^ [ ] { } ~ * ?) with \\", e);
        }
    }

    private static Query documentsOnly(Query q) {
        return new BooleanQuery.Builder()
                .add(q, BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(IndexFields.TYPE, "failure")), BooleanClause.Occur.MUST_NOT)
                .build();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String abbreviate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
