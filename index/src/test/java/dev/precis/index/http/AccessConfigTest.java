package dev.precis.index.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.index.Access;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessConfigTest {
    static String hash(String token) {
        return HexFormat.of().formatHex(AccessConfig.sha256(token));
    }

    @Test
    void tokensMapToTheirCollections(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.json");
        Files.writeString(file, "{\"tokens\": [{\"name\": \"a\", \"sha256\": \"" + hash("alpha") + "\", \"collections\": [\"finance\", \"hr\"]},"
                + "{\"name\": \"root\", \"sha256\": \"" + hash("omega").toUpperCase() + "\", \"collections\": [\"*\"]}]}");
        AccessConfig config = AccessConfig.read(file);
        assertEquals(Access.of(Set.of("finance", "hr")), config.authenticate("Bearer alpha").orElseThrow());
        assertEquals(Access.ALL, config.authenticate("bearer omega").orElseThrow());
        assertTrue(config.authenticate("Bearer alph").isEmpty());
        assertTrue(config.authenticate("Basic alpha").isEmpty());
        assertTrue(config.authenticate(null).isEmpty());
        assertTrue(config.authenticate("Bearer ").isEmpty());
        assertTrue(Files.readString(file).indexOf("alpha") < 0, "the file holds hashes only");
    }

    @Test
    void badFilesSayWhatIsWrong(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.json");
        Files.writeString(file, "{\"tokens\": [{\"name\": \"a\", \"sha256\": \"abc\", \"collections\": []}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessConfig.read(file)).getMessage().contains("64 hex digits"));
        Files.writeString(file, "{\"tokens\": []}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessConfig.read(file)).getMessage().contains("non-empty"));
        Files.writeString(file, "{not json");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessConfig.read(file)).getMessage().contains("not valid JSON"));
        Files.writeString(file, "{\"tokens\": [{\"name\": \"a\", \"sha256\": \"" + hash("x") + "\"}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessConfig.read(file)).getMessage().contains("collections"));
    }

    @Test
    void noCollectionsReadsNothing() {
        assertTrue(Access.of(Set.of()).filter() instanceof org.apache.lucene.search.MatchNoDocsQuery);
        assertEquals(Access.ALL, Access.of(Set.of("*", "finance")));
    }
}
