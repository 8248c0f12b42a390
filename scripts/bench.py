"""The measurements behind scripts/bench (run through it, not directly).

Each figure is the median of N runs with min and max. Client CPU and peak RSS come from the
client process itself (getrusage), wall time from inside the client around the query, so the
Python interpreter's and pyspark's import time do not count against pyspark.
"""
import argparse, json, os, statistics, subprocess, sys, textwrap, time

QUERY = "SELECT id, id*2 AS b, CAST(id AS STRING) AS s, CAST(id AS DOUBLE)/7 AS d FROM range({n})"

PYSPARK_FETCH = textwrap.dedent("""
    import json, resource, sys, time, warnings
    warnings.filterwarnings("ignore")
    from pyspark.sql.connect.session import SparkSession
    spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
    spark.sql("SELECT 1").collect()
    def cpu():
        u = resource.getrusage(resource.RUSAGE_SELF)
        return u.ru_utime + u.ru_stime
    mode = sys.argv[3]
    # When the first Arrow batch arrives (the server's share of the wall time): toArrow()
    # pulls every response through this generator, so wrapping it costs nothing measurable.
    import pyarrow
    first = []
    through = spark.client._execute_and_fetch_as_iterator
    def noting_first_batch(*args, **kwargs):
        for item in through(*args, **kwargs):
            if not first and isinstance(item, pyarrow.RecordBatch):
                first.append(time.perf_counter())
            yield item
    spark.client._execute_and_fetch_as_iterator = noting_first_batch
    c0, t0 = cpu(), time.perf_counter()
    if mode == "toArrow":
        table = spark.sql(sys.argv[2]).toArrow()
        rows, nbytes = table.num_rows, table.nbytes
    elif mode == "floor":
        # What the server and the transport alone take: the same ExecutePlan through pyspark's
        # own gRPC stub (C core), each response parsed by protobuf, the Arrow bytes counted
        # but never decoded. No client that decodes the batches can be faster.
        df = spark.sql(sys.argv[2])
        request = spark.client._execute_plan_request_with_metadata()
        request.plan.CopyFrom(df._plan.to_proto(spark.client))
        rows, nbytes = 0, 0
        for response in spark.client._stub.ExecutePlan(
                request, metadata=spark.client._builder.metadata()):
            if response.HasField("arrow_batch"):
                if not first:
                    first.append(time.perf_counter())
                rows += response.arrow_batch.row_count
                nbytes += len(response.arrow_batch.data)
    else:
        spark.sql(sys.argv[2]).write.format("noop").mode("overwrite").save()
        rows, nbytes = 0, 0
    t1, c1 = time.perf_counter(), cpu()
    print(json.dumps({"rows": rows, "arrow_bytes": nbytes, "total_s": t1 - t0, "cpu_s": c1 - c0,
                      "first_batch_s": first[0] - t0 if first else None}))
    # Release the session on the server, as flint does when it ends: sessions left to time out
    # pile up there over a run.
    spark.stop()
""")

DECODE_PYARROW = textwrap.dedent("""
    import json, struct, sys, time, pyarrow as pa, pyarrow.compute, pyarrow.ipc as ipc
    data = open(sys.argv[1], "rb").read()
    frames, offset = [], 0
    while offset < len(data):
        (length,) = struct.unpack_from("<Q", data, offset)
        frames.append(pa.py_buffer(data[offset + 8:offset + 8 + length]))
        offset += 8 + length
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        rows = 0
        for frame in frames:
            table = ipc.open_stream(frame).read_all()
            rows += table.num_rows
            # Touch every column, as Flint's decoder validates every buffer.
            for column in table.columns:
                column.null_count
                pa.compute.sum(pa.compute.binary_length(column)) if pa.types.is_string(column.type) else pa.compute.sum(column)
        t = time.perf_counter() - t0
        best = t if best is None else min(best, t)
    print(json.dumps({"bytes": len(data), "rows": rows, "total_s": best}))
""")



