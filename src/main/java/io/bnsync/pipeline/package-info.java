/**
 * A training run from start to finish, and scheduled retraining: {@link io.bnsync.pipeline.TrainRun} trains with
 * an engine, evaluates and writes the run directory (metrics.jsonl by {@link io.bnsync.pipeline.MetricsLog}, plots,
 * checkpoints); {@link io.bnsync.pipeline.PipelineRun} trains a new version into the model store, gates it
 * ({@link io.bnsync.pipeline.PromotionGate}) and publishes it.
 */
package io.bnsync.pipeline;
