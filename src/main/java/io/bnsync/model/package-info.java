/**
 * The seed BatchNorm net ({@link io.bnsync.model.SeedNet}), its input encoding, optimizers, model
 * files, and the choice of ND4J natives ({@link io.bnsync.model.NativeBackend}).
 */
package io.bnsync.model;
