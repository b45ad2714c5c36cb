package dev.precis.index.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.precis.index.IndexSearch;
import dev.precis.index.TestCorpus;
import dev.precis.index.vectors.MiniLmEmbedder;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page in headless Chromium driven by Playwright (src/test/resources/browser/search-page.cjs):
 * search, facet, document, evidence, board, and another token's view. Screenshots of every step are
 * kept in target/screenshots. Needs node, Chromium (/usr/bin/chromium or $PRECIS_CHROMIUM) and npm to
 * install playwright-core into $PRECIS_PLAYWRIGHT_DIR (default ~/.cache/precis/playwright) when missing;
 * without them the test is skipped locally and fails in CI (CI=true).
 */
class BrowserIT {
    static final String PLAYWRIGHT_VERSION = "1.65.1";
    static final String ADMIN_TOKEN = "admin-browser-token";
    static final String ENGINEERING_TOKEN = "engineering-browser-token";

    @Test
    void searchFacetDocumentEvidenceAndBoardInChromium(@TempDir Path tmp) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("PRECIS_CHROMIUM", "/usr/bin/chromium"));
        Path node = onPath("node");
        Path playwright = playwrightDir();
        boolean ready = Files.isExecutable(chromium) && node != null && playwright != null;
        String missing = "needs " + chromium + " (apt-get install chromium), node and npm (for playwright-core)";
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(ready, missing);
        }
        assumeTrue(ready, missing);

        Path index = tmp.resolve("index");
        TestCorpus.write(index);
        Path access = tmp.resolve("access.json");
        Files.writeString(access, "{\"tokens\": ["
                + "{\"name\": \"admin\", \"sha256\": \"" + hash(ADMIN_TOKEN) + "\", \"collections\": [\"*\"]},"
                + "{\"name\": \"eng\", \"sha256\": \"" + hash(ENGINEERING_TOKEN) + "\", \"collections\": [\"engineering\"]}]}");
        Path script = tmp.resolve("search-page.cjs");
        try (var in = BrowserIT.class.getResourceAsStream("/browser/search-page.cjs")) {
            Files.copy(in, script);
        }
        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);

        try (IndexSearch search = IndexSearch.open(index, MiniLmEmbedder::shared, TestCorpus.CLOCK);
                SearchServer server = SearchServer.start(search, AccessConfig.read(access),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ProcessBuilder pb = new ProcessBuilder(node.toString(), script.toString()).redirectErrorStream(true);
            pb.environment().put("NODE_PATH", playwright.resolve("node_modules").toString());
            pb.environment().put("PRECIS_URL", server.url().toString());
            pb.environment().put("ADMIN_TOKEN", ADMIN_TOKEN);
            pb.environment().put("ENGINEERING_TOKEN", ENGINEERING_TOKEN);
            pb.environment().put("CHROMIUM", chromium.toString());
            pb.environment().put("SCREENSHOTS", screenshots.toString());
            pb.environment().put("USER_DATA", Files.createDirectory(tmp.resolve("chromium-profile")).toString());
            Process p = pb.start();
            String output;
            try (var out = p.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("the browser script did not finish in 180 s:\n" + output);
            }
            System.out.println(output);
            assertEquals(0, p.exitValue(), "browser checks failed:\n" + output);
        }
        for (String shot : List.of("01-search.png", "02-facet.png", "03-document.png", "04-evidence.png", "05-board.png",
                "06-other-token-search.png", "07-other-token-board.png")) {
            assertTrue(Files.size(screenshots.resolve(shot)) > 10_000, shot + " is missing or empty");
        }
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(AccessConfig.sha256(token));
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The folder holding node_modules/playwright-core, installing it there with npm when missing. */
    private static Path playwrightDir() throws IOException, InterruptedException {
        String configured = System.getenv("PRECIS_PLAYWRIGHT_DIR");
        Path dir = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "precis", "playwright");
        if (Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            return dir;
        }
        Path npm = onPath("npm");
        if (npm == null) {
            return null;
        }
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(npm.toString(), "install", "--no-audit", "--no-fund", "--prefix", dir.toString(),
                "playwright-core@" + PLAYWRIGHT_VERSION));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.err.println("npm install playwright-core failed:\n" + out);
            return null;
        }
        return Files.isDirectory(dir.resolve("node_modules/playwright-core")) ? dir : null;
    }
}
