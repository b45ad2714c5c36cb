package dev.precis.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;

/**
 * The facet values and due days of one segment's main entries, copied from its doc values into heap
 * arrays once, when the segment is first searched. A search's facet counts then walk the matching
 * documents once for all dimensions and the due buckets, reading plain arrays, instead of decoding five
 * doc-values fields through the memory-mapped file per document (which took about a third of a warmed-up
 * server's CPU at 100K documents). Segments never change, so a table lives as long as its segment.
 *
 * <p>Layout: each main entry's values, all dimensions in {@link IndexFields#FACETS} order, lie in
 * {@code values[start[doc]] .. values[start[doc + 1] - 1]} as slots: {@code slotBase[dim] + ord}, where
 * ord is the value's ordinal in the segment's doc values of that dimension. Due days (epoch days) lie the
 * same way in {@code dueDays}. Passages and action items hold nothing: facets count documents. Memory:
 * four bytes per Lucene document for each start array, four per value and due day, and the labels.
 */
final class FacetTable {
    private final String[][] labels;
    private final int[] slotBase;
    private final int[] start;
    private final int[] values;
    /** Null when the segment has no due-day doc values (written before they existed, or without due dates). */
    private final int[] dueStart;
    private final int[] dueDays;
    private final boolean countsDue;

    private FacetTable(String[][] labels, int[] slotBase, int[] start, int[] values, int[] dueStart, int[] dueDays,
            boolean countsDue) {
        this.labels = labels;
        this.slotBase = slotBase;
        this.start = start;
        this.values = values;
        this.dueStart = dueStart;
        this.dueDays = dueDays;
        this.countsDue = countsDue;
    }

