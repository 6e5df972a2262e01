package io.bnsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromotionGateTest {
    private final PromotionGate gate = new PromotionGate(0.01);

    @Test
    void promotesWithinToleranceAndRefusesBelow() {
        assertTrue(gate.decide(0.985, 0.1, 0.99).promote());
        assertTrue(gate.decide(0.98, 0.1, 0.99).promote());
        assertFalse(gate.decide(0.979, 0.1, 0.99).promote());
    }

    @Test
    void firstModelIsPromotedAndNaNNever() {
        assertTrue(gate.decide(0.5, 1.0, Double.NaN).promote());
        assertFalse(gate.decide(Double.NaN, 0.1, 0.9).promote());
        assertFalse(gate.decide(0.99, Double.NaN, Double.NaN).promote());
    }
}
