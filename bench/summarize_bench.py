#!/usr/bin/env python3
"""Prints the table of a bench/run.sh output folder and writes all figures to OUT/bench.json."""
import json
import pathlib
import sys


def read(path):
    text = path.read_text()
    return json.loads(text[text.index("{"):])


def load(folder, name):
    """NAME.json, or the best of the repeated runs NAME.r1.json, NAME.r2.json, ... (all kept under "runs")."""
    repeats = sorted(folder.glob(f"{name}.r*.json"))
    if repeats:
        runs = [read(p) for p in repeats]
        key = "train_samples_per_second" if "train_samples_per_second" in runs[0] else "samples_per_second"
        best = dict(max(runs, key=lambda f: f[key]))
        best["runs"] = [f[key] for f in runs]
        return best
    path = folder / f"{name}.json"
    return read(path) if path.exists() else None


def main(folder):
    folder = pathlib.Path(folder)
    names = ["dl4j-single-1", "dl4j-single-2", "dl4j-stock-single-2", "torch-single-1", "torch-single-2",
             "engine-rounds-w1", "engine-rounds-w2", "engine-dl4j-spark-w2"]
    extras = ["dl4j-single-1-dl4j-bn", "dl4j-concurrent-2", "dl4j-pair-a", "dl4j-pair-b"]
    figures = {n: load(folder, n) for n in names + extras}
    print("| what | threads/cores | train samples/s (best) | every run | inference samples/s |")
    print("|---|---|---|---|---|")
    for n in names[:5]:
        f = figures[n]
        if f:
            runs = ", ".join(f"{v:.0f}" for v in f.get("runs", [f["train_samples_per_second"]]))
            print(f"| {n} | {f['threads']} | {f['train_samples_per_second']:.0f} | {runs} | {f['inference_samples_per_second']:.0f} |")
    for threads in (1, 2):
        dl4j, torch = figures[f"dl4j-single-{threads}"], figures[f"torch-single-{threads}"]
        if dl4j and torch:
            ratio = dl4j["train_samples_per_second"] / torch["train_samples_per_second"]
            figures[f"dl4j_over_torch_train_{threads}_threads"] = ratio
            print(f"\nDL4J / PyTorch training throughput, {threads} thread(s): {ratio:.2f}")
    single, dl4j_bn = figures["dl4j-single-1"], figures["dl4j-single-1-dl4j-bn"]
    if single and dl4j_bn:
        print(f"\nBatchNorm helper, 1 thread: DL4J's oneDNN helper {dl4j_bn['train_samples_per_second']:.0f}, "
              f"ChannelBatchNormHelper {single['train_samples_per_second']:.0f} samples/s "
              f"({single['train_samples_per_second'] / dl4j_bn['train_samples_per_second']:.2f}x)")
    together, pair = figures["dl4j-concurrent-2"], [figures["dl4j-pair-a"], figures["dl4j-pair-b"]]
    if single and together and all(pair):
        in_jvm = sum(together["train_samples_per_second_each"]) / 2 / single["train_samples_per_second"]
        two_jvms = sum(p["train_samples_per_second"] for p in pair) / 2 / single["train_samples_per_second"]
        figures["two_trainings_one_jvm_per_training"] = in_jvm
        figures["two_trainings_two_jvms_per_training"] = two_jvms
        print(f"two single-thread trainings at once, each relative to one alone: one JVM {in_jvm:.2f}, "
              f"two JVMs {two_jvms:.2f}")
    print("\n| engine | W | cores | samples/s | rounds | compute s/round | job overhead s/round | driver update s/round | overhead share | MB broadcast/round | MB collected/round | worker peak heap MB | worker peak physical MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    # samples/s: the whole command, best run (Spark start, shard shuffle, every round); the round columns are
    # averages over all rounds, and the second table leaves out round 1 (network construction, JIT warm-up).
    for n in names[5:]:
        f = figures[n]
        if not f:
            continue
        mb = 1 << 20
        runs = ", ".join(f"{v:.0f}" for v in f.get("runs", [f["samples_per_second"]]))
        print(f"| {f['engine']} | {f['workers']} | {f['cores']} | {f['samples_per_second']:.0f} (runs: {runs}) | {f.get('rounds', '-')} | "
              f"{f.get('round_compute_seconds', float('nan')):.2f} | {f.get('round_job_overhead_seconds', float('nan')):.2f} | "
              f"{f.get('round_driver_update_seconds', float('nan')):.3f} | {f.get('round_overhead_share', float('nan')):.2f} | "
              f"{f.get('bytes_broadcast_per_round', 0) / mb:.1f} | {f.get('bytes_collected_per_round', 0) / mb:.1f} | "
              f"{f.get('worker_peak_heap_bytes', 0) / mb:.0f} | {f.get('worker_peak_physical_bytes', 0) / mb:.0f} |")
    print("\nsteady state (rounds after the first):\n")
    print("| engine | W | cores | round samples/s | compute s/round | job overhead s/round | of it, wait for the slowest worker | driver update s/round | overhead share |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in names[5:]:
        f = figures[n]
        if not f or "round_samples_per_second_after_first" not in f:
            continue
        print(f"| {f['engine']} | {f['workers']} | {f['cores']} | {f['round_samples_per_second_after_first']:.0f} | "
              f"{f['round_compute_seconds_after_first']:.2f} | {f['round_job_overhead_seconds_after_first']:.2f} | "
              f"{f.get('round_wait_for_slowest_seconds_after_first', float('nan')):.3f} | "
              f"{f['round_driver_update_seconds_after_first']:.3f} | {f['round_overhead_share_after_first']:.3f} |")
    w1, w2 = figures["engine-rounds-w1"], figures["engine-rounds-w2"]
    if w1 and w2:
        efficiency = w2["samples_per_second"] / (2 * w1["samples_per_second"])
        figures["parallel_efficiency_w2"] = efficiency
        print(f"\nparallel efficiency, rounds W=2 on 2 cores vs 2 x (W=1 on 1 core), whole command: {efficiency:.2f}")
        if "round_samples_per_second_after_first" in w1 and "round_samples_per_second_after_first" in w2:
            steady = w2["round_samples_per_second_after_first"] / (2 * w1["round_samples_per_second_after_first"])
            figures["parallel_efficiency_w2_steady"] = steady
            print(f"parallel efficiency, steady-state rounds: {steady:.2f}")
    torch2 = figures["torch-single-2"]
    if w2 and torch2 and "round_samples_per_second_after_first" in w2:
        # The default local run on 2 cores (two single-thread workers, parameter averaging) against PyTorch on
        # 2 threads: training throughput only; time to 99 % below says what averaging costs in accuracy.
        ratio = w2["round_samples_per_second_after_first"] / torch2["train_samples_per_second"]
        figures["rounds_w2_steady_over_torch_2_threads"] = ratio
        print(f"rounds engine W=2 (steady state) / PyTorch 2 threads, training throughput: {ratio:.2f}")
    merge = load(folder, "merge-path")
    if merge:
        figures["merge-path"] = merge
        print(f"\ncommunication path alone ({merge['workers']} results of {merge['result_megabytes_of_arrays']:.1f} MB):")
        for ser in ("java", "kryo"):
            m = merge[ser]
            print(f"  {ser}: {m['seconds_per_result']:.4f} s per result (serialize {m['serialize_seconds_per_result']:.4f}, "
                  f"deserialize {m['deserialize_seconds_per_result']:.4f}, merge {m['merge_and_average_seconds_per_result']:.4f}); "
                  f"broadcast state {m['broadcast_serialize_and_deserialize_seconds']:.4f} s")
        if "push" in merge:
            p = merge["push"]
            print(f"  push (over loopback): {p['seconds_per_result']:.4f} s per result (push "
                  f"{p['push_seconds_per_result']:.4f}, merge {p['merge_and_average_seconds_per_result']:.4f}); "
                  f"state published and pulled {p['publish_and_pull_input_seconds']:.4f} s")
    cluster = folder / "cluster-rounds.txt"
    if cluster.exists():
        print("\nacross executor JVMs (bench/cluster-rounds.sh):\n" + cluster.read_text())
    time_to_99(folder, figures)
    (folder / "bench.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nall figures: {folder / 'bench.json'}")


def time_to_99(folder, figures):
    """Training seconds until test accuracy first reached 99 %: DL4J's epochs from metrics.jsonl, PyTorch's JSON."""
    metrics = folder / "time-to-99" / "metrics.jsonl"
    torch = load(folder, "torch-time-to-99")
    if not metrics.exists():
        return
    epochs = [e for e in map(json.loads, metrics.read_text().splitlines()) if e.get("type") == "epoch"]
    seconds, dl4j = 0.0, None
    for e in epochs:
        seconds += e["seconds"]
        if dl4j is None and e.get("test_accuracy", 0) >= 0.99:
            dl4j = seconds
    accuracies = " / ".join(f"{100 * e.get('test_accuracy', float('nan')):.2f} %" for e in epochs)
    print(f"\ntime to 99 % test accuracy: DL4J (default local run) {accuracies}: "
          f"{'not reached' if dl4j is None else f'{dl4j:.0f} s'}")
    figures["dl4j_seconds_to_99"] = dl4j
    if torch:
        torch_accuracies = " / ".join(f"{100 * e['test_accuracy']:.2f} %" for e in torch["per_epoch"])
        print(f"PyTorch ({torch['threads']} threads): {torch['seconds_to_99']} s ({torch_accuracies})")
        figures["torch_seconds_to_99"] = torch["seconds_to_99"]
        if dl4j and torch["seconds_to_99"]:
            figures["time_to_99_ratio"] = dl4j / torch["seconds_to_99"]
            print(f"DL4J / PyTorch time to 99 %: {dl4j / torch['seconds_to_99']:.2f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/bench")
