package dev.precis.index;

import dev.precis.index.vectors.CachingEmbedder;
import dev.precis.index.vectors.Embedder;
import dev.precis.index.vectors.MiniLmEmbedder;
import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.IngestFailure;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.StringDocValuesReaderState;
import org.apache.lucene.facet.StringValueFacetCounts;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;

/**
 * Searches every shard under an index folder as one index. Retrieval is hybrid: BM25 over title,
 * summary, key points, action items and text with per-field boosts, and kNN over summary and passage
 * embeddings, fused by reciprocal rank; one hit per document, with the best passages highlighted by the
 * UnifiedHighlighter. Facets, date and due-date filters, action items and documents by id all pass
 * through the caller's {@link Access} filter inside the Lucene query. {@link #refresh()} picks up
 * shards' new commits; searches running meanwhile finish on the searcher they started with.
 */
public final class IndexSearch implements Closeable {
    /** Snippet fields in the order a match is preferred: an action item or summary says most. */
    private static final String[] SNIPPET_FIELDS = {
        IndexFields.ACTION_ITEMS, IndexFields.SUMMARY, IndexFields.KEY_POINTS, IndexFields.TITLE, IndexFields.TEXT
    };
    /** Reciprocal-rank-fusion constant: the usual 60 keeps one list's top hit from swamping the others. */
    private static final int RRF_K = 60;
    /**
     * Candidates each retriever contributes to the fusion. Past rank 50 a list adds less than 1/110 to a
     * document's fused score against 1/61 for its first: deeper candidates only reorder documents that
     * neither list ranks well, while every candidate costs the kNN search and the facet pass.
     */
    private static final int CANDIDATES = 50;
    /** Passages the passage retriever returns per candidate: a document has several, and one list holds both. */
    private static final int PASSAGES_PER_CANDIDATE = 2;
    private static final int FACET_VALUES = 20;
    /**
     * Least cosine similarity for a vector-only candidate. kNN always returns its k nearest, however far;
     * below this MiniLM's neighbours share no topic with the query and would only pad the results.
     */
    static final float MIN_COSINE = 0.15f;
    /**
     * Least cosine similarity for a document that no query word matched to join a hybrid result: such
     * a document must be clearly about the query (unrelated MiniLM pairs reach about 0.2), so that a rare
     * word's search is not padded with documents that merely share its topic.
     */
    static final float MIN_COSINE_ALONE = 0.3f;

    private final ShardSearcherManager manager;
    private final Supplier<Embedder> embedder;
    private final Clock clock;
    private final Analyzer analyzer = IndexFields.analyzer();
    /** Runs a search's vector retrievers beside its words' retriever. */
    private final ExecutorService retrievers;
    /** The vector retrievers' accepted documents per segment and filter. */
    private final CachedFilterKnnQuery.Cache knnFilters = new CachedFilterKnnQuery.Cache();
    /** Facet values of the segments, read once per segment. */
    private final FacetTable.Cache facetTables = new FacetTable.Cache();
    /** Action-item owners' facet ordinals over the current searcher's shards. */
    private volatile OwnerFacetState ownerFacetState;

