package io.bnsync.train;

/** Receives the trainer's progress; the CLI writes it to the run directory and the console. */
public interface TrainingObserver {
    void onRound(RoundRecord record, int roundInEpoch, int roundsInEpoch);

    void onEpoch(int epoch, double meanLoss, long samples, double seconds);
}
