package dev.precis.jobs.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the job jar ({@code jobs/target/precis.jar}) and its dependencies ({@code jobs/target/lib}). */
final class Jars {
    private Jars() {}

    /** The folder that holds this code: {@code target} (for the jar, and for {@code target/classes}). */
    private static Path targetDir() {
        try {
            Path here = Path.of(Jars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the Precis jar", e);
        }
    }

    static Path libDir() {
        return targetDir().resolve("lib");
    }

    static Path pluginsDir() {
        return targetDir().resolve("plugins");
    }

    static Path jobJar() {
        Path jar = targetDir().resolve("precis.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no job jar at " + jar + ": build it first (./mvnw -DskipTests package), or give --jar");
        }
        return jar;
    }
}
