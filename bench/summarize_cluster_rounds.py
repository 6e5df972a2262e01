#!/usr/bin/env python3
"""Steady-state round figures of bench/cluster-rounds.sh's runs, and the fit overhead = fixed + per_result x W
(from W = 1 and 2: at W = 4 four single-thread executors share two cores and finish unevenly).

Per round, `compute_seconds` is the workers' mean time inside their tasks; `aggregate_seconds` the rest of the
round's Spark job (broadcast fetch, scheduling, result serialization, transfer, deserialization and merge);
`driver_update_seconds` the driver's update of the master network; `beyond_slowest_seconds` the overhead less the
wait for the slowest worker (slowest minus mean compute), i.e. what is not compute on the round's critical path; it
is fit by least squares over W = 1, 2 and 4 as well. With the pushed merge, rounds also time the exchange itself
(`exchange_*_seconds`): the driver's publish of the input, each task's pull and push (means over tasks), the
driver's take and merge of all results; per result that is push + pull + (publish + merge) / W, the communication
cost of one result and of its share of the state's distribution. The first 4 rounds (executor start-up, network
construction, JIT) are left out; medians over the rest. From the executors' logs it also prints the median time a
task took to read a broadcast (TorrentBroadcast's "Reading broadcast variable N took M ms": with the pushed merge,
every round's one broadcast is its stage's task binary). Writes OUT/cluster-rounds.json."""
import json
import re
import pathlib
import statistics
import sys


def steady(folder, w):
    lines = (folder / f"run-w{w}" / "metrics.jsonl").read_text().splitlines()
    rounds = [r for r in map(json.loads, lines) if r.get("type") == "round"][4:]
    med = lambda key: statistics.median(r[key] for r in rounds)
    overhead = statistics.median(r["aggregate_seconds"] + r["driver_update_seconds"] for r in rounds)
    beyond = statistics.median(r["aggregate_seconds"] + r["driver_update_seconds"]
                               - (r["slowest_compute_seconds"] - r["compute_seconds"]) for r in rounds)
    exchange = {}
    if "exchange_push_seconds" in rounds[0]:
        exchange = {k: med(f"exchange_{k}_seconds") for k in ("publish", "pull", "push", "merge")}
        exchange["per_result"] = statistics.median(
            r["exchange_push_seconds"] + r["exchange_pull_seconds"]
            + (r["exchange_publish_seconds"] + r["exchange_merge_seconds"]) / w for r in rounds)
    return {"exchange_seconds": exchange, "workers": w, "rounds": len(rounds), "compute_seconds": med("compute_seconds"),
            "aggregate_seconds": med("aggregate_seconds"), "driver_update_seconds": med("driver_update_seconds"),
            "overhead_seconds": overhead, "beyond_slowest_seconds": beyond, "megabytes_per_result": rounds[0]["bytes_collected"] / w / 2**20,
            "megabytes_broadcast": rounds[0]["bytes_broadcast"] / 2**20}


def broadcast_read_ms(folder, w):
    """Median of the executors' broadcast reads in the W = w run (its application id from its submit log)."""
    apps = set(re.findall(r"app-\d{14}-\d{4}", (folder / f"submit-w{w}.log").read_text()))
    times = [int(m) for app in apps for log in folder.glob(f"worker-*/{app}/*/stderr")
             for m in re.findall(r"Reading broadcast variable \d+ took (\d+) ms", log.read_text())]
    return statistics.median(times) if times else None


def main(folder):
    folder = pathlib.Path(folder)
    one, two, four = steady(folder, 1), steady(folder, 2), steady(folder, 4)
    per_result = two["overhead_seconds"] - one["overhead_seconds"]
    fixed = one["overhead_seconds"] - per_result
    print("| W | rounds | compute s/round | job overhead s/round | driver update s/round | overhead s/round |"
          " overhead beyond the slowest worker s/round |")
    print("|---|---|---|---|---|---|---|")
    for f in (one, two, four):
        print(f"| {f['workers']} | {f['rounds']} | {f['compute_seconds']:.3f} | {f['aggregate_seconds']:.3f} | "
              f"{f['driver_update_seconds']:.3f} | {f['overhead_seconds']:.3f} | {f['beyond_slowest_seconds']:.3f} |")
    print(f"\noverhead = {fixed:.3f} s + {per_result:.3f} s x W, fit to W = 1 and 2 (results of "
          f"{one['megabytes_per_result']:.1f} MB, separate executor JVMs, Kryo); W = 4 predicted "
          f"{fixed + 4 * per_result:.3f} s, measured {four['overhead_seconds']:.3f} s on 2 cores")
    ws = [1, 2, 4]
    ys = [f["beyond_slowest_seconds"] for f in (one, two, four)]
    mean_w, mean_y = statistics.mean(ws), statistics.mean(ys)
    slope = (sum((w - mean_w) * (y - mean_y) for w, y in zip(ws, ys))
             / sum((w - mean_w) ** 2 for w in ws))
    intercept = mean_y - slope * mean_w
    print(f"overhead beyond the slowest worker = {intercept:.3f} s + {slope:.3f} s x W, least squares over W = 1, 2"
          f" and 4")
    if all(f["exchange_seconds"] for f in (one, two, four)):
        print("\n| W | publish s | pull s per task | push s per task | take and merge s | communication s per result |")
        print("|---|---|---|---|---|---|")
        for f in (one, two, four):
            e = f["exchange_seconds"]
            print(f"| {f['workers']} | {e['publish']:.3f} | {e['pull']:.3f} | {e['push']:.3f} | {e['merge']:.3f} | "
                  f"{e['per_result']:.3f} |")
    reads = {w: broadcast_read_ms(folder, w) for w in (1, 2, 4)}
    if all(reads.values()):
        print("\nexecutors' broadcast reads (the task binary), median ms: "
              + " / ".join(f"{reads[w]:g}" for w in (1, 2, 4)) + " at W = 1 / 2 / 4")
    summary = {"broadcast_read_ms": reads, "w1": one, "w2": two, "w4": four, "fixed_seconds": fixed, "per_result_seconds": per_result,
               "beyond_slowest_fixed_seconds": intercept, "beyond_slowest_per_result_seconds": slope}
    (folder / "cluster-rounds.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/bench-cluster")
