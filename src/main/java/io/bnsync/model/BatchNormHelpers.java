package io.bnsync.model;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link ChannelBatchNormHelper} into every BatchNorm layer of a network. DL4J M2.1 picks
 * a layer's helper itself when the layer is built and offers no setter, hence the one reflective
 * write; the saved model stays a plain DL4J model. Every place that builds or restores a network
 * calls {@link #install}. With {@code -Dbnsync.batchnorm.helper=dl4j}, or DL4J's helpers disabled,
 * networks keep what DL4J chose (for comparisons).
 */
public final class BatchNormHelpers {
    /** System property: "channel" (default) or "dl4j". */
    public static final String PROPERTY = "bnsync.batchnorm.helper";
    private static final Logger LOG = LoggerFactory.getLogger(BatchNormHelpers.class);
    private static final Field HELPER_FIELD = helperField();

    private BatchNormHelpers() {
    }

    /** Returns {@code net}, its BatchNorm layers now using {@link ChannelBatchNormHelper} when enabled. */
    public static MultiLayerNetwork install(MultiLayerNetwork net) {
        if (!enabled()) {
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
        boolean dl4jHelpersOff = Boolean.parseBoolean(System.getProperty(NativeBackend.HELPERS_DISABLE_PROPERTY, "true"));
        String choice = System.getProperty(PROPERTY, "channel");
        if (!choice.equals("channel") && !choice.equals("dl4j")) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be channel or dl4j, not " + choice);
        }
        return HELPER_FIELD != null && !dl4jHelpersOff && choice.equals("channel");
    }

    private static void set(BatchNormalization layer, ChannelBatchNormHelper helper) {
        try {
            HELPER_FIELD.set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set the BatchNorm helper of DL4J's layer", e);
        }
    }

    private static Field helperField() {
        try {
            Field field = BatchNormalization.class.getDeclaredField("helper");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.warn("DL4J's BatchNormalization has no accessible 'helper' field ({}); keeping DL4J's own helper",
                    e.toString());
            return null;
        }
    }
}
