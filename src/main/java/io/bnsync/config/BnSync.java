package io.bnsync.config;

/** How BatchNorm running statistics are combined across workers after each round. */
public enum BnSync {
    /** Chan-merged global-batch statistics, replayed through DL4J's running-average update. */
    EXACT,
    /** Arithmetic average of DL4J's stored mean and log10(std), as stock dl4j-spark does. */
    NAIVE
}
