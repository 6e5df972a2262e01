package io.bnsync.config;

import java.util.Map;

/**
 * The configuration of a scheduled retraining run ({@code pipeline}): where models are stored,
 * the fixed holdout, the promotion tolerance, retention, and the training options it passes on.
 *
 * @param store          model store folder or Hadoop URI
 * @param holdout        the first N test images, the fixed holdout both models are judged on
 * @param warmStart      start from the current model's weights when there is one
 * @param tolerance      promote if new accuracy >= current - tolerance
 * @param keep           versions kept in the store (the current one always)
 * @param trainOverrides train keys (as in train.conf) for the training run
 */
public record PipelineConfig(String store, int holdout, boolean warmStart, double tolerance, int keep,
                             Map<String, String> trainOverrides) {
}
