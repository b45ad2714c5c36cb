package dev.precis.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.store.FSDirectory;

/**
 * One searcher over every shard of an index that follows the shards' commits: a refresh reopens the
 * shards that changed (and opens shards that appeared), keeping the others, and searches still running
 * on the previous searcher finish on it before it is closed.
 */
final class ShardSearcherManager extends ReferenceManager<IndexSearcher> {
    private final Path indexRoot;
    /**
     * Searches the index's slices (groups of segments) side by side, and the kNN queries their segments:
     * one query then uses every core, which is what its latency needs when few clients search at once.
     */
    private final ExecutorService slices;

    ShardSearcherManager(Path indexRoot) throws IOException {
        this.indexRoot = indexRoot;
        AtomicInteger n = new AtomicInteger();
        this.slices = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "precis-search-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        current = newSearcher(open(Map.of()));
    }

    @Override
    protected void afterClose() {
        slices.shutdown();
    }

    @Override
    protected void decRef(IndexSearcher reference) throws IOException {
        reference.getIndexReader().decRef();
    }

    @Override
    protected IndexSearcher refreshIfNeeded(IndexSearcher old) throws IOException {
        Map<Path, DirectoryReader> previous = new HashMap<>();
        for (var leafOwner : ((MultiReader) old.getIndexReader()).getContext().children()) {
            DirectoryReader r = (DirectoryReader) leafOwner.reader();
            previous.put(((FSDirectory) r.directory()).getDirectory(), r);
        }
        Map<Path, DirectoryReader> next = open(previous);
        boolean changed = next.size() != previous.size();
        for (Map.Entry<Path, DirectoryReader> e : next.entrySet()) {
            changed |= previous.get(e.getKey()) != e.getValue();
        }
        if (!changed) {
            return null;
        }
        return newSearcher(next);
    }

    @Override
    protected boolean tryIncRef(IndexSearcher reference) {
        return reference.getIndexReader().tryIncRef();
    }

    @Override
    protected int getRefCount(IndexSearcher reference) {
        return reference.getIndexReader().getRefCount();
    }

    /**
     * Readers for every committed shard: the previous reader when its shard has not changed, a reopened
     * or new one otherwise. Each returned reader carries one reference that {@link #newSearcher} hands over.
     */
    private Map<Path, DirectoryReader> open(Map<Path, DirectoryReader> previous) throws IOException {
        Map<Path, DirectoryReader> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(indexRoot)) {
            return out;
        }
        List<Path> shards;
        try (Stream<Path> s = Files.list(indexRoot)) {
            shards = s.filter(p -> p.getFileName().toString().startsWith("shard-") && Files.isDirectory(p)).sorted().toList();
        }
        for (Path shard : shards) {
            DirectoryReader old = previous.get(shard);
            if (old != null) {
                DirectoryReader reopened = DirectoryReader.openIfChanged(old);
                if (reopened == null) {
                    old.incRef();
                    out.put(shard, old);
                } else {
                    out.put(shard, reopened);
                }
                continue;
            }
            FSDirectory dir = FSDirectory.open(shard);
            if (DirectoryReader.indexExists(dir)) {
                out.put(shard, DirectoryReader.open(dir));
            } else {
                dir.close();
            }
        }
        return out;
    }

    /** A searcher over the readers; the MultiReader takes its own references, so ours are released. */
    private IndexSearcher newSearcher(Map<Path, DirectoryReader> readers) throws IOException {
        List<IndexReader> subs = new ArrayList<>(readers.values());
        MultiReader multi = new MultiReader(subs.toArray(IndexReader[]::new), false);
        for (IndexReader r : subs) {
            r.decRef();
        }
        return new IndexSearcher(multi, slices);
    }
}
