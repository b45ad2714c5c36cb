package dev.precis.attention.analysis;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Where onnxruntime loads its native libraries from. Left to itself it copies them out of its jar into a
 * new temporary folder in every process and leaves that folder behind; a batch service starts many
 * processes (every job, every command), so the folders pile up. Here the libraries are copied once per
 * onnxruntime version into a cache folder and onnxruntime is told to load them from there.
 */
public final class OnnxLibraries {
    static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};

    private OnnxLibraries() {
    }

    /** {@link #useCache} with the default cache; call it before anything starts onnxruntime. */
    public static boolean useDefaultCache() {
        return useCache(defaultCache());
    }

    /** The default cache: {@code ~/.cache/precis/onnxruntime/VERSION/OS-ARCH}. */
    static Path defaultCache() {
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        return Paths.get(System.getProperty("user.home"), ".cache", "precis", "onnxruntime",
                version == null ? "unknown" : version, platform());
    }

    /**
     * Points onnxruntime at copies of its libraries under {@code cache}, copying them there first if they
     * are missing. Does nothing when the paths are already set, or when the jar has no libraries for this
     * platform (onnxruntime then loads them its own way). Must run before onnxruntime's first use.
     *
     * @return whether the libraries will be loaded from the cache
     */
    static synchronized boolean useCache(Path cache) {
        for (String lib : LIBRARIES) {
            if (System.getProperty(property(lib)) != null) {
                return false;
            }
        }
        try {
            Path[] files = new Path[LIBRARIES.length];
            for (int i = 0; i < LIBRARIES.length; i++) {
                String name = System.mapLibraryName(LIBRARIES[i]).replace("jnilib", "dylib");
                files[i] = cache.resolve(name);
                if (Files.isRegularFile(files[i])) {
                    continue;
                }
                try (InputStream in = OrtEnvironment.class.getResourceAsStream("/ai/onnxruntime/native/" + platform() + "/" + name)) {
                    if (in == null) {
                        return false;
                    }
                    Files.createDirectories(cache);
                    // written aside and moved into place, so that a process starting meanwhile never loads half a file
                    Path part = Files.createTempFile(cache, name, ".part");
                    try {
                        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(part, files[i], StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                }
            }
            for (int i = 0; i < LIBRARIES.length; i++) {
                System.setProperty(property(LIBRARIES[i]), files[i].toAbsolutePath().toString());
            }
            return true;
        } catch (IOException e) {
            return false; // an unwritable cache: onnxruntime extracts the libraries itself, as it would anyway
        }
    }

    static String property(String library) {
        return "onnxruntime.native." + library + ".path";
    }

    /** The folder name onnxruntime's jar keeps this platform's libraries under ("linux-x64", "osx-aarch64", ...). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
        String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64" : arch.startsWith("aarch64") ? "aarch64" : arch;
        return o + "-" + a;
    }
}
