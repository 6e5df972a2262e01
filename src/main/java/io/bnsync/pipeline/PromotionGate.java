package io.bnsync.pipeline;

/**
 * Decides whether a newly trained model replaces the published one: only if its holdout accuracy
 * is at least the current model's minus a tolerance, and none of its metrics is NaN.
 */
public final class PromotionGate {
    private final double tolerance;

    public PromotionGate(double tolerance) {
        this.tolerance = tolerance;
    }

    /** The outcome and its reason, recorded with the version. */
    public record Decision(boolean promote, String reason) {
    }

    /**
     * @param currentAccuracy the published model's accuracy on the same holdout, or NaN when
     *                        nothing is published yet
     */
    public Decision decide(double newAccuracy, double newLoss, double currentAccuracy) {
        if (Double.isNaN(newAccuracy) || Double.isNaN(newLoss)) {
            return new Decision(false, "a metric of the new model is NaN");
        }
        if (Double.isNaN(currentAccuracy)) {
            return new Decision(true, "no published model yet");
        }
        if (newAccuracy >= currentAccuracy - tolerance) {
            return new Decision(true, String.format(java.util.Locale.ROOT,
                    "holdout accuracy %.4f >= current %.4f - tolerance %.4f", newAccuracy, currentAccuracy, tolerance));
        }
        return new Decision(false, String.format(java.util.Locale.ROOT,
                "holdout accuracy %.4f < current %.4f - tolerance %.4f", newAccuracy, currentAccuracy, tolerance));
    }
}
