/**
 * What a run leaves behind: run directories written atomically through Hadoop FileSystem
 * (later: checkpoints, model store and promotion).
 */
package io.bnsync.pipeline;
