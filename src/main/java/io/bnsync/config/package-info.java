/**
 * The typed configuration of a run ({@link io.bnsync.config.TrainConfig}), kept apart from the trainers. Its keys
 * are one table, {@link io.bnsync.config.TrainKey}; {@link io.bnsync.config.TrainConfigLoader} reads
 * {@code conf/train.conf} (rendered from that table) and the command line's overrides by it.
 */
package io.bnsync.config;
