#!/usr/bin/env python3
"""Where a round's time goes, from a Spark event log of a `train` run (spark.eventLog.enabled=true).

Rounds are the jobs whose tasks return results over 10 MB (the workers' parameters), or, with
spark.bnsync.merge=push, the jobs of PushedMerge's collect; the first 4 are left out
(start-up), and each figure is the median over the rest, in milliseconds: the job's duration, the time before its
first task started and after its last task ended, the tasks' span, and per task (mean over the job's tasks) Spark's
executor run time, task deserialization, result serialization and JVM GC time.

    BENCH_SPARK_CONFS="spark.eventLog.enabled=true spark.eventLog.dir=file:///tmp/ev" bench/cluster-rounds.sh
    python3 bench/event_log_rounds.py /tmp/ev/app-…   # one file per run: W = 1, 2, 4
"""
import json
import statistics
import sys


def rounds(path):
    jobs, stage_job, tasks, pushed_stages = {}, {}, [], set()
    for event in map(json.loads, open(path)):
        kind = event["Event"]
        if kind == "SparkListenerStageSubmitted" and "PushedMerge" in event["Stage Info"]["Stage Name"]:
            pushed_stages.add(event["Stage Info"]["Stage ID"])
        if kind == "SparkListenerJobStart":
            jobs[event["Job ID"]] = {"start": event["Submission Time"]}
            for stage in event["Stage IDs"]:
                stage_job[stage] = event["Job ID"]
        elif kind == "SparkListenerJobEnd":
            jobs[event["Job ID"]]["end"] = event["Completion Time"]
        elif kind == "SparkListenerTaskEnd":
            info, metrics = event["Task Info"], event.get("Task Metrics", {})
            tasks.append({"job": stage_job.get(event["Stage ID"]), "pushed": event["Stage ID"] in pushed_stages, "launch": info["Launch Time"],
                          "finish": info["Finish Time"], "run": metrics.get("Executor Run Time", 0),
                          "deserialize": metrics.get("Executor Deserialize Time", 0),
                          "result_serialize": metrics.get("Result Serialization Time", 0),
                          "gc": metrics.get("JVM GC Time", 0), "result_bytes": metrics.get("Result Size", 0)})
    round_jobs = sorted({t["job"] for t in tasks if t["result_bytes"] > 10e6 or t["pushed"]})[4:]
    for job in round_jobs:
        ts = [t for t in tasks if t["job"] == job]
        first, last = min(t["launch"] for t in ts), max(t["finish"] for t in ts)
        row = {"job": jobs[job]["end"] - jobs[job]["start"], "before_first_task": first - jobs[job]["start"],
               "after_last_task": jobs[job]["end"] - last, "task_span": last - first}
        for key in ("run", "deserialize", "result_serialize", "gc"):
            row["task_" + key] = statistics.mean(t[key] for t in ts)
        yield row


def main(path):
    rows = list(rounds(path))
    if not rows:
        sys.exit(f"no rounds (jobs with results over 10 MB, or pushed) after the first 4 in {path}")
    print(json.dumps({k: statistics.median(r[k] for r in rows) for k in rows[0]} | {"rounds": len(rows)}, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
