package io.bnsync.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses ND4J's native build before ND4J loads, in every JVM that trains (driver, executors,
 * tests). DL4J's fast oneDNN layer helpers need the {@code -onednn} natives and are off by
 * default in M2.1; the AVX-512 build is fastest but crashes on CPUs without AVX-512, hence the
 * detection. Settings a user passed with {@code -D} are kept.
 */
public final class NativeBackend {
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    private static final String NATIVE_JAR_PROBE =
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64%s/";

    private static volatile boolean configured;

    private NativeBackend() {
    }

    /** Idempotent; must run before the first ND4J class initializes. */
    public static synchronized void configure() {
        if (configured) {
            return;
        }
        if (System.getProperty(EXTENSION_PROPERTY) == null) {
            System.setProperty(EXTENSION_PROPERTY, chooseExtension(cpuFlags()));
        }
        if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
            System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        }
        configured = true;
    }

    /** The platform extension in use after {@link #configure()}: "-onednn-avx512", "-onednn" or "". */
    public static String extension() {
        return System.getProperty(EXTENSION_PROPERTY, "");
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
        return NativeBackend.class.getClassLoader().getResource(probe) != null;
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
