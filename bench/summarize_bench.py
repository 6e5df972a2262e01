#!/usr/bin/env python3
"""Prints the table of a bench/run.sh output folder and writes all figures to OUT/bench.json."""
import json
import pathlib
import sys


def load(folder, name):
    path = folder / f"{name}.json"
    if not path.exists():
        return None
    text = path.read_text()
    return json.loads(text[text.index("{"):])


def main(folder):
    folder = pathlib.Path(folder)
    names = ["dl4j-single-1", "dl4j-single-2", "dl4j-stock-single-2", "torch-single-1", "torch-single-2",
             "engine-rounds-w1", "engine-rounds-w2", "engine-dl4j-spark-w2"]
    figures = {n: load(folder, n) for n in names}
    print("| what | threads/cores | train samples/s | inference samples/s |")
    print("|---|---|---|---|")
    for n in names[:5]:
        f = figures[n]
        if f:
            print(f"| {n} | {f['threads']} | {f['train_samples_per_second']:.0f} | {f['inference_samples_per_second']:.0f} |")
    for threads in (1, 2):
        dl4j, torch = figures[f"dl4j-single-{threads}"], figures[f"torch-single-{threads}"]
        if dl4j and torch:
            ratio = dl4j["train_samples_per_second"] / torch["train_samples_per_second"]
            figures[f"dl4j_over_torch_train_{threads}_threads"] = ratio
            print(f"\nDL4J / PyTorch training throughput, {threads} thread(s): {ratio:.2f}")
    print("\n| engine | W | cores | samples/s | rounds | compute s/round | job overhead s/round | driver update s/round | overhead share | MB broadcast/round | MB collected/round | worker peak heap MB | worker peak physical MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in names[5:]:
        f = figures[n]
        if not f:
            continue
        mb = 1 << 20
        print(f"| {f['engine']} | {f['workers']} | {f['cores']} | {f['samples_per_second']:.0f} | {f.get('rounds', '-')} | "
              f"{f.get('round_compute_seconds', float('nan')):.2f} | {f.get('round_job_overhead_seconds', float('nan')):.2f} | "
              f"{f.get('round_driver_update_seconds', float('nan')):.3f} | {f.get('round_overhead_share', float('nan')):.2f} | "
              f"{f.get('bytes_broadcast_per_round', 0) / mb:.1f} | {f.get('bytes_collected_per_round', 0) / mb:.1f} | "
              f"{f.get('worker_peak_heap_bytes', 0) / mb:.0f} | {f.get('worker_peak_physical_bytes', 0) / mb:.0f} |")
    w1, w2 = figures["engine-rounds-w1"], figures["engine-rounds-w2"]
    if w1 and w2:
        efficiency = w2["samples_per_second"] / (2 * w1["samples_per_second"])
        figures["parallel_efficiency_w2"] = efficiency
        print(f"\nparallel efficiency, rounds W=2 on 2 cores vs 2 x (W=1 on 1 core): {efficiency:.2f}")
    (folder / "bench.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nall figures: {folder / 'bench.json'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/bench")
