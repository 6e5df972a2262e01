package io.bnsync.pipeline;

import io.bnsync.train.EpochRecord;
import io.bnsync.train.RoundRecord;
import io.bnsync.train.TrainingObserver;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a progress line at most every few seconds: epoch, round, loss, samples/s, ETA. */
public final class ConsoleProgress implements TrainingObserver {
    private final PrintStream out;
    private final double intervalSeconds;
    private final int epochs;
    private final long started = System.nanoTime();
    private long lastPrint = System.nanoTime();
    private long samples;
    private long epochStart = System.nanoTime();

    public ConsoleProgress(PrintStream out, double intervalSeconds, int epochs) {
        this.out = out;
        this.intervalSeconds = intervalSeconds;
        this.epochs = epochs;
    }

    @Override
    public void onRound(RoundRecord r, int roundInEpoch, int roundsInEpoch) {
        samples += r.samples();
        long now = System.nanoTime();
        if ((now - lastPrint) / 1e9 < intervalSeconds && roundInEpoch < roundsInEpoch) {
            return;
        }
        lastPrint = now;
        double elapsed = (now - started) / 1e9;
        double epochElapsed = (now - epochStart) / 1e9;
        double eta = epochElapsed / roundInEpoch * (roundsInEpoch - roundInEpoch);
        out.printf(Locale.ROOT, "epoch %d/%d  round %d/%d  loss %.4f  %.0f samples/s  epoch ETA %s%n",
                r.epoch() + 1, epochs, roundInEpoch, roundsInEpoch, r.meanLoss(), samples / elapsed, duration(eta));
        out.flush();
    }

    @Override
    public void onEpoch(EpochRecord r) {
        out.printf(Locale.ROOT, "epoch %d/%d done: mean loss %.4f over %d samples in %.1f s%s%n",
                r.epoch() + 1, epochs, r.meanLoss(), r.samples(), r.seconds(),
                Double.isNaN(r.testAccuracy()) ? "" : String.format(Locale.ROOT, ", test accuracy %.4f", r.testAccuracy()));
        epochStart = System.nanoTime();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