    private IndexSearch(ShardSearcherManager manager, Supplier<Embedder> embedder, Clock clock) {
        this.manager = manager;
        this.embedder = embedder;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.retrievers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "precis-retriever-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens all shards ({@code shard-*} folders holding a committed index) under {@code indexRoot}; queries
     * are embedded with MiniLM (loaded on the first query that needs it) and the last 1024 are remembered.
     */
    public static IndexSearch open(Path indexRoot) throws IOException {
        Embedder[] loaded = new Embedder[1];
        Supplier<Embedder> lazy = () -> {
            synchronized (loaded) {
                if (loaded[0] == null) {
                    loaded[0] = new CachingEmbedder(MiniLmEmbedder.shared(), 1024);
                }
                return loaded[0];
            }
        };
        return open(indexRoot, lazy, Clock.systemDefaultZone());
    }

    /** As {@link #open(Path)}, embedding queries with {@code embedder} and taking "today" from {@code clock}. */
    public static IndexSearch open(Path indexRoot, Supplier<Embedder> embedder, Clock clock) throws IOException {
        return new IndexSearch(new ShardSearcherManager(indexRoot), embedder, clock);
    }

    /**
     * Picks up new commits of the shards (and new shards); true when something changed. The facet
     * ordinals of the new searcher are built here, so that no search request waits for them.
     */
    public boolean refresh() throws IOException {
        IndexSearcher before = manager.acquire();
        try {
            manager.maybeRefreshBlocking();
            IndexSearcher after = manager.acquire();
            try {
                if (after != before) {
                    facetTables.warm(after.getIndexReader());
                    ownerFacetState(after.getIndexReader());
                }
                return after != before;
            } finally {
                manager.release(after);
            }
        } finally {
            manager.release(before);
        }
    }

    /** Today by this searcher's clock: the reference for overdue and due-this-week. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** "overdue", "this-week", "later" or "no-date" for an item, as of {@link #today()}. */
    public String status(ActionItem item) {
        return status(item, today());
    }

    /** Number of analysed documents in the index. */
    public int documentCount() throws IOException {
        return withSearcher(s -> s.count(documentsOnly(new MatchAllDocsQuery())));
    }

    /** Number of analysed documents a caller may read. */
    public int documentCount(Access access) throws IOException {
        return withSearcher(s -> s.count(and(documentsOnly(new MatchAllDocsQuery()), access.filter())));
    }

    /** Number of shards searched. */
    public int shardCount() throws IOException {
        return withSearcher(s -> s.getIndexReader().getContext().children().size());
    }

    /** Number of index segments over all shards: every query pays a term lookup and a graph search in each. */
    public int segmentCount() throws IOException {
        return withSearcher(s -> s.getIndexReader().leaves().size());
    }

    /** Number of failure records in the index. */
    public int failureCount() throws IOException {
        return withSearcher(s -> s.count(new TermQuery(new Term(IndexFields.TYPE, "failure"))));
    }

    /** A hybrid search of every collection, as the command line's default. */
    public List<SearchHit> search(String queryText, int limit) throws IOException {
        if (queryText == null || queryText.isBlank()) {
            throw new IllegalArgumentException("the query is empty: give some words to search for");
        }
        return search(SearchRequest.of(queryText, limit)).hits();
    }

    public SearchResult search(SearchRequest request) throws IOException {
        return withSearcher(s -> search(s, request));
    }

    private SearchResult search(IndexSearcher searcher, SearchRequest request) throws IOException {
        LocalDate today = LocalDate.now(clock);
        Query parsed = request.query().isEmpty() ? null : CommonWords.optional(searcher.getIndexReader(), parse(request.query(), today));
        Query filters = filters(request, today, parsed);
        int depth = Math.max(CANDIDATES, request.offset() + request.limit());

        // The vector retrievers (embedding the query, then kNN) run beside the words' retriever.
        String plain = parsed == null ? "" : PrecisQueryParser.plainText(request.query());
        Future<TopDocs[]> nearest = null;
        if (request.mode() != SearchRequest.Mode.BM25 && !plain.isEmpty()) {
            Query passageFilter = filtersFor("passage", request, today, parsed);
            nearest = retrievers.submit(() -> {
                float[] qv = embedder.get().embed(plain);
                return new TopDocs[] {
                    searcher.search(new CachedFilterKnnQuery(IndexFields.SUMMARY_VECTOR, qv, depth, filters, knnFilters), depth),
                    searcher.search(new CachedFilterKnnQuery(IndexFields.PASSAGE_VECTOR, qv, PASSAGES_PER_CANDIDATE * depth,
                            passageFilter, knnFilters), PASSAGES_PER_CANDIDATE * depth)
                };
            });
        }

        // One ranked list per retriever, as document ids in rank order.
        List<List<String>> lists = new ArrayList<>();
        Map<String, Integer> entryOf = new HashMap<>(); // document id -> its main entry, where a retriever found it
        List<String> listNames = new ArrayList<>();
        Query textQuery = parsed == null ? null : and(parsed, filters);
        if (request.mode() != SearchRequest.Mode.VECTOR || parsed == null) {
            Query q = textQuery != null ? textQuery : filters;
            try {
                TopDocs top = parsed == null
                        ? searcher.search(q, depth, Sort.INDEXORDER)
                        : searcher.search(q, depth);
                lists.add(ids(searcher, top, entryOf));
            } catch (IOException | RuntimeException e) {
                if (nearest != null) {
                    nearest.cancel(true); // it must not outlive the searcher it uses
                }
                throw e;
            }
            listNames.add("bm25");
        }
        Map<String, Integer> bestPassage = new HashMap<>();
        Map<String, String> vectorSource = new HashMap<>();
        if (nearest != null) {
            TopDocs[] found = await(nearest);
            Map<String, Float> similarity = new HashMap<>();
            List<String> meaning = byMeaning(searcher, found[0], found[1], bestPassage, vectorSource, similarity, entryOf);
            if (!lists.isEmpty() && parsed != null) {
                java.util.Set<String> byWords = new java.util.HashSet<>(lists.get(0));
                meaning.removeIf(id -> !byWords.contains(id) && similarity.get(id) < (1 + MIN_COSINE_ALONE) / 2);
            }
            lists.add(meaning);
            listNames.add("vector");
        }

        // Reciprocal rank fusion: each list adds 1 / (k + rank) to the documents it holds.
        Map<String, Float> fused = new LinkedHashMap<>();
        Map<String, List<String>> matchedBy = new HashMap<>();
        for (int l = 0; l < lists.size(); l++) {
            List<String> ids = lists.get(l);
            for (int rank = 0; rank < ids.size(); rank++) {
                String id = ids.get(rank);
                fused.merge(id, 1f / (RRF_K + rank + 1), Float::sum);
                matchedBy.computeIfAbsent(id, k -> new ArrayList<>()).add(listNames.get(l).equals("vector") ? vectorSource.get(id) : "bm25");
            }
        }
        List<Map.Entry<String, Float>> ranked = new ArrayList<>(fused.entrySet());
        ranked.sort(Map.Entry.<String, Float>comparingByValue().reversed());
        List<Map.Entry<String, Float>> page = ranked.subList(Math.min(request.offset(), ranked.size()),
                Math.min(request.offset() + request.limit(), ranked.size()));

        // The page's hits (highlights, stored fields) are read beside the pass that counts the facets.
        Future<List<SearchHit>> pageHits = retrievers.submit(() -> hits(searcher, page, parsed, filters, entryOf, bestPassage, matchedBy));
        Map<String, List<SearchResult.FacetCount>> facets;
        long total = 0;
        try {
            // One pass over everything found gives both the total and the facet counts.
            Query resultSet = resultSet(textQuery, filters, fused);
            FacetsCollector found = searcher.search(resultSet, new FacetsCollectorManager());
            for (FacetsCollector.MatchingDocs m : found.getMatchingDocs()) {
                total += m.totalHits;
            }
            facets = facets(searcher, found, today);
        } catch (IOException | RuntimeException e) {
            pageHits.cancel(true); // it must not outlive the searcher it uses
            throw e;
        }
        List<SearchHit> hits = await(pageHits);
        return new SearchResult(total, hits, facets);
    }

    /** Documents the query found by words, or by meaning among its vector candidates. */
    private static Query resultSet(Query textQuery, Query filters, Map<String, Float> fused) {
        if (textQuery == null) {
            return filters;
        }
        List<BytesRef> ids = fused.keySet().stream().map(BytesRef::new).toList();
        Query either = new BooleanQuery.Builder()
                .add(textQuery, BooleanClause.Occur.SHOULD)
                .add(new TermInSetQuery(IndexFields.ID, ids), BooleanClause.Occur.SHOULD)
                .build();
        return and(either, filters);
    }

    /**
     * The page's hits with highlights. {@code words} is the parsed query alone: the highlighter asks it which
     * terms matched where in each field, and the access and facet filters have nothing to mark.
     */
    private List<SearchHit> hits(IndexSearcher searcher, List<Map.Entry<String, Float>> page, Query words, Query filters,
            Map<String, Integer> entryOf, Map<String, Integer> bestPassage, Map<String, List<String>> matchedBy) throws IOException {
        int[] docIds = new int[page.size()];
        for (int i = 0; i < page.size(); i++) {
            Integer known = entryOf.get(page.get(i).getKey());
            if (known != null) {
                docIds[i] = known;
                continue;
            }
            TopDocs one = searcher.search(and(new TermQuery(new Term(IndexFields.ID, page.get(i).getKey())), filters), 1);
            docIds[i] = one.scoreDocs.length == 0 ? -1 : one.scoreDocs[0].doc;
        }
        Map<String, String[]> highlights = Map.of();
        if (words != null && page.size() > 0) {
            // Matched terms are found from the query's terms per field, not from the whole query's Matches:
            // those build the weight of every field's clauses for every hit and field highlighted (a tenth
            // of a warmed-up server's CPU at 100K documents). A phrase's words are then marked one by one,
            // still only where the phrase occurs.
            UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                    .withFormatter(new DefaultPassageFormatter("<b>", "</b>", " … ", true))
                    .withMaxNoHighlightPassages(0)
                    .withMaxLength(2_000_000)
                    .withWeightMatches(false)
                    .build();
            int[] passages = new int[SNIPPET_FIELDS.length];
            Arrays.fill(passages, 1);
            passages[SNIPPET_FIELDS.length - 1] = 2;
            highlights = highlighter.highlightFields(SNIPPET_FIELDS, words, Arrays.stream(docIds).map(d -> Math.max(d, 0)).toArray(), passages);
        }
        StoredFields stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            if (docIds[i] < 0) {
                continue; // replaced by a refresh between the retrievers and this lookup
            }
            Document doc = stored.document(docIds[i]);
            String id = doc.get(IndexFields.ID);
            List<SearchHit.Highlight> marked = new ArrayList<>();
            for (String f : SNIPPET_FIELDS) {
                String[] h = highlights.get(f);
                if (h != null && h[i] != null && h[i].contains("<b>")) {
                    marked.add(new SearchHit.Highlight(f, h[i]));
                }
            }
            SearchHit.Passage passage = bestPassage.containsKey(id) ? passage(searcher, bestPassage.get(id)) : null;
            String snippet;
            String field;
            if (!marked.isEmpty()) {
                snippet = marked.get(0).html();
                field = marked.get(0).field();
            } else if (passage != null) {
                snippet = escape(abbreviate(passage.text(), 300));
                field = "passage";
            } else {
                snippet = escape(abbreviate(doc.get(IndexFields.SUMMARY), 300));
                field = IndexFields.SUMMARY;
            }
            hits.add(new SearchHit(id, doc.get(IndexFields.TITLE), doc.get(IndexFields.SOURCE), doc.get(IndexFields.TYPE),
                    page.get(i).getValue(), snippet, field, doc.get(IndexFields.COLLECTION), doc.get(IndexFields.LANGUAGE),
                    doc.get(IndexFields.DATE), marked, passage, matchedBy.getOrDefault(id, List.of())));
        }
        return hits;
    }

