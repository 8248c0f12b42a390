import Foundation
import Testing

/// Runs the project venv's python (with pyarrow) for cross-checks.
///
/// Located through env `FLINT_PYTHON`, defaulting to ~/.cache/flint/venv-pyspark-4.3.0/bin/python.
/// A missing interpreter is a test failure (with a hint), never a silent skip.
enum PyArrow {
  static var pythonPath: String {
    if let path = ProcessInfo.processInfo.environment["FLINT_PYTHON"], !path.isEmpty { return path }
    return FileManager.default.homeDirectoryForCurrentUser
      .appendingPathComponent(".cache/flint/venv-pyspark-4.3.0/bin/python").path
  }

  /// Runs `script` with `arguments`; returns (exit status, stdout + stderr).
  static func run(_ script: String, arguments: [String]) throws -> (status: Int32, output: String) {
    let python = pythonPath
    guard FileManager.default.isExecutableFile(atPath: python) else {
      Issue.record(
        "python with pyarrow not found at \(python): set FLINT_PYTHON or create the venv (scripts/lib.sh ensure_venv)"
      )
      return (-1, "")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("flint-arrow-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Compares Arrow IPC files we wrote with the fixture streams pyarrow wrote.
  /// Arguments: groups of (fixture stream, our file, slice offset or -1, slice length).
  static let compareScript = #"""
    import sys
    import pyarrow as pa

    def values(arr):
        return repr(arr.to_pylist())  # repr: NaN compares equal to NaN

    def decoded_type(t):
        if pa.types.is_dictionary(t):
            return decoded_type(t.value_type)
        if pa.types.is_struct(t):
            return pa.struct([f.with_type(decoded_type(f.type)) for f in t])
        return t

    def compare(fixture, ours, offset, length):
        with pa.ipc.open_stream(fixture) as r:
            expected = list(r)
            schema = r.schema
        if offset >= 0:
            expected = [b.slice(offset, length) for b in expected]
        got = pa.ipc.open_file(ours)
        batches = [got.get_batch(i) for i in range(got.num_record_batches)]
        problems = []
        if len(batches) != len(expected):
            problems.append(f"{len(batches)} batches, expected {len(expected)}")
        for f_exp, f_got in zip(schema, got.schema):
            if f_got.name != f_exp.name or f_got.type != decoded_type(f_exp.type) \
                    or f_got.nullable != f_exp.nullable or (f_got.metadata or {}) != (f_exp.metadata or {}):
                problems.append(f"field {f_got} != {f_exp}")
        if (got.schema.metadata or {}) != (schema.metadata or {}):
            problems.append(f"schema metadata {got.schema.metadata} != {schema.metadata}")
        for i, (b, e) in enumerate(zip(batches, expected)):
            b.validate(full=True)
            if b.num_rows != e.num_rows:
                problems.append(f"batch {i}: {b.num_rows} rows, expected {e.num_rows}")
            if b.schema == e.schema and b.equals(e):  # also covers types without Python wrappers
                continue
            for c in range(min(b.num_columns, e.num_columns)):
                if values(b.column(c)) != values(e.column(c)) and b.column(c).to_pylist() != e.column(c).to_pylist():
                    problems.append(f"batch {i} column {schema.field(c).name}: {values(b.column(c))[:300]} != {values(e.column(c))[:300]}")
        return problems

    args = sys.argv[1:]
    failures = 0
    for k in range(0, len(args), 4):
        fixture, ours, offset, length = args[k], args[k + 1], int(args[k + 2]), int(args[k + 3])
        try:
            problems = compare(fixture, ours, offset, length)
        except Exception as error:
            problems = [f"{type(error).__name__}: {error}"]
        if problems:
            failures += 1
            print(f"FAIL {ours}: " + "; ".join(problems[:5]))
        else:
            print(f"OK {ours}")
    sys.exit(1 if failures else 0)
    """#
}
