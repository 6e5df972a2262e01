/**
 * The command line: one class per command ({@code TrainCommand}, {@code PipelineCommand}, …, all under
 * {@link io.bnsync.cli.Main}), the SparkSession set-up, the data location resolved at the edge, and exit codes
 * ({@link io.bnsync.cli.ExitCode}).
 */
package io.bnsync.cli;
