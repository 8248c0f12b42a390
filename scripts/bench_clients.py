"""The clients section of scripts/bench: many `flint query` processes at once beside as many
pyspark clients, on one server, in the same run."""
import subprocess
import sys
import textwrap
import time

from bench import fmt, summary
# Many clients at once: N `flint query` processes streaming the same 1M rows each from one
# server, beside N pyspark clients doing the same (toArrow()), in the same run.
CLIENTS_QUERY = "SELECT id, id * 2 + 1 AS b FROM range(0, 1000000, 1, 4)"

PYSPARK_CLIENT = textwrap.dedent("""
    import sys, warnings
    warnings.filterwarnings("ignore")
    from pyspark.sql.connect.session import SparkSession
    spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
    table = spark.sql(sys.argv[2]).toArrow()
    assert table.num_rows == 1000000, table.num_rows
    spark.stop()
""")


def run_together(commands):
    """Starts every command at once; returns the wall time until the last one ends."""
    start = time.perf_counter()
    procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in commands]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"a client failed: {err.decode()[-2000:]}")
    return time.perf_counter() - start


def clients_section(args, py, clients=16, runs=3):
    """16 flint query clients (Arrow to /dev/null) vs 16 pyspark clients (toArrow()), each
    streaming 1M rows from the one server at the same time; wall time until the last ends
    (pyspark's includes its interpreter start and imports, flint's its process start)."""
    flint = [[args.flint, "query", "--remote", args.remote, "--format", "arrow", "-o", "/dev/null",
              "--force", CLIENTS_QUERY]] * clients
    pyspark = [[py, "-W", "ignore", "-c", PYSPARK_CLIENT, args.remote, CLIENTS_QUERY]] * clients
    walls = {"flint": [], "pyspark": []}
    for _ in range(runs):
        walls["flint"].append(run_together(flint))
        walls["pyspark"].append(run_together(pyspark))
    results = {name: summary(values) for name, values in walls.items()}
    lines = [f"{clients} clients at once, each streaming 1M rows ({CLIENTS_QUERY}), wall s until the last "
             f"ends, median [min–max] of {runs}:"]
    for name, stat in results.items():
        lines.append(f"  {name:<10} {fmt(stat)}")
    return results, lines


