/**
 * Charts from what a run recorded: {@link io.bnsync.report.MetricsHistory} parses metrics.jsonl,
 * {@link io.bnsync.report.RunPlots} writes a run's PNGs (loss, accuracy, BatchNorm drift, confusion matrix) and the
 * comparisons of several runs, drawn by {@link io.bnsync.report.RunCharts} with XChart.
 */
package io.bnsync.report;
