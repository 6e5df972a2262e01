/**
 * The typed configuration of a run ({@link io.bnsync.config.TrainConfig}), loaded from
 * {@code conf/train.conf} and overridden from the command line; kept apart from the trainers.
 */
package io.bnsync.config;
