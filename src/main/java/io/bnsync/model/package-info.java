/**
 * The seed BatchNorm net ({@link io.bnsync.model.SeedNet}), its input encoding, optimizers, model
 * files, the choice of ND4J natives ({@link io.bnsync.model.NativeRuntime}), and the BatchNorm
 * layer helper installed in every network the project builds or restores
 * ({@link io.bnsync.model.ChannelBatchNormHelper}, {@link io.bnsync.model.BatchNormHelpers}).
 */
package io.bnsync.model;
