/**
 * Evaluation of a trained MNIST classifier: {@link io.bnsync.eval.Evaluator} runs the network in
 * inference mode over a dataset, {@link io.bnsync.eval.EvaluationAccumulator} holds mergeable totals
 * (so shards can be evaluated separately and combined), and {@link io.bnsync.eval.EvaluationReport}
 * presents accuracy, loss, per-class precision/recall/F1 and the confusion matrix as text or JSON.
 */
package io.bnsync.eval;
