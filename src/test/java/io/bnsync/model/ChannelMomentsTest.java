package io.bnsync.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ChannelMomentsTest {
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
        ChannelMoments whole = ChannelMoments.ofValues(concat(parts));
        for (int trial = 0; trial < 5; trial++) {
            List<ChannelMoments> stats = new ArrayList<>();
            for (double[][] p : parts) {
                stats.add(p[0].length == 0 ? ChannelMoments.empty() : ChannelMoments.ofValues(p));
            }
            Collections.shuffle(stats, random);
            assertClose(whole, mergeLeft(stats));
            assertClose(whole, mergeTree(stats, 0, stats.size()));
        }
    }

    @Test
    void emptyIsNeutralOnBothSides() {
        ChannelMoments s = ChannelMoments.of(4, new double[] {1, 2}, new double[] {3, 4});
        ChannelMoments left = ChannelMoments.empty().merge(s);
        ChannelMoments right = s.copy().merge(ChannelMoments.empty());
        assertClose(s, left);
        assertClose(s, right);
        assertEquals(0, ChannelMoments.empty().merge(ChannelMoments.empty()).count());
    }

    @Test
    void varianceIsBiasedAsDl4jUses() {
        ChannelMoments s = ChannelMoments.ofValues(new double[][] {{1, 2, 3, 4}});
        assertEquals(1.25, s.variance()[0], 1e-15);
    }

    private static ChannelMoments mergeLeft(List<ChannelMoments> stats) {
        ChannelMoments acc = ChannelMoments.empty();
        for (ChannelMoments s : stats) {
            acc.merge(s.copy());
        }
        return acc;
    }

    private static ChannelMoments mergeTree(List<ChannelMoments> stats, int from, int to) {
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

    private static void assertClose(ChannelMoments expected, ChannelMoments actual) {
        assertEquals(expected.count(), actual.count());
        for (int c = 0; c < expected.channels(); c++) {
            assertRelative(expected.mean()[c], actual.mean()[c]);
            assertRelative(expected.variance()[c], actual.variance()[c]);
        }
    }

    @Test
    void splittingTheChannelsOverThreadsChangesNoBit() {
        float[] values = new float[7 * 5 * 33];
        Random random = new java.util.Random(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 3 + 100);
        }
        ChannelMoments whole = ChannelMoments.of(values, 7, 5, 33);
        for (int parts = 2; parts <= 6; parts++) {
            ChannelMoments split = ChannelMoments.of(values, 7, 5, 33, parts);
            assertArrayEquals(whole.mean(), split.mean(), "parts " + parts); // bitwise
            assertArrayEquals(whole.m2(), split.m2(), "parts " + parts);
        }
    }

    private static void assertRelative(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-12, "relative error above 1e-12");
    }

    /** The float fast path against the same moments computed by ND4J on a double copy. */
    private static void assertMatchesDoubleNd4j(INDArray floats) {
        ChannelMoments fast = ChannelMoments.of(floats, null);
        ChannelMoments reference = ChannelMoments.of(floats.castTo(DataType.DOUBLE), null);
        assertEquals(reference.count(), fast.count());
        double[] em = reference.mean();
        double[] am = fast.mean();
        double[] ev = reference.variance();
        double[] av = fast.variance();
        assertEquals(em.length, am.length);
        for (int c = 0; c < em.length; c++) {
            assertTrue(Math.abs(em[c] - am[c]) <= 1e-10 * Math.max(1, Math.abs(em[c])), "mean, channel " + c);
            assertTrue(Math.abs(ev[c] - av[c]) <= 1e-9 * ev[c], "variance, channel " + c + ": " + ev[c] + " vs " + av[c]);
        }
    }

    @Test
    void convolutionalMomentsEqualNd4jsInDouble() {
        NativeRuntime.start();
        Nd4j.getRandom().setSeed(1);
        assertMatchesDoubleNd4j(Nd4j.randn(DataType.FLOAT, 6, 5, 7, 3).muli(2).addi(1));
    }

    @Test
    void largeMeansDoNotCancelTheVariance() {
        NativeRuntime.start();
        Nd4j.getRandom().setSeed(2);
        assertMatchesDoubleNd4j(Nd4j.randn(DataType.FLOAT, 64, 4, 6, 6).addi(1000));
    }

    @Test
    void denseAndViewMomentsEqualNd4jsInDouble() {
        NativeRuntime.start();
        Nd4j.getRandom().setSeed(3);
        assertMatchesDoubleNd4j(Nd4j.randn(DataType.FLOAT, 33, 9));
        INDArray fOrder = Nd4j.randn(DataType.FLOAT, 10, 4, 3, 3).dup('f');
        assertMatchesDoubleNd4j(fOrder);
    }
}
