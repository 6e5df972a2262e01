/**
 * Benchmarks that print figures: single-JVM training and inference throughput of the seed net,
 * and the distributed engines with a per-round breakdown. Figures in docs/PERFORMANCE.md come from
 * {@code bench/run.sh}, which drives these through the {@code bench} command.
 */
package io.bnsync.bench;
