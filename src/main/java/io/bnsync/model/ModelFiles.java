package io.bnsync.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Reads and writes the seed net as DL4J ModelSerializer zips (updater state included), by URI. */
public final class ModelFiles {
    private ModelFiles() {
    }

    public static void write(MultiLayerNetwork net, OutputStream out) throws IOException {
        ModelSerializer.writeModel(net, out, true);
    }

    /** Loads a model and checks that it is the seed net's architecture. */
    public static MultiLayerNetwork read(String uri, Configuration conf) {
        return fromBytes(readBytes(uri, conf), uri);
    }

    /** A model file's bytes, as stored (to ship to executors once). */
    public static byte[] readBytes(String uri, Configuration conf) {
        Path path = new Path(uri);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                throw new ModelException(uri + ": no such model file");
            }
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new ModelException(uri + ": not a readable DL4J model (" + firstLine(e) + ")");
        }
    }

    /** The seed net a model file's bytes hold, with this project's BatchNorm helper; {@code name} for errors. */
    public static MultiLayerNetwork fromBytes(byte[] zip, String name) {
        NativeRuntime.start();
        MultiLayerNetwork net;
        try (InputStream in = new java.io.ByteArrayInputStream(zip)) {
            net = ModelSerializer.restoreMultiLayerNetwork(in, true);
        } catch (IOException | RuntimeException e) {
            throw new ModelException(name + ": not a readable DL4J model (" + firstLine(e) + ")");
        }
        checkSeedArchitecture(net, name);
        return NativeRuntime.prepare(net);
    }

    /** Refuses a network whose layer sequence or parameter count differs from the seed net's. */
    public static void checkSeedArchitecture(MultiLayerNetwork net, String name) {
        MultiLayerNetwork seed = new MultiLayerNetwork(SeedNet.configuration(0, new org.nd4j.linalg.learning.config.Sgd()));
        String expected = layerTypes(seed.getLayerWiseConfigurations().getConfs().stream().map(c -> c.getLayer()).toArray(Layer[]::new));
        String actual = layerTypes(net.getLayerWiseConfigurations().getConfs().stream().map(c -> c.getLayer()).toArray(Layer[]::new));
        if (!expected.equals(actual) || net.numParams() != SeedNet.TOTAL_PARAMS) {
            throw new ModelException(name + ": not the seed net architecture (" + net.getnLayers() + " layers, "
                    + net.numParams() + " parameters; expected " + SeedNet.TOTAL_PARAMS + ")");
        }
    }

    private static String layerTypes(Layer[] layers) {
        return Arrays.toString(Arrays.stream(layers).map(l -> l.getClass().getSimpleName()).toArray());
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
