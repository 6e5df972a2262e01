/**
 * Distributed training: the driver loop ({@link io.bnsync.train.RoundsTrainer}), the worker step
 * ({@link io.bnsync.train.WorkerStep}), the BatchNorm statistics merge
 * ({@link io.bnsync.model.ChannelMoments}, {@link io.bnsync.train.BnStepStats}) and parameter
 * averaging ({@link io.bnsync.train.WorkerResult}).
 */
package io.bnsync.train;
