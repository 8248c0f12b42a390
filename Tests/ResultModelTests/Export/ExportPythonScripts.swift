/// Python programs the export tests run through the project's venv (pyarrow, csv, json): they
/// make the source data and read every exported file back independently.
enum ExportPythonScripts {
  /// argv[1]: where to write an Arrow IPC stream of the type list (3 batches of ≤ 5 rows).
  static let makeData = #"""
    import sys, datetime as dt, decimal as dec
    import pyarrow as pa
    D = dec.Decimal
    UTC = dt.timezone.utc
    strings = ["plain", "comma,inside", 'quote"inside', "new\nline", "cr\rand\r\ncrlf", "tab\there",
               "日本語テキスト", "emoji 😀👍🏽", "e\u0301 combining", "pipe|and\\backslash", "", None]
    n = len(strings)
    def pad(values):
        return (values + [None] * n)[:n]
    cols = {
      "id": pa.array(range(n), pa.int64()),
      "s": pa.array(strings, pa.string()),
      "i8": pa.array(pad([-128, 127, None, 0, 5]), pa.int8()),
      "u64": pa.array(pad([2**64 - 1, 0, 7]), pa.uint64()),
      "f64": pa.array([1.5, -0.0, float("nan"), float("inf"), float("-inf"), 1e-300, 123456789.125,
                       None, 0.1, 1e21, 2.5e-5, 3.0], pa.float64()),
      "f32": pa.array(pad([0.1, -2.5, None, 3.4e38, float("nan")]), pa.float32()),
      "dec": pa.array(pad([D("12345678901234567890123456789012.3456"), D("-0.0001"), D("0.0000"), None,
                           D("42.5000")]), pa.decimal128(38, 4)),
      "dec256": pa.array(pad([D("-1234567890123456789012345678901234567890.0123456789"), D("1.0000000000")]),
                         pa.decimal256(50, 10)),
      "flag": pa.array(pad([True, False, None, True]), pa.bool_()),
      "day": pa.array(pad([dt.date(2024, 2, 29), dt.date(1, 1, 1), dt.date(9999, 12, 31), None,
                           dt.date(1969, 12, 31)]), pa.date32()),
      "ts": pa.array(pad([dt.datetime(2024, 3, 10, 10, 30, tzinfo=UTC),
                          dt.datetime(2024, 1, 1, 0, 0, 0, 500000, tzinfo=UTC),
                          dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC), None,
                          dt.datetime(2024, 11, 3, 9, 30, 0, 123456, tzinfo=UTC),
                          dt.datetime(1900, 6, 1, 12, 0, tzinfo=UTC)]), pa.timestamp("us", tz="UTC")),
      "ntz": pa.array(pad([dt.datetime(2024, 3, 10, 2, 30), dt.datetime(1970, 1, 1),
                           dt.datetime(2000, 2, 29, 23, 59, 59, 999999), None]), pa.timestamp("us")),
      "tod": pa.array(pad([dt.time(0, 0), dt.time(23, 59, 59, 500000), None]), pa.time64("us")),
      "dur": pa.array(pad([dt.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=5),
                           dt.timedelta(seconds=-1), None]), pa.duration("us")),
      "bin": pa.array(pad([b"\x00\xff", b"", None, b"hello, \"world\"\n", bytes(range(256))]),
                      pa.binary()),
      "arr": pa.array(pad([[1, None, 3], [], None, [2**31 - 1]]), pa.list_(pa.int32())),
      "arrs": pa.array(pad([["a,b", 'q"', "x\ny"], [None], None, ["日本"]]), pa.list_(pa.string())),
      "mp": pa.array(pad([[("a", 1), ("b,c", None)], [], None, [("ключ", -5)]]),
                     pa.map_(pa.string(), pa.int64())),
      "mpi": pa.array(pad([[(1, "one"), (2, None)], [], None]), pa.map_(pa.int32(), pa.string())),
      "st": pa.array(pad([{"a": 1, "b": "x|y", "c": [1.5, None]}, {"a": None, "b": None, "c": None},
                          None, {"a": -3, "b": "line\nbreak", "c": []}]),
                     pa.struct([("a", pa.int32()), ("b", pa.string()), ("c", pa.list_(pa.float64()))])),
      "dict": pa.array(pad(["red", "green", None, "red", "a,b"])).dictionary_encode(),
      "large": pa.array(pad(["large", "ü\nü", None]), pa.large_string()),
    }
    table = pa.table(cols)
    with pa.OSFile(sys.argv[1], "wb") as f:
        with pa.ipc.new_stream(f, table.schema) as w:
            for b in table.to_batches(max_chunksize=5):
                w.write_batch(b)
    """#

  /// argv: source.arrows, export directory, expected.json (cell texts from Swift), time zone.
  /// Reads out.csv, out.tsv, out.jsonl, out.md, out.arrow, semi.csv; prints OK or fails.
  static let checkAll = #"""
    import sys, json, csv, base64, math, re, struct, datetime as dt, decimal as dec
    from zoneinfo import ZoneInfo
    import pyarrow as pa, pyarrow.ipc as ipc
    src, out, expected_path, tz = sys.argv[1:5]
    with pa.OSFile(src, "rb") as f:
        source = ipc.open_stream(f).read_all()
    expected = json.load(open(expected_path, encoding="utf-8"))
    names = source.column_names
    rows = source.to_pylist()
    types = {f.name: f.type for f in source.schema}
    problems = []
    def fail(msg):
        problems.append(msg)

    # --- Arrow IPC file: identical table (dictionary columns come back decoded)
    with pa.memory_map(out + "/out.arrow") as f:
        reader = ipc.open_file(f)
        got = reader.read_all()
    decoded = pa.table({n: (c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c)
                        for n, c in zip(names, source.columns)})
    if not got.schema.equals(decoded.schema):
        fail(f"arrow schema {got.schema} != {decoded.schema}")
    else:
        for name in names:
            a, b = got.column(name), decoded.column(name)
            if not a.equals(b):
                # NaN != NaN in equals(): compare the Python values with NaN made comparable
                fix = lambda xs: ["NaN" if isinstance(x, float) and math.isnan(x) else x for x in xs]
                if fix(a.to_pylist()) != fix(b.to_pylist()):
                    fail(f"arrow column {name}: {a.to_pylist()} != {b.to_pylist()}")

    # --- JSON Lines with real types
    def check(ours, v, t, where):
        if pa.types.is_dictionary(t):
            t = t.value_type
        if v is None:
            if ours is not None: fail(f"{where}: {ours!r} for null")
            return
        if pa.types.is_boolean(t) or pa.types.is_integer(t) or pa.types.is_string(t) or pa.types.is_large_string(t):
            if ours != v or type(ours) != type(v): fail(f"{where}: {ours!r} != {v!r}")
        elif pa.types.is_floating(t):
            if math.isnan(v): ok = ours == "NaN"
            elif math.isinf(v): ok = ours == ("Infinity" if v > 0 else "-Infinity")
            elif pa.types.is_float32(t): ok = isinstance(ours, (int, float)) and struct.pack("<f", ours) == struct.pack("<f", v)
            else: ok = isinstance(ours, (int, float)) and float(ours) == v and math.copysign(1, float(ours)) == math.copysign(1, v)
            if not ok: fail(f"{where}: {ours!r} != {v!r}")
        elif pa.types.is_decimal(t):
            if ours != format(v, "f"): fail(f"{where}: {ours!r} != {format(v, 'f')}")
        elif pa.types.is_binary(t):
            if base64.b64decode(ours) != v: fail(f"{where}: {ours!r} is not base64 of {v!r}")
        elif pa.types.is_date(t):
            if ours != v.isoformat(): fail(f"{where}: {ours!r} != {v.isoformat()}")
        elif pa.types.is_timestamp(t):
            parsed = dt.datetime.fromisoformat(ours)
            if t.tz is None:
                if parsed.tzinfo is not None or parsed != v: fail(f"{where}: {ours!r} != {v!r}")
            else:
                want = v.astimezone(ZoneInfo(tz))
                # timestamp(): PEP 495 makes ambiguous (fold=1) times unequal across zones
                if parsed.timestamp() != want.timestamp() or parsed.utcoffset() != want.utcoffset():
                    fail(f"{where}: {ours!r} != {want.isoformat()}")
        elif pa.types.is_time(t):
            if dt.time.fromisoformat(ours) != v: fail(f"{where}: {ours!r} != {v!r}")
        elif pa.types.is_list(t) or pa.types.is_large_list(t):
            if not isinstance(ours, list) or len(ours) != len(v): fail(f"{where}: {ours!r} vs {v!r}"); return
            for i, (o, x) in enumerate(zip(ours, v)): check(o, x, t.value_type, f"{where}[{i}]")
        elif pa.types.is_struct(t):
            keys = [t.field(i).name for i in range(t.num_fields)]
            if not isinstance(ours, dict) or list(ours.keys()) != keys: fail(f"{where}: keys of {ours!r}"); return
            for i, k in enumerate(keys): check(ours[k], v[k], t.field(i).type, f"{where}.{k}")
        elif pa.types.is_map(t):
            if pa.types.is_string(t.key_type):
                if not isinstance(ours, dict) or list(ours.keys()) != [k for k, _ in v]: fail(f"{where}: {ours!r} vs {v!r}"); return
                for k, x in v: check(ours[k], x, t.item_type, f"{where}[{k!r}]")
            else:
                if not isinstance(ours, list) or len(ours) != len(v): fail(f"{where}: {ours!r} vs {v!r}"); return
                for i, (o, (k, x)) in enumerate(zip(ours, v)):
                    if list(o.keys()) != ["key", "value"]: fail(f"{where}[{i}]: {o!r}")
                    check(o["key"], k, t.key_type, f"{where}[{i}].key")
                    check(o["value"], x, t.item_type, f"{where}[{i}].value")
        else:
            raise Exception(f"no check for {t}")

    lines = open(out + "/out.jsonl", encoding="utf-8", newline="").read().split("\n")
    if lines[-1] != "": fail("jsonl does not end with a newline")
    lines = lines[:-1]
    if len(lines) != len(rows): fail(f"jsonl has {len(lines)} lines, want {len(rows)}")
    for r, (line, row) in enumerate(zip(lines, rows)):
        obj = json.loads(line, parse_float=float)
        if list(obj.keys()) != names: fail(f"jsonl row {r}: keys {list(obj.keys())}")
        for c, name in enumerate(names):
            t = types[name]
            if pa.types.is_duration(t):
                if obj[name] != expected[r][c]: fail(f"jsonl {r}.{name}: {obj[name]!r} != {expected[r][c]!r}")
            else:
                check(obj[name], row[name], t, f"jsonl row {r} {name}")

    # --- CSV: fields equal the expected cell texts (Spark text, raw strings, NULL as marker)
    def compare_text(kind, parsed, null, normalize=lambda s: s):
        if len(parsed) != len(rows): fail(f"{kind}: {len(parsed)} rows, want {len(rows)}"); return
        for r, fields in enumerate(parsed):
            if len(fields) != len(names): fail(f"{kind} row {r}: {len(fields)} fields {fields!r}"); continue
            for c, field in enumerate(fields):
                want = expected[r][c]
                if want is None: want = null
                if field != want: fail(f"{kind} row {r} {names[c]}: {field!r} != {want!r}")
        # independent of the Swift texts: strings, integers, decimals, doubles parse back
        for r, fields in enumerate(parsed):
            for c, name in enumerate(names):
                v, t, field = rows[r][name], types[name], fields[c] if c < len(fields) else None
                if v is None or field is None: continue
                if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t) or pa.types.is_integer(t):
                    if field != normalize(str(v)): fail(f"{kind} {r} {name}: {field!r} != {v!r}")
                elif pa.types.is_decimal(t) and dec.Decimal(field) != v: fail(f"{kind} {r} {name}: {field!r}")
                elif pa.types.is_float64(t) and not math.isnan(v) and float(field) != v: fail(f"{kind} {r} {name}: {field!r}")

    with open(out + "/out.csv", encoding="utf-8", newline="") as f:
        parsed = list(csv.reader(f))
    if parsed[0] != names: fail(f"csv header {parsed[0]}")
    compare_text("csv", parsed[1:], "")
    with open(out + "/semi.csv", encoding="utf-8", newline="") as f:
        raw = f.read()
        if "\r\n" not in raw: fail("semi.csv has no CRLF line endings")
        parsed = list(csv.reader(raw.splitlines(keepends=True), delimiter=";"))
    if parsed[0] != names: fail(f"semi.csv header {parsed[0]}")
    compare_text("semi.csv", parsed[1:], "NULL")

    # --- TSV: split on tabs and newlines, then undo \t \n \r \\
    def unescape(s):
        return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[m.group(1)], s)
    text = open(out + "/out.tsv", encoding="utf-8", newline="").read()
    tl = text.split("\n")
    if tl[-1] != "": fail("tsv does not end with a newline")
    parsed = [[unescape(x) for x in line.split("\t")] for line in tl[:-1]]
    if parsed[0] != names: fail(f"tsv header {parsed[0]}")
    compare_text("tsv", parsed[1:], "")

    # --- Markdown: GFM table, pipes escaped, line breaks as <br>, numbers right-aligned
    md = open(out + "/out.md", encoding="utf-8", newline="").read().split("\n")[:-1]
    def cells(line):
        if not (line.startswith("| ") and line.endswith(" |")): fail(f"md line {line!r}"); return []
        parts = re.split(r"(?<!\\)\|", line[1:-1])
        return [p[1:-1].replace("\\|", "|").replace("<br>", "\n") for p in parts]
    if cells(md[0]) != names: fail(f"md header {md[0]!r}")
    numeric = lambda t: pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
    want_sep = "|" + "".join(" ---: |" if numeric(types[n]) else " --- |" for n in names)
    if md[1] != want_sep: fail(f"md separator {md[1]!r} != {want_sep!r}")
    norm = [[None if x is None else x.replace("\r\n", "\n").replace("\r", "\n") for x in row] for row in expected]
    expected = norm
    compare_text("md", [cells(l) for l in md[2:]], "",
                 lambda s: s.replace("\r\n", "\n").replace("\r", "\n"))

    if problems:
        print("\n".join(problems[:40]), file=sys.stderr)
        sys.exit(1)
    print("OK")
    """#

  /// argv: arrow file, csv file, expected.json ({"names": [...], "rows": [[...]]}).
  /// Checks that both hold exactly those columns and rows (as text, Arrow via pyarrow).
  static let checkSelection = #"""
    import sys, json, csv
    import pyarrow as pa, pyarrow.ipc as ipc
    arrow_path, csv_path, expected_path = sys.argv[1:4]
    want = json.load(open(expected_path, encoding="utf-8"))
    with pa.memory_map(arrow_path) as f:
        t = ipc.open_file(f).read_all()
    problems = []
    if t.column_names != want["names"]: problems.append(f"arrow names {t.column_names}")
    got = [[None if v is None else str(v) for v in row.values()] for row in t.to_pylist()]
    if got != want["rows"]: problems.append(f"arrow rows {got[:5]} != {want['rows'][:5]}")
    with open(csv_path, encoding="utf-8", newline="") as f:
        parsed = list(csv.reader(f))
    if parsed[0] != want["names"]: problems.append(f"csv names {parsed[0]}")
    wanted_csv = [["" if v is None else v for v in row] for row in want["rows"]]
    if parsed[1:] != wanted_csv: problems.append(f"csv rows {parsed[1:6]} != {wanted_csv[:5]}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print("OK")
    """#
}
