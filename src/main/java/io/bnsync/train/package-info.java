/**
 * Distributed training: the driver loop ({@link io.bnsync.train.RoundsTrainer}), the worker step
 * ({@link io.bnsync.train.WorkerStep}), the BatchNorm statistics merge
 * ({@link io.bnsync.model.ChannelMoments}, {@link io.bnsync.train.BnStepStats}) and parameter
 * averaging: each task's immutable {@link io.bnsync.train.WorkerUpdate}, merged in partition order by a
 * {@link io.bnsync.train.RoundAccumulator} into a {@link io.bnsync.train.RoundResult}, with the costs apart
 * ({@link io.bnsync.train.WorkerTelemetry}). The round's state travels by Spark's broadcast and task results, or over
 * the driver's own endpoint ({@link io.bnsync.train.PushedMerge}, {@link io.bnsync.transport}).
 */
package io.bnsync.train;