    /** How many of one segment's collected documents {@code q} also matches. */
    private static long intersection(IndexSearcher searcher, Query q, FacetsCollector.MatchingDocs m) throws IOException {
        Scorer scorer = searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f).scorer(m.context);
        if (scorer == null) {
            return 0;
        }
        DocIdSetIterator a = m.bits.iterator();
        DocIdSetIterator b = scorer.iterator();
        long n = 0;
        int x = a.nextDoc();
        int y = b.nextDoc();
        while (x != DocIdSetIterator.NO_MORE_DOCS && y != DocIdSetIterator.NO_MORE_DOCS) {
            if (x == y) {
                n++;
                x = a.nextDoc();
                y = b.nextDoc();
            } else if (x < y) {
                x = a.advance(y);
            } else {
                y = b.advance(x);
            }
        }
        return n;
    }

    /** Facet counts (per dimension, most frequent first) over the documents a search found. */
    public Map<String, List<SearchResult.FacetCount>> facets(SearchRequest request) throws IOException {
        return search(new SearchRequest(request.query(), request.filters(), request.from(), request.to(), request.due(),
                request.mode(), 0, 1, request.access())).facets();
    }

    /**
     * Facet counts over the documents a search found, from the segments' {@link FacetTable}s in one walk
     * per segment. A segment written before documents carried due-day doc values has its due buckets
     * counted from the due-date points instead.
     */
    private Map<String, List<SearchResult.FacetCount>> facets(IndexSearcher searcher, FacetsCollector fc, LocalDate today)
            throws IOException {
        FacetTable.Counts counts = new FacetTable.Counts(today.toEpochDay());
        for (FacetsCollector.MatchingDocs m : fc.getMatchingDocs()) {
            if (m.totalHits == 0) {
                continue;
            }
            FacetTable table = facetTables.get(m.context.reader());
            counts.add(table, m.bits.iterator());
            if (!table.countsDue()) {
                long[] fromPoints = new long[FacetTable.DUE_BUCKETS.size()];
                for (int b = 0; b < fromPoints.length; b++) {
                    fromPoints[b] = intersection(searcher, dueQuery(FacetTable.DUE_BUCKETS.get(b), today), m);
                }
                counts.addDue(fromPoints);
            }
        }
        Map<String, List<SearchResult.FacetCount>> out = counts.top(FACET_VALUES);
        long[] buckets = counts.due();
        List<SearchResult.FacetCount> due = new ArrayList<>();
        for (int b = 0; b < buckets.length; b++) {
            if (buckets[b] > 0) {
                due.add(new SearchResult.FacetCount(FacetTable.DUE_BUCKETS.get(b), buckets[b]));
            }
        }
        out.put("due", due);
        return out;
    }

    /** Action items a caller may read: optionally matching words, owned by someone, due in a bucket; soonest due first. */
    public List<ActionItemHit> actionItems(String queryText, List<String> owners, String due, Access access, int limit)
            throws IOException {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit " + limit + " is out of range: use 1 to 500");
        }
        if (queryText != null && queryText.length() > SearchRequest.MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("the query has " + queryText.length() + " characters, over the limit of "
                    + SearchRequest.MAX_QUERY_CHARS + ": shorten it");
        }
        if (due != null && !List.of("overdue", "this-week", "later", "no-date").contains(due)) {
            throw new IllegalArgumentException("due '" + due + "' is not one of overdue, this-week, later, no-date");
        }
        LocalDate today = LocalDate.now(clock);
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.ENTRY, "action_item")), BooleanClause.Occur.FILTER)
                .add(access.filter(), BooleanClause.Occur.FILTER);
        if (owners != null && !owners.isEmpty()) {
            b.add(anyOf(IndexFields.OWNER, owners.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList()), BooleanClause.Occur.FILTER);
        }
        if ("no-date".equals(due)) {
            b.add(LongPoint.newRangeQuery(IndexFields.DUE, Long.MIN_VALUE, Long.MAX_VALUE), BooleanClause.Occur.MUST_NOT);
            b.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
        } else if (due != null) {
            b.add(dueQuery(due, today), BooleanClause.Occur.FILTER);
        }
        boolean byWords = queryText != null && !queryText.isBlank();
        if (byWords) {
            b.add(parse(queryText, today), BooleanClause.Occur.MUST);
        }
        Query q = b.build();
        return withSearcher(searcher -> {
            TopDocs top = byWords ? searcher.search(q, limit)
                    : searcher.search(q, limit, new Sort(new SortField(IndexFields.DUE_SORT, SortField.Type.LONG)));
            StoredFields stored = searcher.storedFields();
            List<ActionItemHit> out = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc);
                ActionItem item = AvroBytes.decode(d.getBinaryValue(IndexFields.ITEM).bytes, ActionItem.class);
                out.add(new ActionItemHit(d.get(IndexFields.PARENT), d.get(IndexFields.ITEM_TITLE), d.get(IndexFields.ITEM_SOURCE),
                        item, status(item, today)));
            }
            return out;
        });
    }

    /** Owners of the action items a caller may read, with how many items each owes. */
    public List<SearchResult.FacetCount> actionItemOwners(Access access) throws IOException {
        Query q = and(new TermQuery(new Term(IndexFields.ENTRY, "action_item")), access.filter());
        return withSearcher(searcher -> {
            FacetsCollector fc = searcher.search(q, new FacetsCollectorManager());
            StringDocValuesReaderState state = ownerFacetState(searcher.getIndexReader()).state;
            List<SearchResult.FacetCount> out = new ArrayList<>();
            if (state != null) {
                FacetResult r = new StringValueFacetCounts(state, fc).getTopChildren(100, IndexFields.facetField(IndexFields.OWNER));
                if (r != null) {
                    for (LabelAndValue lv : r.labelValues) {
                        out.add(new SearchResult.FacetCount(lv.label, lv.value.longValue()));
                    }
                }
            }
            return out;
        });
    }

    /** One document with its full text, when it exists and the caller may read its collection. */
    public Optional<DocumentView> document(String id, Access access) throws IOException {
        if (id == null || id.isEmpty() || id.length() > 200) {
            throw new IllegalArgumentException("a document id has 1 to 200 characters");
        }
        Query q = and(documentsOnly(new TermQuery(new Term(IndexFields.ID, id))), access.filter());
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(q, 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            Document d = searcher.storedFields().document(top.scoreDocs[0].doc);
            AnalyzedDocument record = AvroBytes.decode(d.getBinaryValue(IndexFields.RECORD).bytes, AnalyzedDocument.class);
            return Optional.of(new DocumentView(record, d.get(IndexFields.TEXT), d.get(IndexFields.DATE)));
        });
    }

    /** Every analysed document in the index, for listings and for rebuilding views. */
    public List<AnalyzedDocument> documents() throws IOException {
        return withSearcher(searcher -> {
            List<AnalyzedDocument> out = new ArrayList<>();
            TopDocs all = searcher.search(documentsOnly(new MatchAllDocsQuery()), Math.max(1, searcher.getIndexReader().numDocs()));
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : all.scoreDocs) {
                Document doc = stored.document(sd.doc);
                out.add(AvroBytes.decode(doc.getBinaryValue(IndexFields.RECORD).bytes, AnalyzedDocument.class));
            }
            return out;
        });
    }

    /** Every failure recorded in the index. */
    public List<IngestFailure> failures() throws IOException {
        return withSearcher(searcher -> {
            List<IngestFailure> out = new ArrayList<>();
            TopDocs all = searcher.search(new TermQuery(new Term(IndexFields.TYPE, "failure")), Math.max(1, searcher.getIndexReader().numDocs()));
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : all.scoreDocs) {
                out.add(AvroBytes.decode(stored.document(sd.doc).getBinaryValue(IndexFields.FAILURE).bytes, IngestFailure.class));
            }
            return out;
        });
    }

    private Query parse(String text, LocalDate today) {
        PrecisQueryParser parser = new PrecisQueryParser(analyzer, today);
        try {
            return parser.parse(text);
        } catch (ParseException | IndexSearcher.TooManyClauses e) {
            throw new IllegalArgumentException("cannot parse the query '" + text + "': " + firstLine(e.getMessage())
                    + ". Quote phrases with \"…\" and escape special characters (+ - ! ( ) : ^ [ ] { } ~ * ?) with \\", e);
        }
    }

    /** Everything a document must satisfy besides the words: access, facet filters, dates, the query's own filter clauses. */
    private Query filters(SearchRequest request, LocalDate today, Query parsed) {
        return filtersFor("document", request, today, parsed);
    }

    private static Query filtersFor(String entry, SearchRequest request, LocalDate today, Query parsed) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(IndexFields.ENTRY, entry)), BooleanClause.Occur.FILTER);
        b.add(request.access().filter(), BooleanClause.Occur.FILTER);
        for (Map.Entry<String, List<String>> f : request.filters().entrySet()) {
            if (f.getValue().isEmpty()) {
                continue;
            }
            boolean person = f.getKey().equals(IndexFields.OWNER) || f.getKey().equals(IndexFields.SPEAKER);
            List<String> values = person ? f.getValue().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList() : f.getValue();
            b.add(anyOf(f.getKey(), values), BooleanClause.Occur.FILTER);
        }
        if (request.from() != null || request.to() != null) {
            long lo = request.from() == null ? Long.MIN_VALUE : request.from().toEpochDay();
            long hi = request.to() == null ? Long.MAX_VALUE : request.to().toEpochDay();
            b.add(LongPoint.newRangeQuery(IndexFields.DATE, lo, hi), BooleanClause.Occur.FILTER);
        }
        if (request.due() != null) {
            b.add(dueQuery(request.due(), today), BooleanClause.Occur.FILTER);
        }
        // The query's own filter clauses (owner:alice beside words) narrow the vector retrievers too;
        // a query of filters only is a filter as a whole.
        if (parsed != null) {
            if (PrecisQueryParser.isFilterOnly(parsed)) {
                b.add(parsed, BooleanClause.Occur.FILTER);
            } else if (parsed instanceof BooleanQuery bq) {
                for (BooleanClause c : bq.clauses()) {
                    if (c.getOccur() == BooleanClause.Occur.FILTER
                            || c.getOccur() == BooleanClause.Occur.MUST_NOT && PrecisQueryParser.isFilterOnly(c.getQuery())) {
                        b.add(c.getQuery(), c.getOccur());
                    }
                }
            }
        }
        return b.build();
    }

    private static Query dueQuery(String bucket, LocalDate today) {
        long t = today.toEpochDay();
        return switch (bucket) {
            case "overdue" -> LongPoint.newRangeQuery(IndexFields.DUE, Long.MIN_VALUE, t - 1);
            case "this-week" -> LongPoint.newRangeQuery(IndexFields.DUE, t, t + 6);
            case "later" -> LongPoint.newRangeQuery(IndexFields.DUE, t + 7, Long.MAX_VALUE);
            default -> throw new IllegalArgumentException("due '" + bucket + "' is not one of overdue, this-week, later");
        };
    }

    private static String status(ActionItem item, LocalDate today) {
        Long day = SearchEntries.epochDay(item.getDueDate());
        if (day == null) {
            return "no-date";
        }
        long t = today.toEpochDay();
        return day < t ? "overdue" : day <= t + 6 ? "this-week" : "later";
    }

    private static Query anyOf(String field, List<String> values) {
        return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
    }

    private static Query and(Query q, Query filter) {
        return new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST).add(filter, BooleanClause.Occur.FILTER).build();
    }

    /** {@code q} among documents' main entries only (not their passages and action items, not failures). */
    private static Query documentsOnly(Query q) {
        return new BooleanQuery.Builder()
                .add(q, BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(IndexFields.ENTRY, "document")), BooleanClause.Occur.FILTER)
                .build();
    }

    /** Lucene scores a dot-product match as (1 + cosine) / 2. */
    private static boolean closeEnough(ScoreDoc sd) {
        return sd.score >= (1 + MIN_COSINE) / 2;
    }

    private static TopDocs closeEnough(TopDocs top) {
        return new TopDocs(top.totalHits, Arrays.stream(top.scoreDocs).filter(IndexSearch::closeEnough).toArray(ScoreDoc[]::new));
    }

    /** The document ids of main entries, in rank order; remembers each one's entry in {@code entryOf}. */
    private static List<String> ids(IndexSearcher searcher, TopDocs top, Map<String, Integer> entryOf) throws IOException {
        List<String> out = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc sd : top.scoreDocs) {
            String id = idValue(searcher, sd.doc);
            entryOf.putIfAbsent(id, sd.doc);
            out.add(id);
        }
        return out;
    }

    /** The document id of an entry (its own, or its document's for a passage) from doc values. */
    private static String idValue(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        SortedDocValues values = DocValues.getSorted(leaf.reader(), IndexFields.ID_VALUE);
        if (!values.advanceExact(doc - leaf.docBase)) {
            throw new IllegalStateException("index entry " + doc + " has no id value: rebuild the index");
        }
        return values.lookupOrd(values.ordValue()).utf8ToString();
    }

    /**
     * Documents by their closest vector, summary or passage, best first, each once. One list rather than
     * one per vector field: a meeting's summary is one more passage of it, and two lists would give
     * meaning two votes against the words' one in the fusion. Remembers each document's best passage,
     * whether the summary or a passage was closest, and its score.
     */
    private static List<String> byMeaning(IndexSearcher searcher, TopDocs summaries, TopDocs passages, Map<String, Integer> best,
            Map<String, String> source, Map<String, Float> similarity, Map<String, Integer> entryOf) throws IOException {
        record Candidate(int doc, float score, boolean summary) {}
        List<Candidate> all = new ArrayList<>();
        for (ScoreDoc sd : closeEnough(summaries).scoreDocs) {
            all.add(new Candidate(sd.doc, sd.score, true));
        }
        for (ScoreDoc sd : closeEnough(passages).scoreDocs) {
            all.add(new Candidate(sd.doc, sd.score, false));
        }
        all.sort(Comparator.comparingDouble((Candidate c) -> c.score()).reversed());
        List<String> out = new ArrayList<>();
        for (Candidate c : all) {
            String id = idValue(searcher, c.doc());
            if (c.summary()) {
                entryOf.putIfAbsent(id, c.doc());
            }
            if (!c.summary() && !best.containsKey(id)) {
                best.put(id, c.doc());
            }
            if (!source.containsKey(id)) {
                source.put(id, c.summary() ? "summary" : "passage");
                similarity.put(id, c.score());
                out.add(id);
            }
        }
        return out;
    }

    private static SearchHit.Passage passage(IndexSearcher searcher, int doc) throws IOException {
        Document d = searcher.storedFields().document(doc);
        Number time = d.getField(IndexFields.PASSAGE_TIME) == null ? null : d.getField(IndexFields.PASSAGE_TIME).numericValue();
        return new SearchHit.Passage(d.get(IndexFields.PASSAGE_TEXT), d.getField(IndexFields.PASSAGE_START).numericValue().intValue(),
                d.get(IndexFields.PASSAGE_SPEAKER), time == null ? null : time.longValue());
    }

    /** The owners' facet reader state is built once per searcher (it maps each shard's ordinals to global ones). */
    private OwnerFacetState ownerFacetState(IndexReader reader) throws IOException {
        OwnerFacetState s = ownerFacetState;
        if (s == null || s.reader != reader) {
            s = new OwnerFacetState(reader, new StringDocValuesReaderState(reader, IndexFields.facetField(IndexFields.OWNER)));
            ownerFacetState = s;
        }
        return s;
    }

    private record OwnerFacetState(IndexReader reader, StringDocValuesReaderState state) {}

    /** The result of a retriever run in the background, its failure rethrown as this thread's. */
    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while searching", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    private interface SearcherWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) throws IOException {
        IndexSearcher s = manager.acquire();
        try {
            return work.run(s);
        } finally {
            manager.release(s);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).strip();
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }

    private static String abbreviate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() throws IOException {
        retrievers.shutdown();
        manager.close();
    }
}
