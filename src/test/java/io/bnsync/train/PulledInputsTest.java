package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.transport.DriverEndpoint;
import io.bnsync.transport.EndpointAddress;
import io.bnsync.transport.TaskKey;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PulledInputsTest {
    private static RoundInput input(int round) {
        return new RoundInput(new float[] {round, -0.0f, Float.NaN}, new float[] {round * 2f}, 5, 0, round, 0, 1, 64,
                7, -1);
    }

    @AfterEach
    void forget() {
        PulledInputs.forget();
    }

    @Test
    void theNextRoundsInputPulledAheadServesThatRoundsTasksWithoutAnotherPull() throws Exception {
        EndpointAddress at;
        try (DriverEndpoint<WorkerUpdate> endpoint = DriverEndpoint.open(WorkerUpdate.class, "127.0.0.1",
                "127.0.0.1", 0)) {
            at = endpoint.address();
            endpoint.publish(3, input(3));
            assertEquals(3, PulledInputs.get(at, new TaskKey(3, 0, 10)).round());
            var ahead = PulledInputs.pullNextAhead(at, new TaskKey(3, 0, 10)); // waits for round 4's publication
            assertTrue(PulledInputs.pullNextAhead(at, new TaskKey(3, 1, 11)) == ahead, "one pull ahead per JVM");
            endpoint.publish(4, input(4));
            assertEquals(4, ahead.get().round());
        }
        // the endpoint is gone: round 4's tasks find its input all the same, so they did not pull it again
        RoundInput four = PulledInputs.get(at, new TaskKey(4, 1, 12));
        assertEquals(4, four.round());
        assertArrayEquals(input(4).params(), four.params());
        IOException gone = assertThrows(IOException.class, () -> PulledInputs.get(at, new TaskKey(5, 0, 13)));
        assertTrue(gone.getMessage().startsWith("cannot pull the round's input of "), gone.getMessage());
    }

    @Test
    void aPullAheadForAnotherRoundIsDroppedAndTheTaskPullsItsOwn() throws Exception {
        try (DriverEndpoint<WorkerUpdate> endpoint = DriverEndpoint.open(WorkerUpdate.class, "127.0.0.1",
                "127.0.0.1", 0)) {
            EndpointAddress at = endpoint.address();
            endpoint.publish(8, input(8));
            PulledInputs.pullNextAhead(at, new TaskKey(7, 0, 20)).get(); // round 8's, pulled
            endpoint.publish(9, input(9)); // round 8 retried elsewhere and over: its input is not the one wanted
            assertEquals(9, PulledInputs.get(at, new TaskKey(9, 0, 21)).round());
        }
    }
}
