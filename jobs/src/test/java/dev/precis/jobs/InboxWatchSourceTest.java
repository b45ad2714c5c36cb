package dev.precis.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboxWatchSourceTest {

    @Test
    void ledgerSurvivesItsSerializer() throws Exception {
        Map<Long, Long> seen = new HashMap<>();
        seen.put(InboxWatchSource.pathHash("file:/in/a.txt"), InboxWatchSource.fingerprint(10, 1000));
        seen.put(InboxWatchSource.pathHash("s3://bucket/in/b.pdf"), InboxWatchSource.fingerprint(20, 2000));
        List<InboxWatchSource.FileSplit> pending = List.of(new InboxWatchSource.FileSplit(new FileRef("file:/in/c d ü.txt", 5, 7)));
        InboxWatchSource.LedgerSerializer serializer = new InboxWatchSource.LedgerSerializer();
        byte[] bytes = serializer.serialize(new InboxWatchSource.Ledger(seen, pending));
        InboxWatchSource.Ledger back = serializer.deserialize(serializer.getVersion(), bytes);
        assertEquals(seen, back.seen());
        assertEquals(pending, back.unassigned());
        // 16 bytes per remembered file, whatever the length of its path.
        assertEquals(4 + 2 * 16 + 4, serializer.serialize(new InboxWatchSource.Ledger(seen, List.of())).length);
        assertThrows(java.io.IOException.class, () -> serializer.deserialize(99, bytes));
    }

    @Test
    void fingerprintsTellChangesApart() {
        assertNotEquals(InboxWatchSource.fingerprint(10, 1000), InboxWatchSource.fingerprint(11, 1000));
        assertNotEquals(InboxWatchSource.fingerprint(10, 1000), InboxWatchSource.fingerprint(10, 1001));
        assertNotEquals(InboxWatchSource.pathHash("file:/in/a.txt"), InboxWatchSource.pathHash("file:/in/b.txt"));
        // FNV-1a of the empty string is its offset basis: the hash is the specified one, stable across JVMs.
        assertEquals(0xcbf29ce484222325L, InboxWatchSource.pathHash(""));
    }

    @Test
    void splitIdsChangeWithTheFile() {
        String before = new InboxWatchSource.FileSplit(new FileRef("file:/in/a.txt", 10, 1000)).splitId();
        String after = new InboxWatchSource.FileSplit(new FileRef("file:/in/a.txt", 12, 2000)).splitId();
        assertNotEquals(before, after);
    }

    @Test
    void uploadsInProgressAreHidden() {
        assertTrue(InboxWatchSource.isHidden(".report.pdf"));
        assertTrue(InboxWatchSource.isHidden("_COPYING_"));
        assertFalse(InboxWatchSource.isHidden("report.pdf"));
        assertThrows(IllegalArgumentException.class, () -> new InboxWatchSource("file:/in", 1));
    }

    @Test
    void storageSettingsComeFromOptionsThenEnvironment() {
        var conf = Storage.configuration(null, "http://localhost:9000", true,
                Map.of(Storage.ACCESS_KEY_ENV, "key", Storage.SECRET_KEY_ENV, "secret"));
        assertEquals("http://localhost:9000", conf.getString("s3.endpoint", null));
        assertEquals("true", conf.getString("s3.path.style.access", null));
        assertEquals("key", conf.getString("s3.access-key", null));
        assertEquals("us-east-1", conf.getString("s3.endpoint.region", null));
        assertFalse(Storage.configuration(null, null, false, Map.of()).containsKey("s3.access-key"));
        assertThrows(IllegalArgumentException.class,
                () -> Storage.configuration(java.nio.file.Path.of("/nonexistent-conf"), null, false, Map.of()));
    }
}
