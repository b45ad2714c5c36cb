package dev.precis.ingest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.TikaException;
import org.apache.tika.fork.ForkParser;
import org.apache.tika.fork.ParserFactoryFactory;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.AutoDetectParserFactory;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Where Tika parses: in forked JVMs (Tika's {@link ForkParser}) with a heap cap and a per-file timeout,
 * or in this JVM. Both use the same Tika configuration, whose AutoDetectParser limits reject zip bombs
 * (output far larger than input), element nesting deeper than {@link Limits#maxDepth} and archives
 * nested deeper than {@link Limits#maxPackageDepth}.
 *
 * <p>A forked parser that runs out of memory exits (the JVM is started with ExitOnOutOfMemoryError), and
 * one that takes longer than the timeout is stopped by its own watchdog; either way the parse fails with
 * an IOException and the next parse starts a fresh process. The child's classpath is a folder of links
 * to the jars this JVM loaded Tika from, so it runs exactly the parsers the job was built with.
 */
public final class ParserSandbox implements AutoCloseable {

    /** Resource limits of the parser. */
    public record Limits(boolean forked, long timeoutMillis, int heapMb, long maxCompressionRatio, int maxDepth,
            int maxPackageDepth) implements java.io.Serializable {
        public Limits {
            if (timeoutMillis < 1000) {
                throw new IllegalArgumentException("parse timeout " + timeoutMillis + " ms is below the minimum of 1000 ms");
            }
            if (heapMb < 64) {
                throw new IllegalArgumentException("parser heap " + heapMb + " MiB is below the minimum of 64 MiB");
            }
            if (maxCompressionRatio < 1 || maxDepth < 1 || maxPackageDepth < 1) {
                throw new IllegalArgumentException("compression ratio " + maxCompressionRatio + ", depth " + maxDepth
                        + " and package depth " + maxPackageDepth + " must all be at least 1");
            }
        }

        /** Forked, 60 s per file, 512 MiB of heap, output at most 100 times the input, depth 100, archives 10 deep. */
        public static Limits defaults() {
            return new Limits(true, 60_000, 512, 100, 100, 10);
        }

        public Limits inProcess() {
            return new Limits(false, timeoutMillis, heapMb, maxCompressionRatio, maxDepth, maxPackageDepth);
        }
    }

    private final Limits limits;
    private final Parser parser;
    private final Path workDir;

    public ParserSandbox(Limits limits) {
        this.limits = limits;
        try {
            workDir = temporary(Files.createTempDirectory("precis-tika-"));
            Path config = workDir.resolve("tika-config.xml");
            Files.writeString(temporary(config), configXml(limits), StandardCharsets.UTF_8);
            if (limits.forked()) {
                Path bin = Files.createDirectories(temporary(workDir.resolve("lib")));
                linkJars(bin);
                // The factory removes the entries it reads, so the map must be mutable.
                Map<String, String> args = new HashMap<>();
                args.put(AutoDetectParserFactory.TIKA_CONFIG_PATH, config.toString());
                // With a class loader the parent can also read the exceptions the child sends back.
                ForkParser fork = new ForkParser(bin, new ParserFactoryFactory(SandboxParserFactory.class.getName(), args),
                        ParserSandbox.class.getClassLoader());
                // Standard output is the fork protocol's channel: the JVM's own messages (such as the one it
                // prints when it exits on running out of memory) must go to standard error instead.
                fork.setJavaCommand(List.of(javaBinary(), "-Xmx" + limits.heapMb() + "m", "-XX:+ExitOnOutOfMemoryError",
                        "-XX:+DisplayVMOutputToStderr", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));
                fork.setPoolSize(1);
                fork.setServerParseTimeoutMillis(limits.timeoutMillis());
                fork.setServerPulseMillis(Math.min(1000, limits.timeoutMillis() / 4));
                fork.setServerWaitTimeoutMillis(60_000);
                parser = fork;
            } else {
                try (InputStream in = Files.newInputStream(config)) {
                    parser = new AutoDetectParser(new TikaConfig(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the parser's working folder", e);
        } catch (TikaException | SAXException e) {
            throw new IllegalStateException("the generated Tika configuration was rejected", e);
        }
    }

    public Limits limits() {
        return limits;
    }

    /** Parses {@code in} into {@code handler}; exceptions are Tika's, or an IOException when a forked parser died. */
    public void parse(InputStream in, ContentHandler handler, Metadata metadata) throws IOException, SAXException, TikaException {
        ParseContext context = new ParseContext();
        if (!limits.forked()) {
            context.set(Parser.class, parser); // embedded documents (attachments, zip entries) are parsed too
        }
        parser.parse(in, handler, metadata, context);
        String classes = metadata.get(SandboxParserFactory.ERROR_CLASSES);
        if (classes != null) {
            String message = metadata.get(SandboxParserFactory.ERROR_MESSAGE);
            metadata.remove(SandboxParserFactory.ERROR_CLASSES);
            metadata.remove(SandboxParserFactory.ERROR_MESSAGE);
            String type = metadata.get(SandboxParserFactory.ERROR_TYPE);
            metadata.remove(SandboxParserFactory.ERROR_TYPE);
            if (type != null && metadata.get(Metadata.CONTENT_TYPE) == null) {
                metadata.set(Metadata.CONTENT_TYPE, type);
            }
            throw new ReportedFailure(classes, message);
        }
    }

    /** A parse that failed in a forked parser: the exception chain's classes and messages, as the child saw them. */
    public static final class ReportedFailure extends TikaException {
        private final String classes;

        ReportedFailure(String classes, String messages) {
            super(messages == null ? classes : messages);
            this.classes = classes;
        }

        /** The fully qualified class names of the exception chain, outermost first, separated by spaces. */
        public String classes() {
            return classes;
        }
    }

    @Override
    public void close() {
        if (parser instanceof ForkParser fork) {
            fork.close();
        }
        try (var files = Files.walk(workDir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the parse results are what matter.
        }
    }

    /**
     * Marks a path of the working folder for deletion when the JVM exits, in case {@link #close} is never
     * called (a task that is cancelled, a test's shared instance). Paths are deleted in the reverse order
     * of marking, so a folder marked before its contents goes after them.
     */
    private static Path temporary(Path p) {
        p.toFile().deleteOnExit();
        return p;
    }

    static String configXml(Limits limits) {
        // The output threshold is the number of characters after which the compression ratio is checked.
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <properties>
                  <autoDetectParserConfig>
                    <outputThreshold>1000000</outputThreshold>
                    <maximumCompressionRatio>%d</maximumCompressionRatio>
                    <maximumDepth>%d</maximumDepth>
                    <maximumPackageEntryDepth>%d</maximumPackageEntryDepth>
                  </autoDetectParserConfig>
                </properties>
                """.formatted(limits.maxCompressionRatio(), limits.maxDepth(), limits.maxPackageDepth());
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Links every jar Tika was loaded with into {@code bin}, which becomes the child's {@code -cp bin/*}. */
    private static void linkJars(Path bin) throws IOException {
        List<Path> jars = jarsOf(AutoDetectParser.class.getClassLoader());
        // Tika may sit in a job's fat jar rather than in jars of its own: that jar must be there too.
        Path tika = codeSource(AutoDetectParser.class);
        if (tika == null || !Files.isRegularFile(tika)) {
            throw new IllegalStateException("Tika was not loaded from a jar (" + tika + "): forked parsing needs it in one; "
                    + "parse in process instead");
        }
        if (!jars.contains(tika)) {
            jars.add(tika);
        }
        writeShimJar(temporary(bin.resolve("0000-precis-parser-shim.jar")));
        int i = 1;
        for (Path jar : jars) {
            // The child's class path is "bin/*", which takes only names ending in .jar (a cluster's copy of a
            // job jar may have none).
            String name = jar.getFileName().toString();
            Files.createSymbolicLink(temporary(bin.resolve(String.format("%04d-%s", i++, name.endsWith(".jar") ? name : name + ".jar"))), jar);
        }
    }

    /**
     * The child builds its parser from {@link SandboxParserFactory}, which may live in a classes folder
     * (in a build) rather than a jar: it goes into a jar of its own.
     */
    private static void writeShimJar(Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String dir = SandboxParserFactory.class.getPackageName().replace('.', '/') + "/";
            for (String name : new String[] {"SandboxParserFactory", "SandboxParserFactory$Reporting"}) {
                String entry = dir + name + ".class";
                try (InputStream in = SandboxParserFactory.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IllegalStateException("class file " + entry + " is missing from the class path");
                    }
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }

    /** The jars on the class path and in {@code loader}'s URLs, following manifest Class-Path entries. */
    static List<Path> jarsOf(ClassLoader loader) throws IOException {
        Set<Path> jars = new LinkedHashSet<>();
        List<Path> roots = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                roots.add(Path.of(entry));
            }
        }
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        roots.add(pathOf(url));
                    }
                }
            }
        }
        for (Path root : roots) {
            addJar(root.toAbsolutePath().normalize(), jars);
        }
        return new ArrayList<>(jars);
    }

    private static void addJar(Path jar, Set<Path> jars) throws IOException {
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar) || !jars.add(jar)) {
            return;
        }
        // Test runners and launchers put the real class path into a manifest-only jar.
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
                for (String entry : classPath.trim().split("\\s+")) {
                    Path p = entry.startsWith("file:") ? pathOf(new URL(entry)) : jar.resolveSibling(entry);
                    addJar(p.toAbsolutePath().normalize(), jars);
                }
            }
        }
    }

    private static Path codeSource(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? null : pathOf(source.getLocation()).toAbsolutePath().normalize();
    }

    private static Path pathOf(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            return Path.of(url.getPath());
        }
    }
}
