#!/usr/bin/env python3
"""Prints the Markdown table of a bench/bn-experiment.sh output folder."""
import json
import pathlib
import sys


def bn_evaluation(run):
    """evaluate --json --bn-population output; None while a run is still in progress."""
    for name in ("bn-evaluation.json", "evaluation.json"):
        path = run / name
        if path.exists() and "{" in path.read_text():
            text = path.read_text()
            data = json.loads(text[text.index("{"):])
            if "bn_running_variance_error" in data:
                return data
    return None


def main(folder):
    rows = []
    for run in sorted(pathlib.Path(folder).iterdir()):
        metrics_file = run / "metrics.json"
        evaluation = bn_evaluation(run) if run.is_dir() else None
        if not metrics_file.exists() or evaluation is None:
            continue
        metrics = json.loads(metrics_file.read_text())
        layers = evaluation["bn_running_variance_error"]["layers"]
        workers, partitioning, variant = run.name.split("_", 2)
        rows.append((int(workers[1:]), partitioning, variant, evaluation["accuracy"], metrics["wall_seconds"],
                     sum(l["meanRelVarError"] for l in layers) / len(layers),
                     max(l["maxRelVarError"] for l in layers)))
    print("| W | shards | variant | test accuracy | wall s | BN var error (mean rel.) | BN var error (max rel.) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.4f} | {r[4]:.0f} | {r[5]:.4f} | {r[6]:.4f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/bn-experiment")
