package io.bnsync.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Everything this project does so that DL4J M2.1 runs at its measured speed, in one place, once per JVM:
 * <ol>
 *   <li>{@link #start}, before ND4J first loads: choose ND4J's native build (the AVX-512 oneDNN build is fastest but
 *       crashes on CPUs without AVX-512, hence the detection) and turn DL4J's oneDNN layer helpers on (off by
 *       default in M2.1). The driver starts it in {@code Main}; executors in {@code NativeStartupPlugin}, Spark's
 *       executor start-up hook ({@code spark.plugins}); library entry points that build networks start it too.
 *       Settings a user passed with {@code -D} are kept.</li>
 *   <li>The shim {@code org.nd4j.nativeblas.Nd4jCpu} (it must carry the old class name DL4J looks up): without it
 *       DL4J silently never uses its oneDNN helpers.</li>
 *   <li>{@link #prepare}, for every network built or restored: this project's BatchNorm helper
 *       ({@link BatchNormHelpers}), DL4J's cache of forward outputs for the backward pass, then a self-check that
 *       fails loudly when the oneDNN helpers or the BatchNorm helper are not in effect although nothing turned them
 *       off — DL4J would otherwise run 3-4x slower without a word.</li>
 * </ol>
 * {@link #status} says what is in effect, for metrics.json.
 */
public final class NativeRuntime {
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    private static final String NATIVE_JAR_PROBE =
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64%s/";

    private static volatile boolean started;

    private NativeRuntime() {
    }

    /** Idempotent; must run before the first ND4J class initializes. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        if (System.getProperty(EXTENSION_PROPERTY) == null) {
            System.setProperty(EXTENSION_PROPERTY, chooseExtension(cpuFlags()));
        }
        if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
            System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        }
        started = true;
    }

    /**
     * Lets native code called from this thread use {@code threads} cores: ND4J's own loops and OpenBLAS
     * (process-wide settings) and the OpenMP team of this thread, which oneDNN's convolutions use. OpenMP's team size
     * is per calling thread and otherwise OMP_NUM_THREADS or every core, so two local-mode tasks with one core each
     * would run four threads on two cores (docs/PERFORMANCE.md, "Round 4"). Call it on the thread that then trains
     * or infers.
     */
    public static void useThreads(int threads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads); // no effect in ND4J M2.1, kept for later versions
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads); // OpenBLAS (the dense layers' GEMMs): process-wide
    }

    /** The platform extension in use after {@link #start()}: "-onednn-avx512", "-onednn" or "". */
    public static String extension() {
        return System.getProperty(EXTENSION_PROPERTY, "");
    }

    /**
     * Returns {@code net} ready to train or infer: its BatchNorm layers on this project's helper, and checked.
     *
     * @throws IllegalStateException when the oneDNN helpers or the BatchNorm helper are not in effect and no
     *                               setting turned them off
     */
    public static MultiLayerNetwork prepare(MultiLayerNetwork net) {
        BatchNormHelpers.install(net);
        // Keeps each convolution's forward output for its backward pass, which otherwise runs the convolution
        // again (~16 % of a training step's native time). The seed net's convolutions have the identity
        // activation, so training is bitwise the same (NativeRuntimeTest).
        net.getLayerWiseConfigurations().setCacheMode(CacheMode.DEVICE);
        net.setCacheMode(CacheMode.DEVICE);
        String missing = missingHelpers(net);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(missing + "; DL4J would run 3-4x slower. Run with -D"
                    + HELPERS_DISABLE_PROPERTY + "=true (no helpers) or -D" + BatchNormHelpers.PROPERTY
                    + "=dl4j (DL4J's BatchNorm) to accept that");
        }
        return net;
    }

    /**
     * What is in effect in {@code net}: the natives, whether oneDNN layer helpers run, which BatchNorm helper, and the
     * OpenMP spin count.
     */
    public static Map<String, Object> status(MultiLayerNetwork net) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("extension", extension());
        status.put("onednn_helpers", hasOnednnHelpers(net));
        status.put("batchnorm_helper", hasChannelBatchNorm(net) ? "channel" : "dl4j");
        status.put("gomp_spincount", gompSpinCount());
        return status;
    }

    /**
     * How long this process's waiting OpenMP threads spin before they sleep: the launchers set 10,000 (libgomp reads
     * it when it loads, so only the environment can set it); "default" when nothing did.
     */
    static String gompSpinCount() {
        return System.getenv().getOrDefault("GOMP_SPINCOUNT", "default");
    }

    /** Empty when everything asked for is in effect; else what is not. */
    static String missingHelpers(MultiLayerNetwork net) {
        boolean helpersWanted = !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE_PROPERTY, "true"));
        if (helpersWanted && !hasOnednnHelpers(net)) {
            return "DL4J's oneDNN layer helpers are not in effect (natives '" + extension() + "'"
                    + (extension().contains("onednn") ? ": ND4J loaded before NativeRuntime.start()? Spark applications:"
                    + " --conf spark.plugins=io.bnsync.train.NativeStartupPlugin"
                    : ": no oneDNN natives for this platform on the class path") + ")";
        }
        if (BatchNormHelpers.enabled() && !hasChannelBatchNorm(net)) {
            String reason = BatchNormHelpers.unavailableReason();
            return "this project's BatchNorm helper is not in effect ("
                    + (reason.isEmpty() ? "the network did not go through NativeRuntime.prepare" : reason) + ")";
        }
        return "";
    }

    /** Whether every convolution layer runs on a oneDNN helper (true for a network without any). */
    private static boolean hasOnednnHelpers(MultiLayerNetwork net) {
        for (Layer layer : net.getLayers()) {
            if (layer instanceof ConvolutionLayer
                    && (layer.getHelper() == null || !layer.getHelper().getClass().getSimpleName().startsWith("MKLDNN"))) {
                return false;
            }
        }
        return true;
    }

    /** Whether every BatchNorm layer runs on {@link ChannelBatchNormHelper} (true for a network without any). */
    private static boolean hasChannelBatchNorm(MultiLayerNetwork net) {
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization && !(layer.getHelper() instanceof ChannelBatchNormHelper)) {
                return false;
            }
        }
        return true;
    }

    static String chooseExtension(String cpuFlags) {
        boolean avx512 = cpuFlags.contains(" avx512f") && cpuFlags.contains(" avx512bw")
                && cpuFlags.contains(" avx512vl") && cpuFlags.contains(" avx512dq");
        if (avx512 && nativesPresent("-onednn-avx512")) {
            return "-onednn-avx512";
        }
        if (nativesPresent("-onednn")) { // built for baseline x86-64; oneDNN dispatches by CPU itself
            return "-onednn";
        }
        return "";
    }

    private static boolean nativesPresent(String extension) {
        String probe = String.format(NATIVE_JAR_PROBE, extension);
        return NativeRuntime.class.getClassLoader().getResource(probe) != null;
    }

    private static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("flags")) {
                    return line.substring(line.indexOf(':') + 1) + " ";
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux or not readable: fall back to the portable natives.
        }
        return "";
    }
}
