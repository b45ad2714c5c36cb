package dev.precis.jobs.cli;

import dev.precis.jobs.Storage;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** Options of the commands that read an inbox: how to reach S3 (or another file system). */
final class StorageOptions {
    @Option(names = "--flink-conf", description = "Folder with a Flink config.yaml holding file-system settings (s3.endpoint, s3.access-key, ...).")
    Path flinkConf;

    @Option(names = "--s3-endpoint", description = "S3 endpoint URL, for S3-compatible stores (e.g. http://localhost:9000).")
    String s3Endpoint;

    @Option(names = "--s3-path-style", description = "Address buckets as ENDPOINT/BUCKET rather than BUCKET.ENDPOINT.")
    boolean s3PathStyle;

    /** The file-system configuration; S3 credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when not in the file. */
    Configuration configuration() {
        return Storage.configuration(flinkConf, s3Endpoint, s3PathStyle, System.getenv());
    }

    /** Registers the file systems, with the plugins this build put under target/plugins (or FLINK_PLUGINS_DIR). */
    Configuration initialize() throws IOException {
        Configuration conf = configuration();
        String env = System.getenv("FLINK_PLUGINS_DIR");
        Storage.initialize(conf, env != null ? Path.of(env) : Jars.pluginsDir());
        return conf;
    }
}
