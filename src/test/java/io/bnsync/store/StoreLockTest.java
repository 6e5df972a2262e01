package io.bnsync.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model store's lock: a lease renewed while its run lives, taken over once expired, from any host. */
class StoreLockTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private RunDirectory store() {
        return RunDirectory.existingOrNew(dir.toString(), new Configuration());
    }

    private PrintStream console() {
        return new PrintStream(console, true, StandardCharsets.UTF_8);
    }

    private void lockOfAnotherHost(Instant expires) throws IOException {
        Files.writeString(dir.resolve(StoreLock.FILE), "{\"pid\":1,\"host\":\"another-driver-host\",\"expires\":\""
                + expires + "\"}\n");
    }

    @Test
    void anExpiredLeaseOfAnotherHostIsTakenOver() throws IOException {
        lockOfAnotherHost(Instant.now().minusSeconds(1));
        try (StoreLock lock = StoreLock.acquire(store(), console())) {
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("removing stale lock"), console.toString());
            assertTrue(Files.readString(dir.resolve(StoreLock.FILE)).contains("\"pid\":" + ProcessHandle.current().pid()));
        }
        assertFalse(Files.exists(dir.resolve(StoreLock.FILE)), "released");
    }

    @Test
    void aLiveLeaseOfAnotherHostRefuses() throws IOException {
        lockOfAnotherHost(Instant.now().plusSeconds(60));
        assertThrows(StoreLock.StoreLockedException.class, () -> StoreLock.acquire(store(), console()));
        assertTrue(Files.readString(dir.resolve(StoreLock.FILE)).contains("another-driver-host"), "left alone");
    }

    @Test
    void theHoldersLeaseIsRenewedWhileItLives() throws Exception {
        try (StoreLock lock = StoreLock.acquire(store(), console(), Duration.ofMillis(600))) {
            Instant first = expiry();
            Thread.sleep(1000); // renewed every 200 ms
            Instant later = expiry();
            assertTrue(later.isAfter(first), first + " then " + later);
            assertFalse(StoreLock.isStale(Files.readString(dir.resolve(StoreLock.FILE)), Instant.now()));
        }
        assertFalse(Files.exists(dir.resolve(StoreLock.FILE)), "released");
    }

    @Test
    void anUnreadableLockIsNeverTakenOver() {
        assertFalse(StoreLock.isStale("", Instant.now()));
        assertFalse(StoreLock.isStale("{\"expires\":\"yesterday\"}", Instant.now()));
    }

    /**
     * The lock's expiry. Renewal rewrites the file in place, so a read may meet it mid-write (empty or cut short):
     * such a read is repeated.
     */
    private Instant expiry() throws Exception {
        for (int attempt = 0; ; attempt++) {
            String text = Files.readString(dir.resolve(StoreLock.FILE));
            try {
                JsonNode lock = JSON.readTree(text);
                if (lock != null && lock.hasNonNull("expires")) {
                    return Instant.parse(lock.get("expires").asText());
                }
            } catch (IOException midWrite) {
                // a renewal was writing: read again
            }
            if (attempt == 50) {
                throw new AssertionError("no whole lock file in 50 reads; last: " + text);
            }
            Thread.sleep(10);
        }
    }
}
