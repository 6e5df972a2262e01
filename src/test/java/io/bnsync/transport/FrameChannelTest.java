package io.bnsync.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FrameChannelTest {
    /** A class that sends its arrays beside the stream, as the project's state classes do. */
    static final class TwoArrays implements Serializable {
        private static final long serialVersionUID = 1L;
        transient float[] first;
        transient float[] second;
        final String name;

        TwoArrays(String name, float[] first, float[] second) {
            this.name = name;
            this.first = first;
            this.second = second;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeInt(DetachedFloats.detach(out, first));
            out.writeInt(DetachedFloats.detach(out, second));
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            first = DetachedFloats.attached(in, in.readInt());
            second = DetachedFloats.attached(in, in.readInt());
        }
    }

    private static float[] anyBits(int n, int seed) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = Float.intBitsToFloat(seed * 7919 + i * 31); // NaN payloads, −0, subnormals
        }
        return values;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** Both ends of a loopback connection; the accepted end reads with {@code timeoutMillis}. */
    private static FrameChannel[] pair(ServerSocketChannel server, long timeoutMillis) throws IOException {
        FrameChannel client = FrameChannel.connect((InetSocketAddress) server.getLocalAddress(), 5_000, 5_000);
        return new FrameChannel[] {client, new FrameChannel(server.accept(), timeoutMillis)};
    }

    @Test
    void detachedArraysArriveBitForBitBesideTheirObjectWhetherSentOrPublished() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            FrameChannel[] ends = pair(server, 5_000);
            try (FrameChannel client = ends[0]; FrameChannel endpoint = ends[1]) {
                // more than one chunk, and a length that is not a multiple of it
                TwoArrays sent = new TwoArrays("state", anyBits(Wire.CHUNK_BYTES / 2 + 3, 1), anyBits(0, 2));
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                    try {
                        client.writeFrame(sent);
                        Wire.Frame published = Wire.frame(sent); // as the endpoint publishes: one frame, sent twice
                        client.writeFrame(published);
                        client.writeFrame(published);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (int i = 0; i < 3; i++) {
                    TwoArrays got = endpoint.readFrame(TwoArrays.class);
                    assertEquals("state", got.name);
                    assertArrayEquals(bits(sent.first), bits(got.first));
                    assertEquals(0, got.second.length);
                }
                writing.get();
            }
        }
    }

    @Test
    void aSideThatSendsNothingTimesOutInsteadOfHoldingTheThread() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            FrameChannel[] ends = pair(server, 200);
            try (FrameChannel client = ends[0]; FrameChannel endpoint = ends[1]) {
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                        () -> endpoint.read(Wire.HEADER_BYTES));
                assertEquals("no progress for 200 ms", e.getMessage());
            }
        }
    }

    @Test
    void aFrameWithANegativeLengthIsRefusedBeforeAnythingIsAllocated() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            FrameChannel[] ends = pair(server, 5_000);
            try (FrameChannel client = ends[0]; FrameChannel endpoint = ends[1]) {
                client.write(ByteBuffer.allocate(8).putInt(16).putInt(-1).flip());
                IOException e = assertThrows(IOException.class, () -> endpoint.readFrame(Object.class));
                assertTrue(e.getMessage().contains("negative array count length"), e.getMessage());
            }
        }
    }
}
