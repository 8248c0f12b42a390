"""The big-results section of scripts/bench: a result far larger than the memory budget, in the
explorer's own path (`flint fetch --render`: every event through the app's update and render),
with its rows spilled to disk; beside pyspark's toArrow() of the same result, for the record.

Goals (issue #20): peak RSS <= budget + 150 MiB; a frame at the first, middle and last row
< 2 ms with last/first <= 1.2; from `G` to the last row on screen < 50 ms."""
import os
import shutil
import sys
import tempfile

from bench import PYSPARK_FETCH, fmt, run_with_rss, summary

BUDGET_MIB = 256
# The bench's query with one partition per 500,000 rows: Spark's driver deserializes each
# task's whole result, so two partitions of 15M rows each ran its 4 GiB heap out of memory
# (and the job then hung); results past 1 GiB also need spark.driver.maxResultSize=0, which
# scripts/spark-server sets.
QUERY = ("SELECT id, id*2 AS b, CAST(id AS STRING) AS s, CAST(id AS DOUBLE)/7 AS d "
         "FROM range(0, {n}, 1, {partitions})")


def query(n):
    return QUERY.format(n=n, partitions=max(2, n // 500_000))


def flint_run(args, n, spill_dir):
    return run_with_rss([args.flint, "fetch", "--remote", args.remote, "--render", "200x60",
                         "--frames", "11", "--memory-budget", f"{BUDGET_MIB}MiB",
                         "--spill-dir", spill_dir, query(n)])


def pyspark_run(py, args, n):
    """pyspark's toArrow() of the same result: its peak RSS, or how it failed."""
    try:
        return run_with_rss([py, "-W", "ignore", "-c", PYSPARK_FETCH, args.remote,
                             query(n), "toArrow"])
    except SystemExit as failure:
        lines = [line for line in str(failure).splitlines() if line.strip()]
        reason = next((line for line in reversed(lines) if "Error" in line or "Exception" in line),
                      lines[-1] if lines else "failed")
        return {"failed": reason[:300]}


def spill_section(args, py):
    sizes = [int(x) for x in (args.spill_sizes or "30000000").split(",")]
    results = {"budget_mib": BUDGET_MIB, "sizes": {}}
    spill_dir = tempfile.mkdtemp(prefix="flint-bench-spill-")
    try:
        for n in sizes:
            runs = []
            count = args.runs if n <= 30_000_000 else 1
            for i in range(min(count, 3)):
                try:
                    r = flint_run(args, n, spill_dir)
                except SystemExit as failure:
                    results["sizes"][str(n)] = {"failed": str(failure)[-300:]}
                    break
                runs.append(r)
                print(f"  spill n={n:>10} run {i+1}: {r['total_s']:.1f}s rss {r['rss_mib']:.0f} MiB "
                      f"frames top {r['frame_top_ms'][1]:.3f} middle {r['frame_middle_ms'][1]:.3f} "
                      f"bottom {r['frame_bottom_ms'][1]:.3f} ms, G {r['jump_to_last_ms'][2]:.1f} ms, "
                      f"{r['loaded_rows']:,} rows, {r['spilled_bytes']/2**20:.0f} MiB spilled",
                      file=sys.stderr)
            if not runs:
                continue
            py_run = pyspark_run(py, args, n)
            print(f"  spill n={n:>10} pyspark toArrow: {py_run}", file=sys.stderr)
            results["sizes"][str(n)] = {
                "rows": runs[0]["loaded_rows"],
                "last_row": runs[0]["last_row"],
                "load_stopped": runs[0].get("load_stopped"),
                "arrow_bytes": runs[0]["arrow_bytes"],
                "spilled_bytes": runs[0]["spilled_bytes"],
                "memory_bytes": runs[0]["memory_bytes"],
                "load_s": summary([r["total_s"] for r in runs]),
                "rss_mib": summary([r["rss_mib"] for r in runs]),
                # Per run the fastest steady frame at each place (the others met the server's
                # garbage collection or the other core's work), and the slowest jump to the end
                # (the first one, which maps the last batches cold).
                "frame_top_ms": summary([r["frame_top_ms"][1] for r in runs]),
                "frame_middle_ms": summary([r["frame_middle_ms"][1] for r in runs]),
                "frame_bottom_ms": summary([r["frame_bottom_ms"][1] for r in runs]),
                "frame_bottom_median_ms": summary([r["frame_bottom_ms"][0] for r in runs]),
                "jump_to_last_ms": summary([r["jump_to_last_ms"][2] for r in runs]),
                "pyspark_toArrow": py_run,
            }
    finally:
        shutil.rmtree(spill_dir, ignore_errors=True)
    return results, spill_lines(results)


def spill_lines(results):
    budget = results["budget_mib"]
    lines = [f"results larger than memory (flint fetch --render 200x60 --memory-budget {budget}MiB: "
             f"the explorer's update and render path; goals: peak RSS ≤ {budget + 150} MiB, frames "
             f"< 2 ms with last/first ≤ 1.2, G to the last row < 50 ms):"]
    lines.append(f"{'N':>12}  {'loaded':>12}  {'Arrow MiB':>9}  {'spilled MiB':>11}  {'load s':<22} "
                 f"{'peak RSS MiB':<20} {'frame first/middle/last ms':<28} {'G ms':<8} pyspark toArrow()")
    for n, e in results["sizes"].items():
        if "failed" in e:
            lines.append(f"{int(n):>12,}  flint failed: {e['failed']}")
            continue
        p = e["pyspark_toArrow"]
        py_text = (f"failed: {p['failed']}" if "failed" in p
                   else f"{p['total_s']:.1f} s, peak RSS {p['rss_mib']:.0f} MiB")
        frames = (f"{e['frame_top_ms']['median']:.3f}/{e['frame_middle_ms']['median']:.3f}/"
                  f"{e['frame_bottom_ms']['median']:.3f}")
        lines.append(f"{int(n):>12,}  {e['rows']:>12,}  {e['arrow_bytes']/2**20:>9.0f}  "
                     f"{e['spilled_bytes']/2**20:>11.0f}  {fmt(e['load_s'], digits=1):<22} "
                     f"{fmt(e['rss_mib'], digits=0):<20} {frames:<28} "
                     f"{e['jump_to_last_ms']['median']:<8.1f} {py_text}")
        ratio = e["frame_bottom_ms"]["median"] / e["frame_top_ms"]["median"]
        lines.append(f"{'':>12}  last/first frame {ratio:.2f}; peak RSS − budget "
                     f"{e['rss_mib']['median'] - budget:.0f} MiB"
                     + (f"; stopped: {e['load_stopped']}" if e.get("load_stopped") else ""))
    return lines
