/**
 * Distributed batch inference: a model broadcast once, restored once per executor JVM, scoring the rows of a table
 * (id, image, optional label) in minibatches on the executors. Imports only {@code data} and {@code model}.
 */
package io.bnsync.score;
