package io.bnsync.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exclusive lock on a model store: the file {@code .lock}, created only if absent, holding the
 * owner's pid, host and start time. A lock left by a process that is gone (same host, pid not
 * alive) is reported and taken over; a live one refuses the second run.
 */
public final class StoreLock implements AutoCloseable {
    static final String FILE = ".lock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory store;

    private StoreLock(RunDirectory store) {
        this.store = store;
    }

    public static StoreLock acquire(RunDirectory store, PrintStream console) {
        String mine = describe(ProcessHandle.current().pid());
        if (store.createNew(FILE, mine)) {
            return new StoreLock(store);
        }
        String held = store.exists(FILE) ? store.readString(FILE) : "{}";
        if (isStale(held)) {
            console.println("warning: removing stale lock of a dead run on " + store.uri() + ": " + held.strip());
            store.delete(FILE);
            if (store.createNew(FILE, mine)) {
                return new StoreLock(store);
            }
        }
        throw new StoreLockedException(store.uri() + " is locked by another run: " + held.strip()
                + " (remove " + FILE + " only if that run is gone)");
    }

    @Override
    public void close() {
        store.delete(FILE);
    }

    static boolean isStale(String lockJson) {
        try {
            JsonNode lock = JSON.readTree(lockJson);
            boolean sameHost = hostName().equals(lock.path("host").asText());
            long pid = lock.path("pid").asLong(-1);
            return sameHost && pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (IOException e) {
            return false; // unreadable: do not guess, refuse
        }
    }

    private static String describe(long pid) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("host", hostName());
        m.put("started", Instant.now().toString());
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Another live run holds the store. CLI exit code 6. */
    public static final class StoreLockedException extends RuntimeException {
        public StoreLockedException(String message) {
            super(message);
        }
    }
}
