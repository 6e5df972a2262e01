package io.bnsync.transport;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side: a server socket from which a run's tasks {@linkplain Pull pull} the round's input, serialized
 * once when the driver {@linkplain #publish publishes} it (a pull of the round after it waits for it), and to which
 * they {@linkplain Push push} their results of type {@code R}, each kept under its {@link TaskKey} until the driver
 * {@linkplain #take takes} it. Every connection is served on its own thread, reading as the bytes arrive, so results
 * that arrive while other workers still train cost the driver no time later; tasks keep their connections between
 * exchanges, so a round's exchanges skip the connection's setup (a thread, a selector, a buffer on each side).
 * Results of rounds the driver has {@linkplain #closeRoundsUpTo closed} (a failed attempt's, a late speculative copy)
 * are dropped, and later pushes for them refused, so memory holds at most the open round's.
 */
public final class DriverEndpoint<R> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriverEndpoint.class);
    /** A pushing task has had its answer before Spark sees it succeed; this only guards a bug. */
    private static final long TAKE_TIMEOUT_MILLIS = 60_000;
    /** How long a pull ahead waits for the next round: less than a task's read timeout, so it is refused cleanly. */
    private static final long PUBLISH_WAIT_MILLIS = Wire.READ_TIMEOUT_MILLIS / 2;

    private final Class<R> resultType;
    private final ServerSocketChannel server;
    private final EndpointAddress address;
    private final ExecutorService connections;
    private final ArrayPool arrays = new ArrayPool();
    private final long idleMillis;
    private final AtomicLong accepted = new AtomicLong();
    private final Map<TaskKey, R> received = new HashMap<>(); // guarded by this
    private int firstOpenRound; // guarded by this
    private int publishedRound = -1; // guarded by this
    private Wire.Frame publishedInput; // guarded by this

    private DriverEndpoint(Class<R> resultType, ServerSocketChannel server, EndpointAddress address,
                           long idleMillis) {
        this.resultType = resultType;
        this.idleMillis = idleMillis;
        this.server = server;
        this.address = address;
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bnsync-endpoint-connection");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Listens on {@code bindHost}:{@code port} (0: any free port) and tells tasks to connect to
     * {@code advertisedHost} (Spark's {@code spark.driver.bindAddress} and {@code spark.driver.host}).
     */
    public static <R> DriverEndpoint<R> open(Class<R> resultType, String bindHost, String advertisedHost, int port)
            throws IOException {
        return open(resultType, bindHost, advertisedHost, port, Wire.KEEP_IDLE_MILLIS);
    }

    /** The same, closing connections idle for {@code idleMillis} (tests: shorter than the tasks' reuse). */
    static <R> DriverEndpoint<R> open(Class<R> resultType, String bindHost, String advertisedHost, int port,
                                      long idleMillis) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        int boundPort;
        try {
            server.setOption(StandardSocketOptions.SO_RCVBUF, Wire.SOCKET_BUFFER_BYTES); // inherited by connections
            server.bind(new InetSocketAddress(bindHost, port), 64);
            boundPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for the tasks' pulls and pushes on " + bindHost + ":" + port + ": "
                    + e.getMessage(), e);
        }
        byte[] secret = new byte[Wire.SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        DriverEndpoint<R> endpoint = new DriverEndpoint<>(resultType, server,
                new EndpointAddress(advertisedHost, boundPort, secret), idleMillis);
        Thread acceptor = new Thread(endpoint::acceptAll, "bnsync-endpoint-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return endpoint;
    }

    /** Connections accepted so far (tests: tasks keep theirs between exchanges). */
    long acceptedConnections() {
        return accepted.get();
    }

    /** What tasks need to connect here (it goes into their closures). */
    public EndpointAddress address() {
        return address;
    }

    /**
     * Serializes {@code input}'s objects once; pulls for {@code round} get it from now on, and pulls for older rounds
     * none. Its float arrays stay where they are and are converted into each pull's connection as it is sent: the
     * caller must not change them afterwards.
     */
    public void publish(int round, Serializable input) throws IOException {
        Wire.Frame frame = Wire.frame(input);
        synchronized (this) {
            publishedRound = round;
            publishedInput = frame;
            notifyAll();
        }
    }

    /** The result pushed under {@code key}, removed from the endpoint. */
    public R take(TaskKey key) throws InterruptedException {
        return takeWithin(key, TAKE_TIMEOUT_MILLIS);
    }

    synchronized R takeWithin(TaskKey key, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!received.containsKey(key)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no result was pushed for " + key + " although its task succeeded");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return received.remove(key);
    }

    /**
     * Gives {@code array}, one of a taken result's, back to the endpoint, which reads a later push's array of the
     * same length into it instead of a new one. The caller must hold no other reference to it, and must not touch it
     * again.
     */
    public void reuse(float[] array) {
        arrays.giveBack(array);
    }

    /** Drops every result of rounds up to {@code round} and refuses later pushes for them. */
    public synchronized void closeRoundsUpTo(int round) {
        firstOpenRound = Math.max(firstOpenRound, round + 1);
        received.keySet().removeIf(k -> k.round() < firstOpenRound);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("closing the driver endpoint: {}", e.getMessage());
        }
        connections.shutdownNow();
        arrays.clear();
        synchronized (this) {
            received.clear();
            publishedInput = null;
        }
    }

    private void acceptAll() {
        while (server.isOpen()) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("accepting a task's connection: {}", e.getMessage());
                continue;
            }
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) { // closed while accepting: the task sees the connection close
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                return;
            }
        }
    }

    /**
     * Serves a connection's exchanges one after the other (tasks keep their connections between exchanges,
     * {@link TaskConnection}) until the task closes it, it stays idle for {@code idleMillis}, or an exchange is
     * refused.
     */
    private void serve(SocketChannel socket) {
        accepted.incrementAndGet();
        FrameChannel channel;
        try {
            channel = new FrameChannel(socket, Wire.READ_TIMEOUT_MILLIS);
        } catch (IOException e) {
            LOG.warn("setting up a task's connection: {}", e.toString());
            return;
        }
        try (channel) {
            ByteBuffer header = channel.read(Wire.HEADER_BYTES);
            while (header != null && serveExchange(Wire.readHeader(header, address.secret()), channel)) {
                header = channel.readNext(Wire.HEADER_BYTES, idleMillis);
            }
        } catch (IOException | RuntimeException e) {
            if (server.isOpen()) {
                LOG.warn("serving a task's connection from {}: {}", channel.peer(), e.toString());
            }
        }
    }

    /** One exchange; false once it was refused (the connection then closes). */
    private boolean serveExchange(Wire.Header header, FrameChannel channel) throws IOException {
        String refusal = header.key() == null ? "wrong secret: the connection is not from this run's tasks"
                : header.operation() == Wire.PUSH ? push(header.key(), channel)
                : header.operation() == Wire.PULL ? pull(header.key(), channel)
                : "unknown operation " + header.operation();
        if (refusal != null) {
            if (server.isOpen()) { // closing refuses the pulls waiting for a next round: no news
                LOG.warn("refused a task's connection from {}: {}", channel.peer(), refusal);
            }
            channel.answer(Wire.REFUSED, refusal);
            return false;
        }
        return true;
    }

    /** Reads the pushed result and keeps it; returns null once stored and acknowledged, or why it was refused. */
    private String push(TaskKey key, FrameChannel channel) throws IOException {
        String closed = closedRound(key);
        if (closed != null) {
            return closed;
        }
        channel.answer(Wire.PROCEED, null);
        R value;
        try {
            value = channel.readFrame(resultType, arrays::take);
        } catch (Wire.RefusedObjectException e) {
            return e.getMessage();
        }
        synchronized (this) {
            closed = closedRound(key);
            if (closed != null) {
                return closed;
            }
            received.put(key, value);
            notifyAll();
        }
        channel.answer(Wire.STORED, null);
        return null;
    }

    /**
     * A pull of the round after the published one waits for its publication (tasks pull the next round's input
     * ahead, while Spark schedules them); returns null unless it waited in vain.
     */
    private synchronized String awaitPublishOf(int round) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PUBLISH_WAIT_MILLIS);
        try {
            while (round == publishedRound + 1) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return "round " + round + " was not published within " + PUBLISH_WAIT_MILLIS + " ms";
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the endpoint closed before round " + round + " was published";
        }
        return null;
    }

    /** Writes the round's published input; returns null once answered, or why it is refused (and logged). */
    private String pull(TaskKey key, FrameChannel channel) throws IOException {
        Wire.Frame input;
        String notYet;
        synchronized (this) {
            notYet = awaitPublishOf(key.round());
            input = publishedInput;
            if (notYet == null && key.round() != publishedRound) {
                return "round " + key.round() + " is not the published round (" + publishedRound + ")";
            }
        }
        if (notYet != null) { // routine for a pull ahead: training ended, or the driver took long between rounds
            LOG.debug("a pull ahead went unanswered: {}", notYet);
            channel.answer(Wire.REFUSED, notYet);
            return null;
        }
        channel.answer(Wire.PROCEED, null);
        channel.writeFrame(input);
        return null;
    }

    private synchronized String closedRound(TaskKey key) {
        return key.round() < firstOpenRound ? "round " + key.round() + " is already merged" : null;
    }
}
