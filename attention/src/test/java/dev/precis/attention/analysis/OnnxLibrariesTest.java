package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxLibrariesTest {
    @TempDir
    Path cache;

    @Test
    void librariesAreCopiedOnceIntoTheCacheAndOnnxruntimeIsPointedThere() throws Exception {
        Map<String, String> saved = new HashMap<>();
        for (String lib : OnnxLibraries.LIBRARIES) {
            saved.put(lib, System.clearProperty(OnnxLibraries.property(lib)));
        }
        try {
            assertTrue(OnnxLibraries.useCache(cache), "this platform's libraries are in the onnxruntime jar");
            for (String lib : OnnxLibraries.LIBRARIES) {
                Path file = Path.of(System.getProperty(OnnxLibraries.property(lib)));
                assertEquals(cache, file.getParent());
                assertArrayEquals(resource(file.getFileName().toString()), Files.readAllBytes(file), lib);
            }
            try (var left = Files.list(cache)) {
                assertEquals(OnnxLibraries.LIBRARIES.length, left.count(), "no partial copies are left behind");
            }
            // paths already set (by an earlier call, or by the user) are left alone
            assertFalse(OnnxLibraries.useCache(cache.resolve("elsewhere")));
            assertFalse(Files.exists(cache.resolve("elsewhere")));
        } finally {
            saved.forEach((lib, v) -> {
                if (v == null) {
                    System.clearProperty(OnnxLibraries.property(lib));
                } else {
                    System.setProperty(OnnxLibraries.property(lib), v);
                }
            });
        }
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = OrtEnvironment.class.getResourceAsStream("/ai/onnxruntime/native/" + OnnxLibraries.platform() + "/" + name)) {
            return in.readAllBytes();
        }
    }
}
