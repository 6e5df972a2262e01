package io.bnsync.config;

/** Which distributed training loop runs. */
public enum Engine {
    /** This project's synchronous rounds with exact BatchNorm statistics sync. */
    ROUNDS,
    /** dl4j-spark's ParameterAveragingTrainingMaster, the reference baseline. */
    DL4J_SPARK
}
