package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.config.ConfigException;
import io.bnsync.config.Partitioning;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardPlanTest {
    private static byte[] labels(int n) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) ((i * 7) % 10);
        }
        return labels;
    }

    @Test
    void iidShardsCoverEveryExampleOnceWithSizesDifferingByAtMostOne() {
        byte[] labels = labels(1003);
        ShardPlan plan = ShardPlan.create(labels, 4, Partitioning.IID, 1, 0);
        Set<String> slots = new HashSet<>();
        int[] counts = new int[4];
        for (int id = 0; id < labels.length; id++) {
            counts[plan.shardOf(id)]++;
            assertTrue(slots.add(plan.shardOf(id) + ":" + plan.positionOf(id)), "two examples in one slot");
        }
        for (int w = 0; w < 4; w++) {
            assertEquals(plan.shardSize(w), counts[w]);
        }
        assertEquals(1, plan.largestShard() - plan.smallestShard());
    }

    @Test
    void epochsReshuffleButTheSameSeedReproduces() {
        byte[] labels = labels(200);
        ShardPlan a = ShardPlan.create(labels, 2, Partitioning.IID, 1, 0);
        ShardPlan again = ShardPlan.create(labels, 2, Partitioning.IID, 1, 0);
        ShardPlan next = ShardPlan.create(labels, 2, Partitioning.IID, 1, 1);
        int moved = 0;
        for (int id = 0; id < labels.length; id++) {
            assertEquals(a.positionOf(id), again.positionOf(id));
            if (a.positionOf(id) != next.positionOf(id)) {
                moved++;
            }
        }
        assertTrue(moved > 100);
    }

    @Test
    void byLabelShardsHoldDisjointLabelRanges() {
        byte[] labels = labels(1000); // 100 of each label
        ShardPlan plan = ShardPlan.create(labels, 2, Partitioning.BY_LABEL, 1, 0);
        for (int id = 0; id < labels.length; id++) {
            assertEquals(labels[id] < 5 ? 0 : 1, plan.shardOf(id), "label " + labels[id]);
        }
        ShardPlan iid = ShardPlan.create(labels, 2, Partitioning.IID, 1, 0);
        int low = 0;
        for (int id = 0; id < labels.length; id++) {
            if (iid.shardOf(id) == 0 && labels[id] < 5) {
                low++;
            }
        }
        assertNotEquals(500, low, "iid shard 0 should mix labels");
    }

    @Test
    void skewedShardsGrowLinearly() {
        ShardPlan plan = ShardPlan.create(labels(1000), 4, Partitioning.SKEWED, 1, 0);
        assertEquals(100, plan.shardSize(0));
        assertEquals(200, plan.shardSize(1));
        assertEquals(300, plan.shardSize(2));
        assertEquals(400, plan.shardSize(3));
    }

    @Test
    void moreWorkersThanExamplesIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ShardPlan.create(labels(3), 4, Partitioning.IID, 1, 0));
        assertTrue(e.getMessage().contains("workers (4) exceed the training samples (3)"), e.getMessage());
    }
}