TYPED_QUERY = """SELECT id, CAST(id AS DOUBLE) / 7 AS d, CAST(id AS DECIMAL(18, 2)) / 100 AS dec,
  concat('row ', id) AS s, TIMESTAMP '2024-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id) AS ts,
  date_add(DATE '2024-01-01', CAST(id % 1000 AS INT)) AS dt, array(id, id + 1, NULL) AS arr,
  map('k', id) AS m, named_struct('a', id, 'b', 'x') AS st FROM range({n})"""

# Python values from the same bytes: the nearest pyarrow equivalent of making a cell's text.
PYLIST_PYARROW = textwrap.dedent("""
    import json, sys, time, pyarrow as pa, pyarrow.ipc as ipc
    table = ipc.open_stream(pa.py_buffer(open(sys.argv[1], "rb").read())).read_all()
    out = {}
    for name in table.column_names:
        t0 = time.perf_counter()
        values = table.column(name).to_pylist()
        out[name] = (time.perf_counter() - t0) * 1e9 / table.num_rows
    print(json.dumps({"rows": table.num_rows, "ns": out}))
""")


def write_stream(py, remote, sql, path, framed=False):
    """Fetches `sql` with pyspark and writes it as an Arrow stream of 10,000-row batches, or
    (framed) as one stream per batch, each after its length: the shape Spark Connect sends,
    one IPC stream per ArrowBatch response."""
    subprocess.check_call([py, "-W", "ignore", "-c", textwrap.dedent("""
        import struct, sys, warnings, pyarrow as pa, pyarrow.ipc as ipc
        warnings.filterwarnings("ignore")
        from pyspark.sql.connect.session import SparkSession
        spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
        table = spark.sql(sys.argv[2]).toArrow()
        if sys.argv[4] == "framed":
            with open(sys.argv[3], "wb") as out:
                for b in table.to_batches(max_chunksize=10000):
                    sink = pa.BufferOutputStream()
                    with ipc.new_stream(sink, table.schema) as w:
                        w.write_batch(b)
                    stream = sink.getvalue()
                    out.write(struct.pack("<Q", stream.size))
                    out.write(stream)
        else:
            with ipc.new_stream(sys.argv[3], table.schema) as w:
                for b in table.to_batches(max_chunksize=10000):
                    w.write_batch(b)
        """), remote, sql, path, "framed" if framed else "stream"])


PYSPARK_CSV = textwrap.dedent("""
    import json, sys, time, warnings
    warnings.filterwarnings("ignore")
    import pyarrow.csv
    from pyspark.sql.connect.session import SparkSession
    spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
    spark.sql("SELECT 1").collect()
    # Warm: timed inside the interpreter once it is connected (imports and the connection left
    # out), so this is the fastest pyspark can be; run_export also keeps the process's wall.
    t0 = time.perf_counter()
    table = spark.sql(sys.argv[2]).toArrow()
    t1 = time.perf_counter()
    pyarrow.csv.write_csv(table, sys.argv[3])
    t2 = time.perf_counter()
    print(json.dumps({"total_s": t2 - t0, "to_arrow_s": t1 - t0, "write_csv_s": t2 - t1}))
    spark.stop()
""")


def run_export(command, path):
    """Runs an export command; returns its wall time (the whole process, connecting included,
    unless it reports its own total_s; then the process's is process_s), peak RSS (wait4) and
    the size of the file written (path None: nothing is written, e.g. flint fetch)."""
    if path and os.path.exists(path):
        os.remove(path)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {command[:3]}\n{err.decode()[-2000:]}")
    lines = out.decode().strip().splitlines()
    reported = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    size = 0
    if path:
        size = os.path.getsize(path)
        os.remove(path)
    return {"wall_s": reported.get("total_s", wall), "process_s": wall, "bytes": size,
            "rss_mib": usage.ru_maxrss / 1024.0, "reported": reported}


