#!/usr/bin/env python3
"""Prints the Markdown tables of a bench/scaling-study.sh output folder (docs/SCALING.md).

Accuracy after each epoch is the test accuracy the run logged (before PreciseBN); "final" is metrics.json's
test_accuracy (after PreciseBN when the run recalibrated). The projection is the scaling model of
docs/PERFORMANCE.md: per round, K * B / s_w of compute on each single-core worker plus the merge's overhead,
o(W) = f + c * W for the direct merge (W <= 4, the 'auto' choice) and a constant for the sliced merge above; s_w is
measured here from the W = 1 runs' steady rounds.
"""
import json
import math
import pathlib
import statistics
import sys

TRAIN_IMAGES = 60000
BATCH = 64
# docs/PERFORMANCE.md, "Scaling model": direct merge across executor JVMs f + c * W, plus the 10 GbE wire per
# 13.7 MB result; the sliced merge's busiest node about 0.32 s whatever W is.
DIRECT_F, DIRECT_C, WIRE = 0.113, 0.098, 0.011
SLICED = 0.32
DIRECT_MAX_WORKERS = 4


def load(run):
    config = json.loads((run / "config.json").read_text())
    metrics = json.loads((run / "metrics.json").read_text())
    epochs, rounds = [], []
    for line in (run / "metrics.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("type") == "epoch":
            epochs.append(record)
        elif record.get("type") == "round":
            rounds.append(record)
    return {"name": run.name, "workers": int(config["workers"]), "k": int(config["averaging-frequency"]),
            "partitioning": config["partitioning"], "bn_sync": config["bn-sync"],
            "recalibrate": int(config["bn-recalibrate"]), "final": metrics["test_accuracy"],
            "lr": float(config["learning-rate"]), "epochs": int(config["epochs"]),
            "wall": metrics["wall_seconds"], "train": metrics["train_seconds"],
            "epoch_accuracy": [e.get("test_accuracy") for e in epochs],
            "epoch_seconds": [e.get("seconds") for e in epochs], "rounds": rounds}


def overhead(workers):
    if workers <= DIRECT_MAX_WORKERS:
        return DIRECT_F + (DIRECT_C + WIRE) * workers
    return SLICED


def projected_epoch_seconds(workers, k, samples_per_second):
    """Each worker trains its shard's steps (the last round may be short), plus one merge per round."""
    steps = math.ceil(TRAIN_IMAGES / workers / BATCH)
    rounds = math.ceil(steps / k)
    return steps * BATCH / samples_per_second + rounds * overhead(workers)


def worker_speed(runs):
    """Images per second of one single-thread worker: per W = 1 run, the median over its rounds after the first;
    the fastest run's (this machine is shared: the least disturbed run is the closest to a worker's own speed)."""
    medians = []
    for run in runs:
        if run["workers"] != 1:
            continue
        rates = [r["samples"] / r["compute_seconds"] for r in run["rounds"]
                 if r["round"] > 0 and r["compute_seconds"] > 0]
        if rates:
            medians.append((statistics.median(rates), run["name"]))
    return max(medians) if medians else (None, None)


def pct(value):
    return "–" if value is None else f"{100 * value:.2f}"


def difference(value, reference):
    return "–" if reference is None else f"{100 * (value - reference):+.2f}"


def main(folder):
    runs = [load(p) for p in sorted(pathlib.Path(folder).iterdir()) if (p / "metrics.json").exists()]
    iid_all = sorted((r for r in runs if r["partitioning"] == "iid"), key=lambda r: (r["k"], r["workers"], r["lr"]))
    default_lr = min((r["lr"] for r in iid_all), default=1.0)
    iid = [r for r in iid_all if r["lr"] == default_lr and r["epochs"] == 2]
    scaled_lr = [r for r in iid_all if r["lr"] != default_lr or r["epochs"] != 2]
    baseline = {r["k"]: r["final"] for r in iid if r["workers"] == 1}
    one_worker = [r["final"] for r in iid if r["workers"] == 1]
    reference = statistics.mean(one_worker) if one_worker else None
    print("### iid shards, exact merge + PreciseBN (the default), 2 epochs\n")
    print("| K | W | after epoch 1 % | after epoch 2 % | final (PreciseBN) % | vs W = 1, same K (pp) "
          "| vs mean of W = 1 (pp) | wall s (this machine) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in iid:
        acc = r["epoch_accuracy"] + [None, None]
        print(f"| {r['k']} | {r['workers']} | {pct(acc[0])} | {pct(acc[1])} | {pct(r['final'])} | "
              f"{difference(r['final'], baseline.get(r['k']))} | {difference(r['final'], reference)} | "
              f"{r['wall']:.0f} |")
    if one_worker:
        print(f"\nW = 1 final accuracies: {', '.join(pct(a) for a in one_worker)} % "
              f"(mean {pct(reference)} %, spread {100 * (max(one_worker) - min(one_worker)):.2f} pp)")

    if scaled_lr:
        print(f"\n### iid shards, a larger learning rate (default {default_lr:g}) or more epochs\n")
        print("| K | W | learning rate | epochs | after each epoch % | final % | vs W = 1 (2 epochs), same K (pp) "
              "| wall s |")
        print("|---|---|---|---|---|---|---|---|")
        for r in scaled_lr:
            per_epoch = ", ".join(pct(a) for a in r["epoch_accuracy"])
            print(f"| {r['k']} | {r['workers']} | {r['lr']:g} | {r['epochs']} | {per_epoch} | {pct(r['final'])} "
                  f"| {difference(r['final'], baseline.get(r['k']))} | {r['wall']:.0f} |")

    labelled = sorted((r for r in runs if r["partitioning"] != "iid"),
                      key=lambda r: (r["workers"], r["bn_sync"] != "naive", r["recalibrate"]))
    if labelled:
        print("\n### by-label shards, K = 16, 2 epochs\n")
        print("| W | BatchNorm | after epoch 1 % | after epoch 2 % | final % | wall s |")
        print("|---|---|---|---|---|---|")
        for r in labelled:
            variant = r["bn_sync"] + (" + PreciseBN" if r["recalibrate"] > 0 else "")
            acc = r["epoch_accuracy"] + [None, None]
            print(f"| {r['workers']} | {variant} | {pct(acc[0])} | {pct(acc[1])} | {pct(r['final'])} "
                  f"| {r['wall']:.0f} |")

    speed, source = worker_speed(runs)
    if speed:
        print(f"\n### Projected seconds per epoch on W single-core executors (s_w = {speed:.0f} images/s, the "
              f"median round of {source})\n")
        ks = sorted({r["k"] for r in iid}) or [16]
        print("| W | " + " | ".join(f"K = {k}" for k in ks) + " |")
        print("|---|" + "---|" * len(ks))
        for workers in (1, 2, 4, 8, 16, 32, 64, 128):
            cells = " | ".join(f"{projected_epoch_seconds(workers, k, speed):.1f}" for k in ks)
            print(f"| {workers} | {cells} |")
        for workers in (1, 2):
            local = [s for r in iid if r["workers"] == workers for s in r["epoch_seconds"] if s]
            if local:
                print(f"\nFastest measured epoch on this 2-core machine in local mode, W = {workers}: "
                      f"{min(local):.1f} s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/scaling-study")
