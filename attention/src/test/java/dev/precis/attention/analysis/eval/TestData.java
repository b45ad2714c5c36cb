package dev.precis.attention.analysis.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared evaluation data ({@code shared/data} beside the repository) by walking up from the
 * working directory; {@code -Dprecis.data=DIR} overrides. When the data is missing a test is skipped,
 * except in CI ({@code CI=true}) where it fails, because there the data must be present.
 */
final class TestData {
    private TestData() {}

    static Path require(String relative) {
        Path dir = root();
        Path p = dir == null ? null : dir.resolve(relative);
        boolean present = p != null && Files.exists(p);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("evaluation data " + relative + " not found (looked for shared/data above "
                    + Path.of("").toAbsolutePath() + " and -Dprecis.data): CI must provide it");
        }
        assumeTrue(present, "evaluation data " + relative + " not found; set -Dprecis.data=DIR");
        return p;
    }

    private static Path root() {
        String prop = System.getProperty("precis.data");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
