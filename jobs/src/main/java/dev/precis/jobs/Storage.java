package dev.precis.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginDescriptor;
import org.apache.flink.configuration.CoreOptions;

/**
 * The file systems a Precis job reads its inbox from. Local paths work out of the box; {@code s3://}
 * comes from Flink's S3 filesystem loaded as a plugin (a folder per plugin under the plugins folder,
 * each with its own class loader, so its Hadoop and AWS jars never meet Tika's), and {@code hdfs://}
 * from a Hadoop filesystem plugin or a Hadoop class path where one is installed.
 */
public final class Storage {
    /** Environment variables holding S3 credentials, read when no key is configured. */
    public static final String ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";

    private Storage() {}

    /**
     * The file-system configuration: a Flink configuration folder ({@code config.yaml}) if given, then the
     * S3 endpoint and path-style access from the command line, then credentials from the environment.
     */
    public static Configuration configuration(Path flinkConfDir, String s3Endpoint, boolean pathStyle, Map<String, String> env) {
        Configuration conf = new Configuration();
        if (flinkConfDir != null) {
            if (!Files.isRegularFile(flinkConfDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
                throw new IllegalArgumentException("no " + GlobalConfiguration.FLINK_CONF_FILENAME + " in " + flinkConfDir
                        + ": give the folder that holds Flink's configuration file");
            }
            conf = GlobalConfiguration.loadConfiguration(flinkConfDir.toAbsolutePath().toString());
        }
        if (s3Endpoint != null) {
            conf.setString("s3.endpoint", s3Endpoint);
            if (!conf.containsKey("s3.endpoint.region")) {
                // The AWS SDK wants a region even for S3-compatible stores, which ignore it.
                conf.setString("s3.endpoint.region", "us-east-1");
            }
        }
        if (pathStyle) {
            conf.setString("s3.path.style.access", "true");
        }
        if (!conf.containsKey("s3.access-key") && env.get(ACCESS_KEY_ENV) != null && env.get(SECRET_KEY_ENV) != null) {
            conf.setString("s3.access-key", env.get(ACCESS_KEY_ENV));
            conf.setString("s3.secret-key", env.get(SECRET_KEY_ENV));
        }
        return conf;
    }

    /** Registers the file systems of {@code conf}, with the plugins found under {@code pluginsDir} (may be missing). */
    public static void initialize(Configuration conf, Path pluginsDir) throws IOException {
        Collection<PluginDescriptor> plugins = pluginsDir != null && Files.isDirectory(pluginsDir)
                ? new DirectoryBasedPluginFinder(pluginsDir).findPlugins() : List.of();
        FileSystem.initialize(conf, new DefaultPluginManager(plugins, CoreOptions.getPluginParentFirstLoaderPatterns(conf)));
    }
}
