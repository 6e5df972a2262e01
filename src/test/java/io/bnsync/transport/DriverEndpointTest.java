package io.bnsync.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DriverEndpointTest {
    private static ArrayList<Object> state(int seed) {
        float[] values = new float[300_000]; // several socket buffers' worth
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(seed * 7919 + i * 31); // any bits: NaN payloads, −0, subnormals
        }
        return new ArrayList<>(List.of("worker " + seed, values));
    }

    private static DriverEndpoint<ArrayList> open() throws IOException {
        return DriverEndpoint.open(ArrayList.class, "127.0.0.1", "127.0.0.1", 0);
    }

    @Test
    void resultsPushedAtOnceAreTakenBackWithTheirBitsByKey() throws Exception {
        ExecutorService tasks = Executors.newFixedThreadPool(3);
        try (DriverEndpoint<ArrayList> endpoint = open()) {
            List<Future<?>> sent = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                TaskKey key = new TaskKey(5, p, 100 + p);
                ArrayList<Object> value = state(p);
                sent.add(tasks.submit(() -> {
                    Push.send(endpoint.address(), key, value);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            for (int p = 2; p >= 0; p--) {
                ArrayList<?> got = endpoint.take(new TaskKey(5, p, 100 + p));
                assertEquals("worker " + p, got.get(0));
                assertArrayEquals(floatBits((float[]) state(p).get(1)), floatBits((float[]) got.get(1)));
            }
        } finally {
            tasks.shutdownNow();
        }
    }

    @Test
    void thePublishedRoundsInputIsPulledWithItsBitsAndOtherRoundsAreRefused() throws Exception {
        try (DriverEndpoint<ArrayList> endpoint = open()) {
            endpoint.publish(4, state(9));
            ArrayList<?> pulled = Pull.fetch(endpoint.address(), new TaskKey(4, 1, 11), ArrayList.class);
            assertArrayEquals(floatBits((float[]) state(9).get(1)), floatBits((float[]) pulled.get(1)));
            IOException stale = assertThrows(IOException.class,
                    () -> Pull.fetch(endpoint.address(), new TaskKey(3, 1, 12), ArrayList.class));
            assertTrue(stale.getMessage().contains("round 3 is not the published round (4)"), stale.getMessage());
            IOException wrongType = assertThrows(IOException.class,
                    () -> Pull.fetch(endpoint.address(), new TaskKey(4, 1, 13), String.class));
            assertTrue(wrongType.getMessage().startsWith("cannot pull the round's input of ")
                    && wrongType.getMessage().endsWith(": expected a String, got a java.util.ArrayList"),
                    wrongType.getMessage());
        }
    }

    @Test
    void aPullOfTheNextRoundWaitsForItsPublicationAndOneFurtherAheadIsRefused() throws Exception {
        ExecutorService tasks = Executors.newSingleThreadExecutor();
        try (DriverEndpoint<ArrayList> endpoint = open()) {
            endpoint.publish(6, state(6));
            Future<ArrayList> ahead = tasks.submit(() -> Pull.fetch(endpoint.address(), new TaskKey(7, 0, 1),
                    ArrayList.class));
            IOException further = assertThrows(IOException.class,
                    () -> Pull.fetch(endpoint.address(), new TaskKey(8, 0, 2), ArrayList.class));
            assertTrue(further.getMessage().contains("round 8 is not the published round (6)"), further.getMessage());
            Thread.sleep(200);
            assertTrue(!ahead.isDone(), "answered before round 7 was published");
            endpoint.publish(7, state(7));
            assertArrayEquals(floatBits((float[]) state(7).get(1)), floatBits((float[]) ahead.get().get(1)));
            Future<ArrayList> waiting = tasks.submit(() -> Pull.fetch(endpoint.address(), new TaskKey(8, 0, 3),
                    ArrayList.class));
            Thread.sleep(200);
            endpoint.close(); // the end of training: a pull waiting for a round that never comes is let go
            Exception e = assertThrows(Exception.class, waiting::get);
            assertTrue(e.getCause() instanceof IOException, e.toString());
        } finally {
            tasks.shutdownNow();
        }
    }

    @Test
    void anArrayGivenBackIsFilledWholeByTheNextPushOfItsLengthAndNothingOfItsOldValuesRemains() throws Exception {
        try (DriverEndpoint<FrameChannelTest.TwoArrays> endpoint = DriverEndpoint.open(FrameChannelTest.TwoArrays.class,
                "127.0.0.1", "127.0.0.1", 0)) {
            float[] first = (float[]) state(1).get(1);
            float[] second = (float[]) state(2).get(1);
            Push.send(endpoint.address(), new TaskKey(0, 0, 1), new FrameChannelTest.TwoArrays("a", first, first));
            FrameChannelTest.TwoArrays a = endpoint.take(new TaskKey(0, 0, 1));
            endpoint.reuse(a.first);
            Push.send(endpoint.address(), new TaskKey(1, 0, 2), new FrameChannelTest.TwoArrays("b", second, second));
            FrameChannelTest.TwoArrays b = endpoint.take(new TaskKey(1, 0, 2));
            assertTrue(b.first == a.first ^ b.second == a.first, "the array given back is read into again, once");
            assertArrayEquals(floatBits(second), floatBits(b.first));
            assertArrayEquals(floatBits(second), floatBits(b.second));
        }
    }

    @Test
    void aConnectionWithoutTheRunsSecretIsRefusedAndNothingKept() throws Exception {
        try (DriverEndpoint<ArrayList> endpoint = open()) {
            endpoint.publish(0, state(1));
            EndpointAddress forged = new EndpointAddress("127.0.0.1", endpoint.address().port(),
                    new byte[Wire.SECRET_BYTES]);
            IOException push = assertThrows(IOException.class, () -> Push.send(forged, new TaskKey(0, 0, 1), state(0)));
            assertTrue(push.getMessage().contains("wrong secret"), push.getMessage());
            IOException pull = assertThrows(IOException.class,
                    () -> Pull.fetch(forged, new TaskKey(0, 0, 1), ArrayList.class));
            assertTrue(pull.getMessage().contains("wrong secret"), pull.getMessage());
            Push.send(endpoint.address(), new TaskKey(0, 1, 2), state(1));
            assertEquals("worker 1", endpoint.take(new TaskKey(0, 1, 2)).get(0));
            assertThrows(IllegalStateException.class, () -> endpoint.takeWithin(new TaskKey(0, 0, 1), 10));
        }
    }

    @Test
    void closedRoundsAreDroppedAndLaterPushesForThemRefused() throws Exception {
        try (DriverEndpoint<ArrayList> endpoint = open()) {
            Push.send(endpoint.address(), new TaskKey(3, 0, 7), state(0)); // e.g. an attempt that failed after it
            endpoint.closeRoundsUpTo(3);
            assertThrows(IllegalStateException.class, () -> endpoint.takeWithin(new TaskKey(3, 0, 7), 10));
            IOException late = assertThrows(IOException.class,
                    () -> Push.send(endpoint.address(), new TaskKey(3, 0, 8), state(0)));
            assertTrue(late.getMessage().contains("round 3 is already merged"), late.getMessage());
            Push.send(endpoint.address(), new TaskKey(4, 0, 9), state(2));
            assertEquals("worker 2", endpoint.take(new TaskKey(4, 0, 9)).get(0));
        }
    }

    @Test
    void classesOutsideTheProjectAndTheJdksCollectionsAreNotDeserialized() throws Exception {
        try (DriverEndpoint<ArrayList> endpoint = open()) {
            ArrayList<Object> value = new ArrayList<>(List.of(java.time.LocalDate.of(2026, 12, 2)));
            IOException e = assertThrows(IOException.class,
                    () -> Push.send(endpoint.address(), new TaskKey(0, 0, 1), value));
            assertTrue(e.getMessage().contains("a class this project does not read"), e.getMessage());
            IOException wrongType = assertThrows(IOException.class,
                    () -> Push.send(endpoint.address(), new TaskKey(0, 0, 2), "a string"));
            assertTrue(wrongType.getMessage().contains("expected a ArrayList, got a java.lang.String"),
                    wrongType.getMessage());
        }
    }

    @Test
    void aTaskThatCannotReachTheEndpointSaysWhatItTriedAndWhere() throws Exception {
        EndpointAddress gone;
        try (DriverEndpoint<ArrayList> endpoint = open()) {
            gone = endpoint.address();
        }
        IOException e = assertThrows(IOException.class, () -> Push.send(gone, new TaskKey(2, 1, 3), state(0)));
        assertTrue(e.getMessage().startsWith("cannot push the result of TaskKey[round=2, partition=1, taskAttempt=3]"
                + " at the driver's endpoint 127.0.0.1:" + gone.port() + ": "), e.getMessage());
    }

    @Test
    void aJvmsExchangesOneAfterAnotherShareOneConnectionAndARefusalClosesIt() throws Exception {
        try (DriverEndpoint<ArrayList> endpoint = open()) {
            endpoint.publish(1, state(1));
            Pull.fetch(endpoint.address(), new TaskKey(1, 0, 1), ArrayList.class);
            Push.send(endpoint.address(), new TaskKey(1, 0, 1), state(2));
            Push.send(endpoint.address(), new TaskKey(1, 1, 2), state(3));
            assertEquals(1, endpoint.acceptedConnections());
            assertArrayEquals(floatBits((float[]) state(3).get(1)),
                    floatBits((float[]) endpoint.take(new TaskKey(1, 1, 2)).get(1)));
            endpoint.closeRoundsUpTo(1);
            IOException late = assertThrows(IOException.class,
                    () -> Push.send(endpoint.address(), new TaskKey(1, 2, 3), state(4)));
            assertTrue(late.getMessage().endsWith("round 1 is already merged"), late.getMessage());
            assertEquals(1, endpoint.acceptedConnections(), "a refusal is not tried again on a new connection");
            Push.send(endpoint.address(), new TaskKey(2, 0, 4), state(5)); // the refused connection was closed
            assertEquals(2, endpoint.acceptedConnections());
        }
    }

    @Test
    void aKeptConnectionThatTheEndpointClosedWhileIdleIsReplacedByANewOne() throws Exception {
        try (DriverEndpoint<ArrayList> endpoint =
                     DriverEndpoint.open(ArrayList.class, "127.0.0.1", "127.0.0.1", 0, 100)) {
            Push.send(endpoint.address(), new TaskKey(1, 0, 1), state(1));
            Thread.sleep(600); // the endpoint closes it after 100 ms idle; the task still holds it
            Push.send(endpoint.address(), new TaskKey(1, 1, 2), state(2));
            assertEquals(2, endpoint.acceptedConnections());
            assertArrayEquals(floatBits((float[]) state(2).get(1)),
                    floatBits((float[]) endpoint.take(new TaskKey(1, 1, 2)).get(1)));
        }
    }

    private static int[] floatBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
