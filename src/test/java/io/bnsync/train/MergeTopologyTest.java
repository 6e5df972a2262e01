package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bnsync.config.ConfigException;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class MergeTopologyTest {
    private static final SparkConf PLAIN = new SparkConf(false);
    private static final SparkConf ENCRYPTED = new SparkConf(false).set("spark.network.crypto.enabled", "true");

    @Test
    void autoPushesUpToFourWorkersUnlessSparkEncryptsAndSlicesAbove() {
        assertEquals(MergeTopology.PUSH, MergeTopology.AUTO.resolve(4, PLAIN));
        assertEquals(MergeTopology.DIRECT, MergeTopology.AUTO.resolve(4, ENCRYPTED));
        assertEquals(MergeTopology.SLICED, MergeTopology.AUTO.resolve(5, PLAIN));
        assertEquals(MergeTopology.SLICED, MergeTopology.AUTO.resolve(5, ENCRYPTED));
    }

    @Test
    void aChoiceOtherThanAutoStays() {
        assertEquals(MergeTopology.DIRECT, MergeTopology.DIRECT.resolve(128, PLAIN));
        assertEquals(MergeTopology.PUSH, MergeTopology.PUSH.resolve(128, ENCRYPTED));
        assertEquals(MergeTopology.SLICED, MergeTopology.SLICED.resolve(1, PLAIN));
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
