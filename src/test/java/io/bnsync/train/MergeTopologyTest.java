package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.config.ConfigException;
import org.junit.jupiter.api.Test;

class MergeTopologyTest {
    @Test
    void autoIsDirectUpToFourWorkersAndSlicedAbove() {
        assertFalse(MergeTopology.AUTO.sliced(4));
        assertTrue(MergeTopology.AUTO.sliced(5));
        assertFalse(MergeTopology.DIRECT.sliced(128));
        assertTrue(MergeTopology.SLICED.sliced(1));
    }

    @Test
    void theSettingTakesAutoDirectOrSlicedAndNamesItselfOtherwise() {
        assertEquals(MergeTopology.SLICED, MergeTopology.parse(" Sliced "));
        ConfigException e = assertThrows(ConfigException.class, () -> MergeTopology.parse("tree"));
        assertEquals("invalid value 'tree' for spark.bnsync.merge: expected auto, direct or sliced", e.getMessage());
    }
}
