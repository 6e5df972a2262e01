package io.bnsync.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An exclusive lock on a model store: the file {@code .lock}, created only if absent, holding the owner's pid,
 * host, start time and a lease expiry that a daemon thread renews while the owner lives. A lock is stale, and is
 * reported and taken over, when its lease has expired (whatever host wrote it: a restarted cluster-mode driver
 * rarely has the old one's host name) or when it was written on this host by a process that is gone; a live one
 * refuses the second run.
 */
public final class StoreLock implements AutoCloseable {
    static final String FILE = ".lock";
    /** How long a lock stays valid without renewal; renewed every third of it. */
    static final Duration LEASE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory store;
    private final ScheduledExecutorService renewal;

    private StoreLock(RunDirectory store, Duration lease) {
        this.store = store;
        this.renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-lock-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, lease.toMillis() / 3);
        renewal.scheduleAtFixedRate(() -> renew(lease), every, every, TimeUnit.MILLISECONDS);
    }

    public static StoreLock acquire(RunDirectory store, PrintStream console) {
        return acquire(store, console, LEASE);
    }

    static StoreLock acquire(RunDirectory store, PrintStream console, Duration lease) {
        if (store.createNew(FILE, describe(lease))) {
            return new StoreLock(store, lease);
        }
        String held = store.exists(FILE) ? store.readString(FILE) : "{}";
        if (isStale(held, Instant.now())) {
            console.println("warning: removing stale lock of a dead run on " + store.uri() + ": " + held.strip());
            store.delete(FILE);
            if (store.createNew(FILE, describe(lease))) {
                return new StoreLock(store, lease);
            }
        }
        throw new StoreLockedException(store.uri() + " is locked by another run: " + held.strip()
                + " (remove " + FILE + " only if that run is gone)");
    }

    /** Extends the lease in place (the file never disappears meanwhile); a failed renewal is retried next time. */
    private void renew(Duration lease) {
        try {
            store.overwrite(FILE, describe(lease));
        } catch (RuntimeException e) {
            // The lease still runs for two more renewal periods.
        }
    }

    @Override
    public void close() {
        renewal.shutdownNow();
        try {
            renewal.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.delete(FILE);
    }

    static boolean isStale(String lockJson, Instant now) {
        try {
            JsonNode lock = JSON.readTree(lockJson);
            if (lock.hasNonNull("expires") && now.isAfter(Instant.parse(lock.get("expires").asText()))) {
                return true;
            }
            boolean sameHost = hostName().equals(lock.path("host").asText());
            long pid = lock.path("pid").asLong(-1);
            return sameHost && pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (IOException | java.time.format.DateTimeParseException e) {
            return false; // unreadable: do not guess, refuse
        }
    }

    private static String describe(Duration lease) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", ProcessHandle.current().pid());
        m.put("host", hostName());
        Instant now = Instant.now();
        m.put("renewed", now.toString());
        m.put("expires", now.plus(lease).toString());
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
