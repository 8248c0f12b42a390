@testable import SparkConnectClient

/// The pyspark side of the live profile tests: checks a Flint profile (JSON on stdin)
/// against what pyspark computes on the same server (`df.summary()` and `df.agg(...)`), and
/// prints `{"rows": …, "checked": …, "problems": […]}`. Quartiles are checked by their true
/// rank in the data against `TableProfile.quantileRankError`, the documented bound.
enum ProfileCheck {
  static let script = #"""
    # Checks a Flint profile (JSON on stdin) against what pyspark computes on the same server.
    # argv: remote URL, "table" or "sql", the table name or the query.
    # Prints one JSON object: {"checked": N, "problems": [...]}.
    import json
    import math
    import sys

    from pyspark.sql import SparkSession, functions as F

    remote, kind, source = sys.argv[1], sys.argv[2], sys.argv[3]
    spark = SparkSession.builder.remote(remote).getOrCreate()
    df = spark.table(source) if kind == "table" else spark.sql(source)
    profile = json.loads(sys.stdin.read())
    problems = []
    checked = 0
    # Flint's documented rank error (TableProfile.quantileRankError) and that of summary()'s
    # percentile_approx at accuracy 10,000.
    RANK_ERROR = \#(TableProfile.quantileRankError)
    SUMMARY_RANK_ERROR = 1 / 10000
    SLICES = 1000


    def quoted(name):
        return "`" + name.replace("`", "``") + "`"


    def close(a, b, rel=1e-9):
        if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
            return str(a) == str(b)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b or abs(a - b) <= rel * max(abs(a), abs(b))


    def number(value):
        return float(value) if isinstance(value, str) else value


    def check(ok, message):
        global checked
        checked += 1
        if not ok:
            problems.append(message)


    rows = df.count()
    types = {f.name: f.dataType.simpleString() for f in df.schema.fields}
    summary = {}
    summary_columns = [
        f.name for f in df.schema.fields
        if f.dataType.simpleString().split("(")[0] in
        ("tinyint", "smallint", "int", "bigint", "float", "double", "decimal", "string")
    ]
    if kind == "table" and summary_columns:
        for row in df.select([quoted(c) for c in summary_columns]).summary().collect():
            summary[row["summary"]] = row.asDict()