def run_with_rss(command):
    """Runs a command; returns the JSON of its last stdout line plus its peak RSS (wait4)."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {command[:3]}\n{err.decode()[-2000:]}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["rss_mib"] = usage.ru_maxrss / 1024.0
    return result


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt(stat, unit="", scale=1.0, digits=3):
    if stat is None:
        return "—"
    return f"{stat['median']*scale:.{digits}f}{unit} [{stat['min']*scale:.{digits}f}–{stat['max']*scale:.{digits}f}]"


def export_section(args, py):
    """Flint's exports (CSV, JSON Lines, Arrow) beside pyspark + pyarrow's CSV writer and
    flint fetch of the same query, taking turns; returns (results, table lines)."""
    # Export to a local file: Flint streams batch by batch (constant memory); pyspark for
    # scale: toArrow() then pyarrow's CSV writer (the whole table in memory first). flint fetch
    # of the same query is the speed of the wire (its process wall, connecting included, like
    # the exports'). The writers take turns in every round, so drift in the server's speed
    # falls on all of them alike.
    results = {}
    directory = os.path.dirname(os.path.abspath(args.json))
    for n in [int(x) for x in args.sizes.split(",")]:
        sql = QUERY.format(n=n)
        query = [args.flint, "query", "--remote", args.remote, "--max-rows", "0", "--force", "-o"]
        writers = [
            ("flint_csv", "csv", query),
            ("flint_jsonl", "jsonl", query),
            ("flint_arrow", "arrow", query),
            ("pyspark_pyarrow_csv", "csv", [py, "-W", "ignore", "-c", PYSPARK_CSV, args.remote, sql]),
            ("flint_fetch", None, [args.flint, "fetch", "--remote", args.remote, sql]),
        ]
        runs = {name: [] for name, _, _ in writers}
        for i in range(args.runs):
            for name, ext, command in writers:
                path = os.path.join(directory, f"bench-export-{n}.{ext}") if ext else None
                if name == "flint_fetch":
                    full = command
                elif name.startswith("flint"):
                    full = command + [path, sql]
                else:
                    full = command + [path]
                r = run_export(full, path)
                if name == "flint_fetch":
                    r["wall_s"] = r["process_s"]
                runs[name].append(r)
                print(f"  n={n:>9} export {name:<20} run {i+1}: {r['wall_s']:.2f}s {r['bytes']/1e6:.0f} MB rss {r['rss_mib']:.0f} MiB", file=sys.stderr)
        entry = {}
        for name, _, _ in writers:
            rs = runs[name]
            entry[name] = {
                "wall_s": summary([r["wall_s"] for r in rs]),
                "process_s": summary([r["process_s"] for r in rs]),
                "rss_mib": summary([r["rss_mib"] for r in rs]),
                "bytes": rs[0]["bytes"],
                "mb_per_s": summary([r["bytes"] / 1e6 / r["wall_s"] for r in rs]) if rs[0]["bytes"] else None,
            }
        p = runs["pyspark_pyarrow_csv"]
        entry["pyspark_pyarrow_csv"]["to_arrow_s"] = summary([r["reported"].get("to_arrow_s") for r in p])
        entry["pyspark_pyarrow_csv"]["write_csv_s"] = summary([r["reported"].get("write_csv_s") for r in p])
        # Each round's own ratios (a round's runs see nearly the same server).
        entry["round_ratios"] = {
            f"{name}_to_{base}": summary([f["wall_s"] / b["wall_s"] for f, b in zip(runs[name], runs[base])])
            for name in ["flint_csv", "flint_jsonl", "flint_arrow"]
            for base in ["pyspark_pyarrow_csv", "flint_fetch"]
        }
        results[str(n)] = entry

    lines = []
    lines.append("export to a local file (flint query --max-rows 0 -o FILE; wall includes connecting; "
                 "pyspark: toArrow() + pyarrow.csv.write_csv in a warm interpreter, timed inside it "
                 "once connected, for scale; flint_fetch: the same query fetched and dropped, the "
                 "speed of the wire, wall includes connecting):")
    lines.append(f"{'N':>10}  {'writer':<20} {'wall s':<24} {'MB/s':<24} {'file MB':>8}  {'peak RSS MiB':<22}")
    for n, entry in results.items():
        for name in ["flint_csv", "flint_jsonl", "flint_arrow", "pyspark_pyarrow_csv", "flint_fetch"]:
            e = entry[name]
            mb = f"{e['bytes']/1e6:>8.0f}" if e["bytes"] else f"{'—':>8}"
            lines.append(f"{n:>10}  {name:<20} {fmt(e['wall_s']):<24} {fmt(e['mb_per_s'], digits=0):<24} "
                         f"{mb}  {fmt(e['rss_mib'], digits=0):<22}")
        p = entry["pyspark_pyarrow_csv"]
        lines.append(f"{'':>10}  pyspark: warm {fmt(p['wall_s'])} s (toArrow {fmt(p['to_arrow_s'])} s + write_csv "
                     f"{fmt(p['write_csv_s'])} s); whole process {fmt(p['process_s'])} s")
        for name in ["flint_csv", "flint_jsonl", "flint_arrow"]:
            w = entry[name]["wall_s"]["median"]
            rr = entry["round_ratios"]
            lines.append(f"{'':>10}  {name} wall / pyspark warm {w / p['wall_s']['median']:.2f} "
                         f"(per round {fmt(rr[f'{name}_to_pyspark_pyarrow_csv'], digits=2)}), "
                         f"/ flint fetch {w / entry['flint_fetch']['wall_s']['median']:.2f} "
                         f"(per round {fmt(rr[f'{name}_to_flint_fetch'], digits=2)})")
    return results, lines


def main():
    # The sections live in their own modules, which import the helpers above from here.
    from bench_clients import clients_section
    from bench_exploration import exploration_section
    parser = argparse.ArgumentParser()
    parser.add_argument("--flint", required=True)
    parser.add_argument("--remote", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--json", default="bench.json")
    parser.add_argument("--sections", default="all",
                        help="all, exploration (only the frequency and profile comparison), "
                             "export (only the export comparison), clients (16 clients at "
                             "once) or spill (a result far over the memory budget)")
    parser.add_argument("--spill-sizes", default=None,
                        help="rows for the spill section (default 30000000; e.g. "
                             "30000000,100000000)")
    args = parser.parse_args()
    py = sys.executable
    if args.sections == "spill":
        from bench_spill import spill_section
        results, lines = spill_section(args, py)
        print("\n".join(lines))
        with open(args.json, "w") as fh:
            json.dump({"spill": results}, fh, indent=2)
        print(f"\n(written to {args.json})")
        return
    if args.sections == "clients":
        results, lines = clients_section(args, py)
        print("\n".join(lines))
        with open(args.json, "w") as fh:
            json.dump({"clients": results}, fh, indent=2)
        return
    if args.sections == "export":
        results, lines = export_section(args, py)
        print("\n".join(lines))
        with open(args.json, "w") as fh:
            json.dump({"export": results}, fh, indent=2)
        print(f"\n(written to {args.json})")
        return
    if args.sections == "exploration":
        results, lines = exploration_section(args, py)
        print("\n".join(lines))
        with open(args.json, "w") as fh:
            json.dump({"exploration": results}, fh, indent=2)
        print(f"\n(written to {args.json})")
        return
    results = {"query": QUERY, "runs": args.runs, "fetch": {}}

    for n in [int(x) for x in args.sizes.split(",")]:
        sql = QUERY.format(n=n)
        commands = [
            ("flint", [args.flint, "fetch", "--remote", args.remote, sql]),
            ("pyspark_toArrow", [py, "-W", "ignore", "-c", PYSPARK_FETCH, args.remote, sql, "toArrow"]),
            ("grpc_floor", [py, "-W", "ignore", "-c", PYSPARK_FETCH, args.remote, sql, "floor"]),
            ("server_noop", [py, "-W", "ignore", "-c", PYSPARK_FETCH, args.remote, sql, "noop"]),
        ]
        # One unmeasured round first (the server's JIT and caches warm up on it), then the
        # clients take turns in every round, so drift in the server's speed during the run
        # falls on all of them alike rather than on whichever ran last.
        for name, command in commands:
            run_with_rss(command)
        runs = {name: [] for name, _ in commands}
        for i in range(args.runs):
            for name, command in commands:
                r = run_with_rss(command)
                runs[name].append(r)
                print(f"  n={n:>9} {name:<16} run {i+1}: {r['total_s']:.3f}s cpu {r['cpu_s']:.3f}s rss {r['rss_mib']:.0f} MiB", file=sys.stderr)
        entry = {
            # Each round's own Flint/pyspark ratio: the server's speed drifts over a run (JIT,
            # GC), and a round's two runs see nearly the same server.
            "round_ratios": {
                "wall": summary([f["total_s"] / p["total_s"] for f, p in zip(runs["flint"], runs["pyspark_toArrow"])]),
                "cpu": summary([f["cpu_s"] / p["cpu_s"] for f, p in zip(runs["flint"], runs["pyspark_toArrow"])]),
                "floor_wall": summary([f["total_s"] / p["total_s"] for f, p in zip(runs["grpc_floor"], runs["pyspark_toArrow"])]),
            },
        }
        for name, _ in commands:
            entry[name] = {
                "wall_s": summary([r["total_s"] for r in runs[name]]),
                "cpu_s": summary([r["cpu_s"] for r in runs[name]]),
                "rss_mib": summary([r["rss_mib"] for r in runs[name]]),
                "rows": runs[name][0]["rows"],
                "arrow_bytes": runs[name][0].get("arrow_bytes"),
                "first_batch_s": summary([r.get("first_batch_s") for r in runs[name]]),
                # From the first batch to the last: what the client, not the server's job, adds.
                "drain_s": summary([r["total_s"] - r["first_batch_s"] for r in runs[name]
                                    if r.get("first_batch_s") is not None]),
            }
        results["fetch"][str(n)] = entry

    # Decode throughput on the same bytes: a stream file of the largest size, 10,000-row batches.
    n = max(int(x) for x in args.sizes.split(","))
    stream = os.path.join(os.path.dirname(args.json) or ".", f"bench-{n}.framed-arrows")
    if not os.path.exists(stream):
        write_stream(py, args.remote, QUERY.format(n=n), stream, framed=True)
    decode = {}
    try:
        decode["flint"] = run_with_rss([args.flint, "decode", "--framed", stream])
    except SystemExit as e:
        decode["flint"] = None
        print(f"flint decode unavailable: {e}", file=sys.stderr)
    decode["pyarrow"] = run_with_rss([py, "-c", DECODE_PYARROW, stream])
    results["decode"] = decode

    # Cell text per type (Spark's show() text) beside pyarrow's to_pylist on the same bytes.
    typed = os.path.join(os.path.dirname(args.json) or ".", "bench-typed-1000000.arrows")
    if not os.path.exists(typed):
        write_stream(py, args.remote, TYPED_QUERY.format(n=1000000), typed)
    cells = run_with_rss([args.flint, "decode", "--cells", typed])
    pylist = run_with_rss([py, "-c", PYLIST_PYARROW, typed])
    results["cells"] = {"flint": cells, "pyarrow_to_pylist": pylist}

    # The TUI's own path: every event through AppState.update + render + diff at 200x60, the
    # batches kept as the grid keeps them; then frame times at the top and at the last row.
    tui_runs = []
    for i in range(args.runs):
        r = run_with_rss([args.flint, "fetch", "--remote", args.remote, "--render", "200x60",
                          "--frames", "301", QUERY.format(n=n)])
        tui_runs.append(r)
        print(f"  n={n:>9} flint --render   run {i+1}: first batch {r['first_batch_s']*1000:.1f} ms, "
              f"first row on screen {r['first_row_rendered_s']*1000:.1f} ms, frame top "
              f"{r['frame_top_ms'][0]:.3f} ms, bottom {r['frame_bottom_ms'][0]:.3f} ms, "
              f"rss {r['rss_mib']:.0f} MiB", file=sys.stderr)
    results["tui"] = {
        "rows": tui_runs[0]["loaded_rows"],
        "last_row": tui_runs[0]["last_row"],
        "first_batch_s": summary([r["first_batch_s"] for r in tui_runs]),
        "first_row_rendered_s": summary([r["first_row_rendered_s"] for r in tui_runs]),
        "first_row_after_batch_ms": summary(
            [(r["first_row_rendered_s"] - r["first_batch_s"]) * 1000 for r in tui_runs]),
        "frame_top_ms": summary([r["frame_top_ms"][0] for r in tui_runs]),
        "frame_bottom_ms": summary([r["frame_bottom_ms"][0] for r in tui_runs]),
        "frame_top_min_ms": min(r["frame_top_ms"][1] for r in tui_runs),
        "frame_bottom_min_ms": min(r["frame_bottom_ms"][1] for r in tui_runs),
        "rss_mib": summary([r["rss_mib"] for r in tui_runs]),
        "arrow_bytes": tui_runs[0]["arrow_bytes"],
    }

    results["export"], export_lines = export_section(args, py)

    # The table.
    lines = []
    lines.append(f"Flint vs pyspark Connect on {args.remote}, median [min–max] of {args.runs} runs "
                 f"(fetch: after a warm-up round, the clients take turns)")
    lines.append(f"query: {QUERY.format(n='N')}")
    lines.append("")
    lines.append(f"{'N':>10}  {'client':<16} {'wall s':<24} {'CPU s':<24} {'rows/s':>12} {'peak RSS MiB':<22} {'Arrow MB':>9}")
    for n, entry in results["fetch"].items():
        for name in ["flint", "pyspark_toArrow", "grpc_floor", "server_noop"]:
            e = entry[name]
            rate = e["rows"] / e["wall_s"]["median"] if e["rows"] and e["wall_s"] else None
            ab = f"{e['arrow_bytes']/1e6:.0f}" if e.get("arrow_bytes") else "—"
            lines.append(f"{n:>10}  {name:<16} {fmt(e['wall_s']):<24} {fmt(e['cpu_s']):<24} {(f'{rate:,.0f}' if rate else '—'):>12} {fmt(e['rss_mib'], digits=0):<22} {ab:>9}")
        f, p = entry["flint"], entry["pyspark_toArrow"]
        wall_ratio = f["wall_s"]["median"] / p["wall_s"]["median"]
        cpu_ratio = f["cpu_s"]["median"] / p["cpu_s"]["median"] if p["cpu_s"]["median"] > 0 else float("nan")
        drain_ratio = f["drain_s"]["median"] / p["drain_s"]["median"]
        entry["ratios"] = {"wall": wall_ratio, "cpu": cpu_ratio, "drain": drain_ratio}
        rr = entry["round_ratios"]
        lines.append(f"{'':>10}  flint/pyspark: wall {wall_ratio:.2f} (goal ≤ 0.8), CPU {cpu_ratio:.2f} (goal ≤ 0.5); "
                     f"per round: wall {fmt(rr['wall'], digits=2)}, CPU {fmt(rr['cpu'], digits=2)}")
        fl = entry["grpc_floor"]
        lines.append(f"{'':>10}  first batch: flint {fmt(f['first_batch_s'])} s, pyspark {fmt(p['first_batch_s'])} s, floor {fmt(fl['first_batch_s'])} s; "
                     f"first batch to last: flint {fmt(f['drain_s'])} s, pyspark {fmt(p['drain_s'])} s (ratio {drain_ratio:.2f}), "
                     f"floor {fmt(fl['drain_s'])} s")
        lines.append(f"{'':>10}  grpc_floor (a gRPC client that decodes nothing: what the server and the transport take) / pyspark: "
                     f"wall {fl['wall_s']['median'] / p['wall_s']['median']:.2f}, per round {fmt(rr['floor_wall'], digits=2)}")
    lines.append("")
    n = max(int(x) for x in args.sizes.split(","))
    d = results["decode"]
    if d.get("flint"):
        lines.append(f"decode {d['pyarrow']['bytes']/1e6:.0f} MB ({d['pyarrow']['rows']:,} rows, one IPC stream per 10,000-row batch as Spark sends them, best of 3): "
                     f"flint {d['flint']['bytes']/1e6/d['flint']['total_s']:.0f} MB/s "
                     f"({d['flint']['rows']/d['flint']['total_s']/1e6:.0f} M rows/s), "
                     f"pyarrow {d['pyarrow']['bytes']/1e6/d['pyarrow']['total_s']:.0f} MB/s "
                     f"({d['pyarrow']['rows']/d['pyarrow']['total_s']/1e6:.0f} M rows/s)")
        fetch_wall = results["fetch"][str(n)]["flint"]["wall_s"]["median"]
        share = d["flint"]["total_s"] / fetch_wall
        results["decode"]["share_of_fetch"] = share
        lines.append(f"flint decode time / flint fetch wall time at N={n:,}: {share:.1%} (goal < 10%)")
    c = results["cells"]
    lines.append("")
    lines.append(f"cell text, ns per cell over {c['flint']['rows']:,} rows (flint: Spark's show() text; "
                 f"pyarrow: to_pylist Python values, for scale):")
    for name, entry in c["flint"]["cells"].items():
        lines.append(f"  {name:<4} {entry['type']:<28} flint {entry['ns']:7.0f}   pyarrow {c['pyarrow_to_pylist']['ns'][name]:7.0f}")
    t = results["tui"]
    lines.append("")
    lines.append(f"TUI path at 200x60, N={n:,} ({t['rows']:,} rows loaded, last row {t['last_row']:,}):")
    lines.append(f"  first batch {fmt(t['first_batch_s'], ' s')}, first row on screen {fmt(t['first_row_rendered_s'], ' s')}")
    lines.append(f"  first row on screen − first batch: {fmt(t['first_row_after_batch_ms'], ' ms', digits=2)} (goal ≤ 30 ms)")
    ratio = t["frame_bottom_ms"]["median"] / t["frame_top_ms"]["median"]
    t["frame_ratio"] = ratio
    lines.append(f"  frame (median of 301 per run) at row 0 {fmt(t['frame_top_ms'], ' ms')}, at the last row "
                 f"{fmt(t['frame_bottom_ms'], ' ms')}: ratio {ratio:.2f} (goals < 2 ms, ratio ≤ 1.2)")
    lines.append(f"  fastest frame: row 0 {t['frame_top_min_ms']:.3f} ms, last row {t['frame_bottom_min_ms']:.3f} ms "
                 f"(ratio {t['frame_bottom_min_ms'] / t['frame_top_min_ms']:.2f}; the last rows hold 7-digit "
                 f"numbers where the first hold 1-digit ones)")
    budget = 1.15 * t["arrow_bytes"] / 2**20 + 50
    lines.append(f"  peak RSS with all rows loaded {fmt(t['rss_mib'], ' MiB', digits=0)} for {t['arrow_bytes']/2**20:.0f} MiB of Arrow "
                 f"(goal ≤ 1.15 × Arrow + 50 MiB = {budget:.0f} MiB)")
    lines.append("")
    lines += export_lines
    exploration, exploration_lines = exploration_section(args, py)
    results["exploration"] = exploration
    lines.append("")
    lines += exploration_lines
    clients, clients_lines = clients_section(args, py)
    results["clients"] = clients
    lines.append("")
    lines += clients_lines
    from bench_spill import spill_section
    spill, spill_lines = spill_section(args, py)
    results["spill"] = spill
    lines.append("")
    lines += spill_lines
    text = "\n".join(lines)
    print(text)
    with open(args.json, "w") as fh:
        json.dump(results, fh, indent=2)
    print(f"\n(written to {args.json})")


if __name__ == "__main__":
    main()
