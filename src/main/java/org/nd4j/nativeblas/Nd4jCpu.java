package org.nd4j.nativeblas;

/**
 * Compatibility shim. DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper} still looks up the pre-rename
 * class {@code org.nd4j.nativeblas.Nd4jCpu$Environment} to ask whether oneDNN is in use; the
 * bindings moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}. Without this class
 * the lookup fails and DL4J silently never uses its oneDNN layer helpers (3-4x slower on CPU).
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The two methods DL4J calls reflectively, delegating to the renamed native environment. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }

        public void setUseMKLDNN(boolean use) {
            org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().setUseONEDNN(use);
        }

        public boolean helpersAllowed() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().helpersAllowed();
        }

        public void allowHelpers(boolean allow) {
            org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().allowHelpers(allow);
        }
    }
}
