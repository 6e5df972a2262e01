package io.bnsync.model;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Puts a {@link ChannelBatchNormHelper} into every BatchNorm layer of a network. DL4J M2.1 picks
 * a layer's helper itself when the layer is built and offers no setter, hence the one reflective
 * write; the saved model stays a plain DL4J model. Every place that builds or restores a network
 * goes through {@link NativeRuntime#prepare}, which installs it and checks it is in effect. With
 * {@code -Dbnsync.batchnorm.helper=dl4j}, or DL4J's helpers disabled, networks keep what DL4J chose (for
 * comparisons).
 */
public final class BatchNormHelpers {
    /** System property: "channel" (default) or "dl4j". */
    public static final String PROPERTY = "bnsync.batchnorm.helper";
    /** DL4J's private field, or null when this DL4J has none we can write ({@link #unavailableReason} says why). */
    private static final Field HELPER_FIELD;
    private static final String UNAVAILABLE;

    static {
        Field field = null;
        String reason = "";
        try {
            field = BatchNormalization.class.getDeclaredField("helper");
            field.setAccessible(true);
        } catch (NoSuchFieldException | RuntimeException e) {
            reason = "DL4J's BatchNormalization has no accessible 'helper' field: " + e;
        }
        HELPER_FIELD = field;
        UNAVAILABLE = reason;
    }

    private BatchNormHelpers() {
    }

    /** Returns {@code net}, its BatchNorm layers now using {@link ChannelBatchNormHelper} when enabled. */
    public static MultiLayerNetwork install(MultiLayerNetwork net) {
        if (!enabled() || HELPER_FIELD == null) {
            return net;
        }
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization) {
                set((BatchNormalization) layer, new ChannelBatchNormHelper());
            }
        }
        return net;
    }

    /** Whether {@link #install} replaces DL4J's BatchNorm helper in this JVM. */
    public static boolean enabled() {
        boolean dl4jHelpersOff = Boolean.parseBoolean(System.getProperty(NativeRuntime.HELPERS_DISABLE_PROPERTY, "true"));
        String choice = System.getProperty(PROPERTY, "channel");
        if (!choice.equals("channel") && !choice.equals("dl4j")) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be channel or dl4j, not " + choice);
        }
        return !dl4jHelpersOff && choice.equals("channel");
    }

    /** Why {@link #install} cannot put the helper in, or "" when it can. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    private static void set(BatchNormalization layer, ChannelBatchNormHelper helper) {
        try {
            HELPER_FIELD.set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set the BatchNorm helper of DL4J's layer", e);
        }
    }
}
