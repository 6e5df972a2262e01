package io.bnsync.train;

import java.io.Serializable;

/**
 * What an executor needs to build the net once and reuse it every round: the DL4J configuration
 * as JSON, where the BatchNorm layers are, and how many ND4J threads one task may use.
 */
public record NetworkSpec(String configJson, int[] bnLayers, int threadsPerTask) implements Serializable {
}
