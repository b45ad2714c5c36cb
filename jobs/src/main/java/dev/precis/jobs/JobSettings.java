package dev.precis.jobs;

import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.ingest.Ingestor;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * What one Precis job reads and writes: the inbox (any URI Flink's FileSystem opens), the data folder
 * that holds the index ({@code index/}) and the Avro records ({@code records/}), the analyzer, the ingest
 * limits and the parallelism (also the shard count of a new index).
 */
public record JobSettings(String inbox, Path dataDir, AnalyzerConfig analyzer, Ingestor.Options ingest, int parallelism)
        implements Serializable {

    public JobSettings {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism " + parallelism + " must be at least 1");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path indexDir() {
        return dataDir.resolve("index");
    }

    public Path recordsDir() {
        return dataDir.resolve("records");
    }
}
