/**
 * Spark ML API: {@link io.bnsync.ml.DigitClassifier}, an Estimator whose {@code fit} runs this project's distributed
 * training (exact BatchNorm merge), and {@link io.bnsync.ml.DigitClassificationModel}, whose {@code transform} scores
 * on the executors; both persist with Spark ML's readers and writers and work inside a {@code Pipeline}. Thin over
 * {@code train} and {@code score}.
 */
package io.bnsync.ml;
