package dev.precis.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How documents are spread over shards. The shard count is fixed when an index is created (stored in
 * {@code <index>/SHARDS}) so that a document id always maps to the same shard, whatever the job's
 * parallelism on later runs: that is what makes upserts replace instead of duplicate.
 */
public final class ShardLayout {
    private static final String FILE = "SHARDS";

    private ShardLayout() {}

    /** The shard of a document id: String.hashCode is specified by the JLS, so this is stable across JVMs. */
    public static int shardOf(String id, int shards) {
        return Math.floorMod(id.hashCode(), shards);
    }

    /** The index's shard count, creating the index folder with {@code wanted} shards when it is new. */
    public static int shardCount(Path indexRoot, int wanted) throws IOException {
        if (wanted < 1) {
            throw new IllegalArgumentException("shard count " + wanted + " must be at least 1");
        }
        Path file = indexRoot.resolve(FILE);
        if (Files.exists(file)) {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            try {
                int n = Integer.parseInt(s);
                if (n < 1) {
                    throw new NumberFormatException(s);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IOException(file + " should hold the shard count but holds '" + s
                        + "': restore it, or delete the index folder and run again to rebuild it");
            }
        }
        Files.createDirectories(indexRoot);
        Files.writeString(file, wanted + "\n", StandardCharsets.UTF_8);
        return wanted;
    }

    public static Path shardDir(Path indexRoot, int shard) {
        return indexRoot.resolve("shard-" + shard);
    }
}
