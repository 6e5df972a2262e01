package io.bnsync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

class OptimizerKindTest {
    @Test
    void parseIgnoresCaseAndListsAllowedNames() {
        assertEquals(OptimizerKind.ADADELTA, OptimizerKind.parse("adadelta"));
        assertEquals(OptimizerKind.ADAM, OptimizerKind.parse(" Adam "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("sgd"));
        assertTrue(e.getMessage().contains("adadelta") && e.getMessage().contains("adam"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse(null));
    }

    @Test
    void updatersDecayPerEpoch() {
        IUpdater adadelta = OptimizerKind.ADADELTA.updater(1.0, 0.7);
        ScheduledAdaDelta a = assertInstanceOf(ScheduledAdaDelta.class, adadelta);
        assertEquals(0.9, a.getRho(), 0);
        assertEquals(1e-6, a.getEpsilon(), 0);
        assertEquals(0.7, adadelta.getLearningRate(999, 1), 1e-12);

        IUpdater adam = OptimizerKind.ADAM.updater(1e-3, 0.5);
        assertInstanceOf(Adam.class, adam);
        assertEquals(1e-3, adam.getLearningRate(0, 0), 1e-15);
        assertEquals(2.5e-4, adam.getLearningRate(0, 2), 1e-15);
    }

    @Test
    void defaultLearningRates() {
        assertEquals(1.0, OptimizerKind.ADADELTA.defaultLearningRate(), 0);
        assertEquals(1e-3, OptimizerKind.ADAM.defaultLearningRate(), 0);
    }
}
