"""The exploration section of scripts/bench: Flint's frequency step and column profile beside
the same questions written by hand and run by pyspark on the same server, in the same run."""
import json
import subprocess
import sys
import textwrap
import time

from bench import fmt, summary
# The exploration section: Flint's frequency step and column profile beside the same questions
# written by hand and run by pyspark on the same server, in the same run.
FREQUENCY_QUERY = ("SELECT id % 997 AS k, CAST(id % 7 AS INT) AS j, CAST(id AS DOUBLE) / 3 AS d "
                   "FROM range(10000000)")

PYSPARK_TIMED = textwrap.dedent("""
    import json, sys, time, warnings
    warnings.filterwarnings("ignore")
    from pyspark.sql.connect.session import SparkSession
    spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
    spark.sql("SELECT 1").collect()
    t0 = time.perf_counter()
    out = []
    for sql in json.loads(sys.argv[2]):
        if sql == "summary":
            out.append(len(spark.table("demo.trips").summary().collect()))
        else:
            out.append(len(spark.sql(sql).collect()))
    print(json.dumps({"total_s": time.perf_counter() - t0, "rows": out}))
    spark.stop()
""")


def run_wall(command):
    """Runs a command; returns its wall time (the whole process: connecting included), or the
    total_s it reports on its last stdout line (pyspark: after connecting and one round trip,
    so its interpreter, imports and session do not count — a margin in pyspark's favour)."""
    start = time.perf_counter()
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {command[:3]}\n{proc.stderr.decode()[-2000:]}")
    lines = proc.stdout.decode().strip().splitlines()
    if lines and lines[-1].startswith("{") and "total_s" in lines[-1]:
        return json.loads(lines[-1])["total_s"]
    return wall


def exploration_section(args, py):
    """(a) a frequency over 10M rows: `flint frequency` (the rows, then the number of groups)
    vs GROUP BY … ORDER BY count DESC LIMIT 1000 plus the distinct-group count by hand;
    (b) `flint profile --format json demo.trips` (one aggregate: counts, approx distinct,
    min/max, mean/stddev, a KLL quantile sketch (k 65,535) per number, date and timestamp,
    lengths) vs one hand-written min/max of every column, and pyspark's summary() for scale.
    Returns (results, table lines)."""
    hand_frequency = json.dumps([
        f"SELECT k, count(*) AS count FROM ({FREQUENCY_QUERY}) GROUP BY k ORDER BY 2 DESC, 1 LIMIT 1000",
        f"SELECT count(*) FROM (SELECT k FROM ({FREQUENCY_QUERY}) GROUP BY k)",
    ])
    columns = subprocess.run(
        [py, "-W", "ignore", "-c", textwrap.dedent("""
            import sys, warnings
            warnings.filterwarnings("ignore")
            from pyspark.sql.connect.session import SparkSession
            spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
            print(",".join(spark.table("demo.trips").columns))
            spark.stop()
        """), args.remote], stdout=subprocess.PIPE, check=True).stdout.decode().split()[-1].split(",")
    min_max = "SELECT " + ", ".join(f"min({c}), max({c})" for c in columns) + " FROM demo.trips"
    # Flint's own start and connection (the pyspark side is timed after connecting): a
    # trivial query in every round, subtracted for the "net" ratios.
    start = ("flint SELECT 1", [args.flint, "query", "--remote", args.remote, "SELECT 1"])
    cases = {
        "frequency": [
            start,
            ("flint frequency", [args.flint, "frequency", "--remote", args.remote, "--sql",
                                 FREQUENCY_QUERY, "--column", "k"]),
            ("pyspark hand SQL", [py, "-W", "ignore", "-c", PYSPARK_TIMED, args.remote, hand_frequency]),
        ],
        "profile": [
            start,
            ("flint profile", [args.flint, "profile", "--remote", args.remote, "--format", "json",
                               "demo.trips"]),
            ("pyspark min/max", [py, "-W", "ignore", "-c", PYSPARK_TIMED, args.remote,
                                 json.dumps([min_max])]),
            ("pyspark summary()", [py, "-W", "ignore", "-c", PYSPARK_TIMED, args.remote,
                                   json.dumps(["summary"])]),
        ],
    }
    results = {}
    for case, commands in cases.items():
        for _, command in commands:  # warm-up round, not measured
            run_wall(command)
        runs = {name: [] for name, _ in commands}
        for i in range(args.runs):
            for name, command in commands:
                runs[name].append(run_wall(command))
                print(f"  exploration {case:<9} {name:<18} run {i+1}: {runs[name][-1]:.3f}s", file=sys.stderr)
        results[case] = {name: summary(values) for name, values in runs.items()}
    f, p = results["frequency"]["flint frequency"], results["frequency"]["pyspark hand SQL"]
    s1 = results["frequency"]["flint SELECT 1"]["median"]
    results["frequency"]["ratio"] = f["median"] / p["median"]
    results["frequency"]["ratio_net"] = (f["median"] - s1) / p["median"]
    q, m = results["profile"]["flint profile"], results["profile"]["pyspark min/max"]
    s2 = results["profile"]["flint SELECT 1"]["median"]
    results["profile"]["ratio"] = q["median"] / m["median"]
    results["profile"]["ratio_net"] = (q["median"] - s2) / m["median"]
    results["profile"]["ratio_summary"] = q["median"] / results["profile"]["pyspark summary()"]["median"]
    lines = [
        f"exploration, median [min–max] wall s of {args.runs} runs after a warm-up (flint: the whole "
        "process, connecting included; pyspark: after connecting):",
        f"  frequency of k over 10M rows ({FREQUENCY_QUERY}), 997 groups:",
    ]
    for name in ("flint frequency", "pyspark hand SQL", "flint SELECT 1"):
        lines.append(f"    {name:<20} {fmt(results['frequency'][name])}")
    lines.append(f"    flint / hand SQL: {results['frequency']['ratio']:.2f} (goal ≤ 1.1); without flint's "
                 f"start and connection (flint SELECT 1): {results['frequency']['ratio_net']:.2f}")
    lines.append(f"  profile of demo.trips (1M rows, {len(columns)} columns):")
    for name in ("flint profile", "pyspark min/max", "pyspark summary()", "flint SELECT 1"):
        lines.append(f"    {name:<20} {fmt(results['profile'][name])}")
    lines.append(f"    flint profile / min-max scan: {results['profile']['ratio']:.2f} (goal ≤ 2), net of flint's "
                 f"start {results['profile']['ratio_net']:.2f}; / pyspark summary(): "
                 f"{results['profile']['ratio_summary']:.2f}")
    return results, lines