    for c in profile:
        name = c["column"]
        col = F.col(quoted(name))
        check(c["type"] == types[name], f"{name}: type {c['type']} vs {types[name]}")
        aggs = [F.count(col).alias("n")]
        if "distinct_approx" in c:
            aggs.append(F.countDistinct(col).alias("d"))
        if "min" in c:
            if types[name] == "binary":
                aggs += [F.hex(F.min(col)).alias("min"), F.hex(F.max(col)).alias("max")]
            else:
                aggs += [F.min(col).cast("string").alias("min"), F.max(col).cast("string").alias("max")]
        if "mean" in c:
            aggs += [F.avg(col.cast("double")).alias("mean"),
                     F.stddev_samp(col.cast("double")).alias("sd")]
        if "min_length" in c:
            aggs += [F.min(F.length(col)).alias("minlen"), F.max(F.length(col)).alias("maxlen")]
        # The quartiles and the histogram are of the values other than NaN.
        floating = types[name] in ("float", "double")
        aggs.append(F.count_if(~F.isnan(col)).alias("sketched") if floating else F.count(col).alias("sketched"))
        ref = df.agg(*aggs).collect()[0].asDict()
        n = ref["n"]
        check(c["count"] == n, f"{name}: count {c['count']} vs {n}")
        check(c["nulls"] == rows - n, f"{name}: nulls {c['nulls']} vs {rows - n}")
        check(close(c["null_percent"], (rows - n) / rows * 100 if rows else 0),
              f"{name}: null_percent {c['null_percent']}")
        if "distinct_approx" in c:
            d = ref["d"]
            check(abs(c["distinct_approx"] - d) <= max(1, 0.15 * d),
                  f"{name}: distinct_approx {c['distinct_approx']} vs exact {d} (rsd 5%)")
        if "min" in c:
            for key in ("min", "max"):
                want = ref[key]
                if types[name] == "binary" and want is not None:
                    want = "[" + " ".join(want[i:i + 2] for i in range(0, len(want), 2)) + "]"
                check(c[key] == want, f"{name}: {key} {c[key]!r} vs {want!r}")
                if name in summary_columns and summary and types[name] != "binary":
                    check(c[key] == summary[key][name], f"{name}: {key} vs summary {summary[key][name]!r}")
        if "mean" in c:
            check(close(number(c["mean"]), ref["mean"]), f"{name}: mean {c['mean']} vs {ref['mean']}")
            check(close(number(c["stddev"]), ref["sd"]), f"{name}: stddev {c['stddev']} vs {ref['sd']}")
            if summary:
                check(close(number(c["mean"]), float(summary["mean"][name]), 1e-9),
                      f"{name}: mean vs summary {summary['mean'][name]}")
                check(close(number(c["stddev"]), float(summary["stddev"][name]), 1e-9),
                      f"{name}: stddev vs summary {summary['stddev'][name]}")
        if "min_length" in c:
            check(c["min_length"] == ref["minlen"] and c["max_length"] == ref["maxlen"],
                  f"{name}: lengths {c['min_length']}..{c['max_length']} vs {ref['minlen']}..{ref['maxlen']}")
        sketched = ref["sketched"]
        if "p25" in c:
            # The true rank of each quartile among the values other than NaN is p·n within the
            # documented error (a NaN is above every number, so `col < v` never counts one).
            checks = []
            for key, p in (("p25", 0.25), ("p50", 0.5), ("p75", 0.75)):
                if c[key] is None:
                    check(sketched == 0, f"{name}: no {key} for {sketched} values")
                    continue
                v = F.lit(c[key]).cast(types[name])
                checks += [F.count_if(col < v).alias(key + "_lt"), F.count_if(col <= v).alias(key + "_le")]
            if checks:
                r = df.agg(*checks).collect()[0].asDict()
                for key, p in (("p25", 0.25), ("p50", 0.5), ("p75", 0.75)):
                    if c[key] is None:
                        continue
                    slack = sketched * RANK_ERROR + 1
                    ok = r[key + "_lt"] - slack <= p * sketched <= r[key + "_le"] + slack
                    check(ok, f"{name}: {key} {c[key]} has rank {r[key + '_lt']}..{r[key + '_le']}, wanted {p * sketched} ± {slack:.1f}")
                if summary and name in summary_columns:
                    for key, label in (("p25", "25%"), ("p50", "50%"), ("p75", "75%")):
                        s = summary[label][name]
                        ok = close(number(c[key]), float(s), 1e-12) or c[key] == s
                        if not ok:
                            # Another sketch: the ranks of the two values are at most both
                            # errors apart.
                            vs = F.lit(s).cast(types[name])
                            r2 = df.agg(F.count_if(col < vs), F.count_if(col <= vs)).collect()[0]
                            slack = sketched * (RANK_ERROR + SUMMARY_RANK_ERROR) + 2
                            ok = r2[0] - slack <= r[key + "_le"] and r[key + "_lt"] <= r2[1] + slack
                        check(ok, f"{name}: {key} {c[key]} vs summary {s}")
        if c.get("histogram"):
            buckets = c["histogram"]
            whole = types[name] in ("tinyint", "smallint", "int", "bigint", "date")
            exprs = []
            # Edges of floats and decimals are doubles: compare as doubles.
            fractional = types[name].split("(")[0] in ("float", "double", "decimal")
            edge_type = "double" if fractional else types[name]
            value = col.cast("double") if fractional else col
            for i, b in enumerate(buckets):
                low = F.lit(b["low"]).cast(edge_type)
                high = F.lit(b["high"]).cast(edge_type)
                if whole or i == len(buckets) - 1:
                    cond = (value >= low) & (value <= high)
                else:
                    cond = (value >= low) & (value < high)
                exprs.append(F.count_if(cond).alias(f"b{i}"))
            r = df.agg(*exprs).collect()[0].asDict()
            # Each edge inside a slice of 1/SLICES of the values, plus the sketch's rank error.
            slack = 2 * sketched * (1 / SLICES + RANK_ERROR) + 2
            for i, b in enumerate(buckets):
                check(abs(b["count"] - r[f"b{i}"]) <= slack,
                      f"{name}: bucket {b['low']}..{b['high']} {b['count']} vs exact {r[f'b{i}']} (slack {slack:.0f})")
            check(abs(sum(b["count"] for b in buckets) - sum(r.values())) <= slack,
                  f"{name}: histogram total {sum(b['count'] for b in buckets)} vs {sum(r.values())}")

    print(json.dumps({"rows": rows, "checked": checked, "problems": problems}))
    """#
}
