package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bnsync.config.ConfigException;
import org.junit.jupiter.api.Test;

class MergeTopologyTest {
    @Test
    void autoIsDirectUpToFourWorkersAndSlicedAboveAndAChoiceStays() {
        assertEquals(MergeTopology.DIRECT, MergeTopology.AUTO.resolve(4));
        assertEquals(MergeTopology.SLICED, MergeTopology.AUTO.resolve(5));
        assertEquals(MergeTopology.DIRECT, MergeTopology.DIRECT.resolve(128));
        assertEquals(MergeTopology.PUSH, MergeTopology.PUSH.resolve(128));
        assertEquals(MergeTopology.SLICED, MergeTopology.SLICED.resolve(1));
    }

    @Test
    void theSettingTakesAutoDirectPushOrSlicedAndNamesItselfOtherwise() {
        assertEquals(MergeTopology.SLICED, MergeTopology.parse(" Sliced "));
        assertEquals(MergeTopology.PUSH, MergeTopology.parse("push"));
        ConfigException e = assertThrows(ConfigException.class, () -> MergeTopology.parse("tree"));
        assertEquals("invalid value 'tree' for spark.bnsync.merge: expected auto, direct, push or sliced",
                e.getMessage());
    }
}