    /** Reads a segment's table from its doc values. */
    static FacetTable read(LeafReader leaf) throws IOException {
        int maxDoc = leaf.maxDoc();
        boolean[] main = mainEntries(leaf);
        List<String> dims = IndexFields.FACETS;
        String[][] labels = new String[dims.size()][];
        int[] slotBase = new int[dims.size() + 1];
        int[] start = new int[maxDoc + 1];
        for (int i = 0; i < dims.size(); i++) {
            SortedSetDocValues dv = DocValues.getSortedSet(leaf, IndexFields.facetField(dims.get(i)));
            labels[i] = new String[Math.toIntExact(dv.getValueCount())];
            for (int ord = 0; ord < labels[i].length; ord++) {
                labels[i][ord] = dv.lookupOrd(ord).utf8ToString();
            }
            slotBase[i + 1] = slotBase[i] + labels[i].length;
            for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
                if (main[doc]) {
                    start[doc + 1] += dv.docValueCount();
                }
            }
        }
        int[] values = new int[prefixSum(start)];
        int[] next = java.util.Arrays.copyOf(start, maxDoc);
        for (int i = 0; i < dims.size(); i++) {
            SortedSetDocValues dv = DocValues.getSortedSet(leaf, IndexFields.facetField(dims.get(i)));
            for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
                if (main[doc]) {
                    for (int k = 0; k < dv.docValueCount(); k++) {
                        values[next[doc]++] = slotBase[i] + (int) dv.nextOrd();
                    }
                }
            }
        }

        int[] dueStart = null;
        int[] dueDays = null;
        if (leaf.getFieldInfos().fieldInfo(IndexFields.DUE_DAYS) != null) {
            dueStart = new int[maxDoc + 1];
            SortedNumericDocValues dv = DocValues.getSortedNumeric(leaf, IndexFields.DUE_DAYS);
            for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
                if (main[doc]) {
                    dueStart[doc + 1] = dv.docValueCount();
                }
            }
            dueDays = new int[prefixSum(dueStart)];
            dv = DocValues.getSortedNumeric(leaf, IndexFields.DUE_DAYS);
            for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
                if (main[doc]) {
                    for (int k = 0, at = dueStart[doc]; k < dv.docValueCount(); k++) {
                        dueDays[at + k] = Math.toIntExact(dv.nextValue());
                    }
                }
            }
        }
        boolean hasDuePoints = leaf.getFieldInfos().fieldInfo(IndexFields.DUE) != null;
        return new FacetTable(labels, slotBase, start, values, dueStart, dueDays, dueStart != null || !hasDuePoints);
    }

    /** Turns per-document counts (at index doc + 1) into start offsets; returns the total. */
    private static int prefixSum(int[] start) {
        for (int d = 1; d < start.length; d++) {
            start[d] += start[d - 1];
        }
        return start[start.length - 1];
    }

    /** Which documents of the segment are main entries ({@code entry:document}), live or not. */
    private static boolean[] mainEntries(LeafReader leaf) throws IOException {
        boolean[] main = new boolean[leaf.maxDoc()];
        PostingsEnum docs = leaf.postings(new Term(IndexFields.ENTRY, "document"), PostingsEnum.NONE);
        if (docs != null) {
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                main[doc] = true;
            }
        }
        return main;
    }

    /**
     * True when the table can count the segment's due buckets: it has due days, or the segment has no
     * due dates at all. A segment written before documents carried due-day doc values has only points.
     */
    boolean countsDue() {
        return countsDue;
    }

    /** Tables of the segments seen so far, each dropped when its segment closes. */
    static final class Cache {
        private final Map<IndexReader.CacheKey, FacetTable> tables = new ConcurrentHashMap<>();

        FacetTable get(LeafReader leaf) throws IOException {
            IndexReader.CacheHelper helper = leaf.getCoreCacheHelper();
            if (helper == null) {
                return read(leaf); // a reader without a stable core: nothing to key a table on
            }
            FacetTable t = tables.get(helper.getKey());
            if (t == null) {
                t = read(leaf);
                if (tables.putIfAbsent(helper.getKey(), t) == null) {
                    helper.addClosedListener(tables::remove);
                }
            }
            return t;
        }

        /** Number of tables held. */
        int size() {
            return tables.size();
        }

        /** Reads the tables of a reader's segments that are not read yet. */
        void warm(IndexReader reader) throws IOException {
            for (LeafReaderContext leaf : reader.leaves()) {
                get(leaf.reader());
            }
        }
    }

    /** The due buckets, in the order {@link Counts#due()} counts them. */
    static final List<String> DUE_BUCKETS = List.of("overdue", "this-week", "later");

    /** Facet counts of one search, added up one segment at a time. */
    static final class Counts {
        private final long today;
        private final List<Map<String, Long>> byDimension = new ArrayList<>();
        private final long[] due = new long[DUE_BUCKETS.size()];

        /** {@code today} as an epoch day: the reference of the due buckets. */
        Counts(long today) {
            this.today = today;
            for (int i = 0; i < IndexFields.FACETS.size(); i++) {
                byDimension.add(new HashMap<>());
            }
        }

        /**
         * Counts the documents of {@code docs} (ids of the table's segment, ascending): once per value they
         * hold in each dimension, and once per due bucket in which they have an item when the table has due days.
         */
        void add(FacetTable t, DocIdSetIterator docs) throws IOException {
            int[] slots = new int[t.slotBase[t.slotBase.length - 1]];
            int[] start = t.start;
            int[] values = t.values;
            int[] dueStart = t.dueStart;
            int[] days = t.dueDays;
            long t0 = today;
            long overdue = 0;
            long thisWeek = 0;
            long later = 0;
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                for (int v = start[doc], end = start[doc + 1]; v < end; v++) {
                    slots[values[v]]++;
                }
                if (dueStart != null && dueStart[doc] < dueStart[doc + 1]) {
                    // Days are ascending: the first says whether one is overdue, the last whether one is later.
                    int first = dueStart[doc];
                    int last = dueStart[doc + 1] - 1;
                    overdue += days[first] < t0 ? 1 : 0;
                    later += days[last] > t0 + 6 ? 1 : 0;
                    for (int k = first; k <= last; k++) {
                        if (days[k] >= t0 && days[k] <= t0 + 6) {
                            thisWeek++;
                            break;
                        }
                    }
                }
            }
            due[0] += overdue;
            due[1] += thisWeek;
            due[2] += later;
            for (int dim = 0; dim < t.labels.length; dim++) {
                Map<String, Long> counts = byDimension.get(dim);
                for (int ord = 0; ord < t.labels[dim].length; ord++) {
                    int n = slots[t.slotBase[dim] + ord];
                    if (n > 0) {
                        counts.merge(t.labels[dim][ord], (long) n, Long::sum);
                    }
                }
            }
        }

        /** Adds due-bucket counts found another way (segments without due days in their table). */
        void addDue(long[] counts) {
            for (int b = 0; b < due.length; b++) {
                due[b] += counts[b];
            }
        }

        /** Documents per due bucket, in {@link #DUE_BUCKETS} order. */
        long[] due() {
            return due.clone();
        }

        /**
         * The {@code n} most frequent values of each dimension, ties in the order of their UTF-8 bytes
         * (as Lucene's facet counts order them), keyed by dimension in {@link IndexFields#FACETS} order.
         */
        Map<String, List<SearchResult.FacetCount>> top(int n) {
            Comparator<Map.Entry<String, Long>> order = Map.Entry.<String, Long>comparingByValue().reversed()
                    .thenComparing(e -> new BytesRef(e.getKey()));
            Map<String, List<SearchResult.FacetCount>> out = new LinkedHashMap<>();
            for (int dim = 0; dim < IndexFields.FACETS.size(); dim++) {
                out.put(IndexFields.FACETS.get(dim), byDimension.get(dim).entrySet().stream()
                        .sorted(order)
                        .limit(n)
                        .map(e -> new SearchResult.FacetCount(e.getKey(), e.getValue()))
                        .toList());
            }
            return out;
        }
    }
}
