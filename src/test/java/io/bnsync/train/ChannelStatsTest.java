package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelStatsTest {
    private static final int CHANNELS = 3;

    @Test
    void mergingPartsInAnyOrderAndTreeShapeEqualsStatisticsOfConcatenation() {
        Random random = new Random(7);
        int[] sizes = {1, 17, 250, 0, 3000, 42};
        List<double[][]> parts = new ArrayList<>();
        for (int size : sizes) {
            double[][] part = new double[CHANNELS][size];
            for (int c = 0; c < CHANNELS; c++) {
                for (int k = 0; k < size; k++) {
                    part[c][k] = 100 + c * 5 + random.nextGaussian() * (1 + c) + (size % 7);
                }
            }
            parts.add(part);
        }
        ChannelStats whole = ChannelStats.ofValues(concat(parts));
        for (int trial = 0; trial < 5; trial++) {
            List<ChannelStats> stats = new ArrayList<>();
            for (double[][] p : parts) {
                stats.add(p[0].length == 0 ? ChannelStats.empty() : ChannelStats.ofValues(p));
            }
            Collections.shuffle(stats, random);
            assertClose(whole, mergeLeft(stats));
            assertClose(whole, mergeTree(stats, 0, stats.size()));
        }
    }

    @Test
    void emptyIsNeutralOnBothSides() {
        ChannelStats s = ChannelStats.of(4, new double[] {1, 2}, new double[] {3, 4});
        ChannelStats left = ChannelStats.empty().merge(s);
        ChannelStats right = s.copy().merge(ChannelStats.empty());
        assertClose(s, left);
        assertClose(s, right);
        assertEquals(0, ChannelStats.empty().merge(ChannelStats.empty()).count());
    }

    @Test
    void varianceIsBiasedAsDl4jUses() {
        ChannelStats s = ChannelStats.ofValues(new double[][] {{1, 2, 3, 4}});
        assertEquals(1.25, s.variance()[0], 1e-15);
    }

    private static ChannelStats mergeLeft(List<ChannelStats> stats) {
        ChannelStats acc = ChannelStats.empty();
        for (ChannelStats s : stats) {
            acc.merge(s.copy());
        }
        return acc;
    }

    private static ChannelStats mergeTree(List<ChannelStats> stats, int from, int to) {
        if (to - from == 1) {
            return stats.get(from).copy();
        }
        int mid = (from + to) / 2;
        return mergeTree(stats, from, mid).merge(mergeTree(stats, mid, to));
    }

    private static double[][] concat(List<double[][]> parts) {
        int n = parts.stream().mapToInt(p -> p[0].length).sum();
        double[][] all = new double[CHANNELS][n];
        int offset = 0;
        for (double[][] p : parts) {
            for (int c = 0; c < CHANNELS; c++) {
                System.arraycopy(p[c], 0, all[c], offset, p[c].length);
            }
            offset += p[0].length;
        }
        return all;
    }

    private static void assertClose(ChannelStats expected, ChannelStats actual) {
        assertEquals(expected.count(), actual.count());
        for (int c = 0; c < expected.channels(); c++) {
            assertRelative(expected.mean()[c], actual.mean()[c]);
            assertRelative(expected.variance()[c], actual.variance()[c]);
        }
    }

    private static void assertRelative(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-12, "relative error above 1e-12");
    }
}
