package io.bnsync.train;

import io.bnsync.model.ChannelMoments;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * BatchNorm input statistics of one round: for every BN layer (outer index, forward order) and
 * every minibatch step of the round (inner index), a {@link ChannelMoments}. Merging two rounds'
 * worth from different workers merges step k with step k, giving the exact statistics of the union of the
 * workers' BN inputs at each step. That is not what one process training on the global batch would see: each
 * worker's weights drift within a round, and layers after the first BN normalise with local batch statistics.
 */
public final class BnStepStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<List<ChannelMoments>> byLayer;

    private BnStepStats(List<List<ChannelMoments>> byLayer) {
        this.byLayer = byLayer;
    }

    public static BnStepStats empty(int layers) {
        List<List<ChannelMoments>> byLayer = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            byLayer.add(new ArrayList<>());
        }
        return new BnStepStats(byLayer);
    }

    /** Records the input statistics of BN layer {@code layer} at step {@code step}. */
    public void record(int layer, int step, ChannelMoments stats) {
        List<ChannelMoments> steps = byLayer.get(layer);
        while (steps.size() <= step) {
            steps.add(ChannelMoments.empty());
        }
        steps.get(step).merge(stats);
    }

    /** Step-wise merge of {@code other} into this; returns this. */
    public BnStepStats merge(BnStepStats other) {
        if (other.byLayer.size() != byLayer.size()) {
            throw new IllegalArgumentException("BN layer counts differ");
        }
        for (int l = 0; l < byLayer.size(); l++) {
            List<ChannelMoments> theirs = other.byLayer.get(l);
            for (int s = 0; s < theirs.size(); s++) {
                record(l, s, theirs.get(s));
            }
        }
        return this;
    }

    public int layers() {
        return byLayer.size();
    }

    public int steps(int layer) {
        return byLayer.get(layer).size();
    }

    public ChannelMoments get(int layer, int step) {
        return byLayer.get(layer).get(step);
    }
}
