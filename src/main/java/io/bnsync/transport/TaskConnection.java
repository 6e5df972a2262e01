package io.bnsync.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A task's connection to the {@link DriverEndpoint}, its header sent and the endpoint's go-ahead received. An
 * exchange that ended as expected {@linkplain #keep keeps} the connection for the JVM's next exchange with the same
 * endpoint (the next round's pull or push, from this task's thread or another's), instead of connecting again: no
 * connect, and on each side no new thread, selector or direct buffer (docs/PERFORMANCE.md, Round 7).
 */
final class TaskConnection implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    /** Reused only while idle for less than this: the endpoint closes connections idle for twice as long. */
    private static final long REUSE_MILLIS = Wire.KEEP_IDLE_MILLIS / 2;
    /** Idle connections kept per JVM: a task's pull ahead and its push, with room for a second task slot. */
    private static final int MAX_IDLE = 4;
    /** Idle connections, all to one endpoint (a JVM serves one run's rounds at a time); guarded by itself. */
    private static final Deque<Idle> IDLE = new ArrayDeque<>();

    private final EndpointAddress to;
    private final FrameChannel channel;
    private final String what;
    private boolean kept;

    private record Idle(EndpointAddress to, FrameChannel channel, long sinceNanos) {
    }

    private TaskConnection(EndpointAddress to, FrameChannel channel, String what) {
        this.to = to;
        this.channel = channel;
        this.what = what;
    }

    /**
     * A connection for {@code operation}: an idle one to {@code to} if there is one, else a new one. A kept
     * connection that fails before the endpoint answers (the endpoint closed it) is replaced by a new one; a refusal
     * is not retried.
     */
    static TaskConnection open(EndpointAddress to, int operation, TaskKey key, String action) throws IOException {
        String what = "cannot " + action + " of " + key + " at the driver's endpoint " + to;
        FrameChannel idle = takeIdle(to);
        if (idle != null) {
            try {
                return handshake(to, idle, operation, key, what);
            } catch (Wire.RefusedException e) {
                throw e;
            } catch (IOException e) {
                // the endpoint closed it since it was kept: a new connection
            }
        }
        FrameChannel channel;
        try {
            channel = FrameChannel.connect(new InetSocketAddress(to.host(), to.port()), CONNECT_TIMEOUT_MILLIS,
                    Wire.READ_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        return handshake(to, channel, operation, key, what);
    }

    private static TaskConnection handshake(EndpointAddress to, FrameChannel channel, int operation, TaskKey key,
                                            String what) throws IOException {
        try {
            channel.write(Wire.header(operation, to.secret(), key));
            channel.expectAnswer(Wire.PROCEED, what);
            return new TaskConnection(to, channel, what);
        } catch (Wire.RefusedException e) {
            channel.close();
            throw e;
        } catch (IOException e) {
            channel.close();
            throw e.getMessage() != null && e.getMessage().startsWith(what) ? e
                    : new IOException(what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    FrameChannel channel() {
        return channel;
    }

    /** What the task was doing, for its error messages. */
    String what() {
        return what;
    }

    /** The exchange ended as the protocol expects: {@link #close} keeps the connection for the next one. */
    void keep() {
        kept = true;
    }

    @Override
    public void close() throws IOException {
        if (!kept || !giveIdle(new Idle(to, channel, System.nanoTime()))) {
            channel.close();
        }
    }

    /**
     * The most recently idle connection to {@code to} that is fresh enough; closes those to other endpoints (an
     * earlier run's) and those idle too long.
     */
    private static FrameChannel takeIdle(EndpointAddress to) {
        Idle taken = null;
        List<Idle> unusable = new ArrayList<>();
        synchronized (IDLE) {
            for (Iterator<Idle> it = IDLE.iterator(); it.hasNext(); ) {
                Idle idle = it.next();
                boolean usable = idle.to().equals(to)
                        && System.nanoTime() - idle.sinceNanos() < TimeUnit.MILLISECONDS.toNanos(REUSE_MILLIS);
                if (!usable) {
                    unusable.add(idle);
                    it.remove();
                } else if (taken == null) {
                    taken = idle;
                    it.remove();
                }
            }
        }
        for (Idle idle : unusable) {
            try {
                idle.channel().close();
            } catch (IOException e) {
                // an idle connection: nothing of it is lost
            }
        }
        return taken == null ? null : taken.channel();
    }

    private static boolean giveIdle(Idle idle) {
        synchronized (IDLE) {
            if (IDLE.size() >= MAX_IDLE) {
                return false;
            }
            IDLE.addFirst(idle);
            return true;
        }
    }
}
