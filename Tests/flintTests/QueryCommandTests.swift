import Foundation
import TestSupport
import Testing

/// The real `flint` binary against the real server: `--format show` must print exactly what
/// pyspark's `df.show(20, truncate=False)` prints for the same SQL.
@Suite(.serialized, .timeLimit(.minutes(10))) struct QueryCommandTests {
  static var flint: String {
    if let path = ProcessInfo.processInfo.environment["FLINT_BIN"] { return path }
    return TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/flint").path
  }

  static let queries = [
    "SELECT 1 AS a, 'x' AS b",
    "SELECT id, id * 2 AS b, CAST(id AS STRING) AS s, CAST(id AS DOUBLE) / 7 AS d FROM range(25)",
    "SELECT CAST(NULL AS INT) AS n, 1.0E20D AS big, 1.0E-7D AS small, CAST('NaN' AS DOUBLE) AS nan, -0.0D AS negzero, 123456789.125D AS d",
    "SELECT CAST(1.5 AS FLOAT) AS f, CAST(0.1 AS FLOAT) AS f2, CAST(12345.678 AS DECIMAL(12,4)) AS dec, CAST(0 AS DECIMAL(20,18)) AS zero",
    "SELECT 'line1\\nline2' AS nl, 'tab\\there' AS tab, X'DEADBEEF' AS bin, '数据' AS cjk, '🚀x' AS emoji, 'e\\u0301' AS combining",
    "SELECT DATE'2024-02-29' AS d, TIMESTAMP'1969-12-31 23:59:59.5' AS ts, TIMESTAMP_NTZ'2024-01-01 10:00:00.123' AS ntz",
    "SELECT INTERVAL '1 02:03:04.5' DAY TO SECOND AS dts, INTERVAL '1-2' YEAR TO MONTH AS ym, INTERVAL '3' HOUR AS h",
    "SELECT array(1, 2, NULL) AS arr, map('a', 1, 'b', NULL) AS m, named_struct('x', 1, 'y', 'z') AS st, array(named_struct('k', array('p', 'q'))) AS nested",
    "SELECT * FROM VALUES (1, 'a'), (2, NULL), (3, 'ccc') AS t(id, name) ORDER BY id",
    "SHOW DATABASES",
    "SELECT parse_json('{\"b\": [1, 2], \"a\": null}') AS v",
  ]

  /// Spark's own rendering of each query, through pyspark (the test's expected side).
  static func expected() throws -> [String] {
    let script = """
      import json, sys, warnings
      warnings.filterwarnings("ignore")
      from pyspark.sql.connect.session import SparkSession
      spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
      queries = json.load(sys.stdin)
      print(json.dumps([spark.sql(q)._show_string(20, 0) + "\\n" for q in queries]))
      """
    let queriesJSON = String(decoding: try JSONEncoder().encode(queries), as: UTF8.self)
    let result = try TestEnvironment.run(
      TestEnvironment.python, ["-c", script, TestEnvironment.remote], input: queriesJSON)
    guard result.status == 0 else {
      throw TestFailure("pyspark failed: \(result.stderr.suffix(2000))")
    }
    return try JSONDecoder().decode([String].self, from: Data(result.stdout.utf8))
  }

  struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  @Test func showMatchesPysparkByteForByte() throws {
    let expected = try Self.expected()
    #expect(expected.count == Self.queries.count)
    for (query, want) in zip(Self.queries, expected) {
      let got = try TestEnvironment.run(
        Self.flint, ["query", "--remote", TestEnvironment.remote, query])
      #expect(got.status == 0, "\(query): \(got.stderr)")
      #expect(got.stdout == want, "\(query)\n--- flint\n\(got.stdout)--- pyspark\n\(want)")
    }
  }

  @Test func failingSQLExitsNonZeroWithClassStateAndCaret() throws {
    let got = try TestEnvironment.run(
      Self.flint,
      ["query", "--remote", TestEnvironment.remote, "SELECT 1;\nSELECT nope_col FROM range(3)"])
    #expect(got.status == 1)
    #expect(got.stdout.contains("|1  |"))
    #expect(got.stderr.contains("[UNRESOLVED_COLUMN.WITH_SUGGESTION]"))
    #expect(got.stderr.contains("(SQLSTATE: 42703)"))
    #expect(
      got.stderr.contains("line 2, column 8:\nSELECT nope_col FROM range(3)\n       ^^^^^^^^"))
  }

  @Test func parseErrorsShowTheirClassOnceAndACaret() throws {
    let got = try TestEnvironment.run(
      Self.flint, ["query", "--remote", TestEnvironment.remote, "SELEC 1"])
    #expect(got.status == 1)
    #expect(
      got.stderr.hasPrefix(
        "flint: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. (SQLSTATE: 42601)\n"),
      "\(got.stderr)")
    #expect(got.stderr.contains("line 1, column 1:\nSELEC 1\n^^^^^\n"), "\(got.stderr)")
    // The position of a later statement and line points into the whole text.
    let script = "SELECT 1;\nSELECT 2\nFROM range(3) WHERE ("
    let second = try TestEnvironment.run(
      Self.flint, ["query", "--remote", TestEnvironment.remote, script])
    #expect(second.status == 1)
    #expect(
      second.stderr.contains("line 3, column 21:\nFROM range(3) WHERE (\n                    ^\n"),
      "\(second.stderr)")
  }

  @Test func confIsSetBeforeTheSQL() throws {
    let got = try TestEnvironment.run(
      Self.flint,
      [
        "query", "--remote", TestEnvironment.remote, "--conf",
        "spark.sql.session.timeZone=Asia/Tokyo",
        "SELECT TIMESTAMP'2024-01-01 00:00:00 UTC' AS ts",
      ])
    #expect(got.status == 0)
    #expect(got.stdout.contains("2024-01-01 09:00:00"))
  }

  @Test(arguments: [
    (
      ["query", "--remote", "sc://127.0.0.1:1", "SELECT 1"],
      "cannot connect to Spark Connect at 127.0.0.1:1"
    ),
    (["query", "--remote", "http://x", "SELECT 1"], "scheme must be 'sc'"),
    (
      ["query", "--remote", "sc://127.0.0.1:15002/;token=SECRETTOKEN;use_ssl=maybe", "SELECT 1"],
      "use_ssl"
    ),
  ])
  func badInputGivesOneClearLine(arguments: [String], message: String) throws {
    let got = try TestEnvironment.run(Self.flint, arguments)
    #expect(got.status != 0)
    #expect(got.stderr.contains(message), "\(got.stderr)")
    #expect(!got.stderr.contains("SECRETTOKEN"))
    #expect(got.stderr.split(separator: "\n").count == 1, "\(got.stderr)")
  }

  @Test func catalogListsTablesAsJSON() throws {
    let got = try TestEnvironment.run(
      Self.flint, ["catalog", "--remote", TestEnvironment.remote, "--json"])
    #expect(got.status == 0, "\(got.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(got.stdout.utf8)) as? [String: Any]
    let catalogs = try #require(object?["catalogs"] as? [[String: Any]])
    let spark = try #require(catalogs.first { $0["name"] as? String == "spark_catalog" })
    let databases = try #require(spark["databases"] as? [[String: Any]])
    // The demo database scripts/test loads: its tables with their kinds, in name order.
    let demo = try #require(databases.first { $0["name"] as? String == "demo" })
    let tables = try #require(demo["tables"] as? [[String: Any]])
    #expect(
      tables.map { $0["name"] as? String } == [
        "customers", "daily_revenue", "trips", "vendors", "zones",
      ])
    #expect(
      tables.map { $0["type"] as? String } == ["MANAGED", "VIEW", "MANAGED", "MANAGED", "MANAGED"])
    #expect(tables.allSatisfy { $0["temporary"] as? Bool == false })
  }
}

/// `flint query -o FILE`: the format from the extension, streamed, never overwriting silently.
@Suite(.serialized, .timeLimit(.minutes(10))) struct QueryOutputTests {
  @Test func writesFilesByExtensionAndRefusesToOverwrite() throws {
    let directory = NSTemporaryDirectory() + "flint-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let csv = directory + "/out.csv"
    let sql = "SELECT id, CONCAT('a,\"b', CAST(id AS STRING)) AS s FROM range(50000)"
    let first = try TestEnvironment.run(
      QueryCommandTests.flint, ["query", "--remote", TestEnvironment.remote, "-o", csv, sql])
    #expect(first.status == 0, "\(first.stderr)")
    let check = try TestEnvironment.run(
      TestEnvironment.python,
      [
        "-c",
        "import csv,sys; r=list(csv.reader(open(sys.argv[1]))); print(len(r), r[0], r[2])", csv,
      ])
    #expect(check.stdout == "50001 ['id', 's'] ['1', 'a,\"b1']\n", "\(check.stderr)")
    let again = try TestEnvironment.run(
      QueryCommandTests.flint, ["query", "--remote", TestEnvironment.remote, "-o", csv, "SELECT 1"])
    #expect(again.status != 0)
    #expect(again.stderr.contains("already exists"))
    let forced = try TestEnvironment.run(
      QueryCommandTests.flint,
      ["query", "--remote", TestEnvironment.remote, "-o", csv, "--force", "SELECT 7 AS x"])
    #expect(forced.status == 0)
    #expect(try String(contentsOfFile: csv, encoding: .utf8) == "x\n7\n")
    let failed = try TestEnvironment.run(
      QueryCommandTests.flint,
      ["query", "--remote", TestEnvironment.remote, "-o", directory + "/bad.csv", "SELECT nope"])
    #expect(failed.status == 1)
    #expect(!FileManager.default.fileExists(atPath: directory + "/bad.csv"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.csv"])
  }

  /// SIGTERM (and SIGHUP, Ctrl-C) mid-export: the server's operation is interrupted, the
  /// half-written temporary file is removed, and flint exits with 128 + 15.
  @Test func terminatedExportLeavesNoFileAndExits143() throws {
    let directory = NSTemporaryDirectory() + "flint-term-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let errors = directory + ".stderr"
    _ = FileManager.default.createFile(atPath: errors, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errors) }
    // Endless, but light: 5 rows in a thousand survive, so rows keep streaming.
    let sql = "SELECT id FROM range(0, 100000000000, 1, 20000) WHERE pmod(hash(id), 1000) = 0"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: QueryCommandTests.flint)
    process.arguments = [
      "query", "--remote", TestEnvironment.remote, "--max-rows", "0", "-o",
      directory + "/out.csv", sql,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle(forWritingAtPath: errors)
    try process.run()
    // Wait until the export's temporary file exists (rows are arriving).
    let start = Date()
    while process.isRunning && Date().timeIntervalSince(start) < 120,
      (try FileManager.default.contentsOfDirectory(atPath: directory)).isEmpty
    {
      Thread.sleep(forTimeInterval: 0.1)
    }
    #expect(process.isRunning, "flint ended before it could be stopped")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)
    process.terminate()
    let stopping = Date()
    while process.isRunning && Date().timeIntervalSince(stopping) < 20 {
      Thread.sleep(forTimeInterval: 0.05)
    }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      Issue.record("flint did not exit within 20 s of SIGTERM")
    }
    process.waitUntilExit()
    let stderr = try String(contentsOfFile: errors, encoding: .utf8)
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 143, "\(stderr)")
    #expect(stderr.contains("stopped by SIGTERM; cancelling on the server"), "\(stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
  }

  /// `flint query … | head`: once the reader is gone the command stops quietly with the
  /// status SIGPIPE gives (141), whether the table was still being built or CSV rows were
  /// streaming out. Foundation's `FileHandle.write(_:)` used to trap here and print a crash
  /// report.
  @Test(arguments: [
    ([] as [String], "SELECT * FROM range(200000)", "+------+"),
    (["--format", "csv"], "SELECT id, CAST(id AS STRING) AS s FROM range(2000000)", "id,s\n0,0\n"),
  ])
  func closedStandardOutputEndsQuietly(options: [String], sql: String, head: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: QueryCommandTests.flint)
    process.arguments =
      ["query", "--remote", TestEnvironment.remote, "--max-rows", "0"] + options + [sql]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let start = output.fileHandleForReading.readData(ofLength: head.utf8.count)
    #expect(String(decoding: start, as: UTF8.self) == head)
    try output.fileHandleForReading.close()
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 141)
    #expect(stderr.isEmpty, "\(String(decoding: stderr, as: UTF8.self).prefix(500))")
  }

  /// `flint query --format csv` to a pipe: rows come out as their batches arrive, not when
  /// the query ends. Partition 0's rows are sent while partition 1 still sleeps 3 s on the
  /// server, so the first row must arrive well before the end of the output.
  @Test func csvToStandardOutputStreamsAsBatchesArrive() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: QueryCommandTests.flint)
    process.arguments = [
      "query", "--remote", TestEnvironment.remote, "--max-rows", "0", "--format", "csv",
      "SELECT id, CASE WHEN id = 19999 THEN reflect('java.lang.Thread', 'sleep', "
        + "CAST(3000 AS BIGINT)) END AS z FROM range(0, 20000, 1, 2)",
    ]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let reader = output.fileHandleForReading
    var received = Data()
    var firstRowAt: ContinuousClock.Instant?
    while true {
      let chunk = reader.availableData
      if chunk.isEmpty { break }
      received += chunk
      if firstRowAt == nil, received.split(separator: UInt8(ascii: "\n")).count >= 2 {
        firstRowAt = .now
      }
    }
    let endAt = ContinuousClock.now
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(String(decoding: stderr, as: UTF8.self))")
    let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
    #expect(lines.count == 20001)
    #expect(lines.first == "id,z")
    #expect(lines.last == "19999,null")
    let first = try #require(firstRowAt)
    #expect(endAt - first > .seconds(1.5), "the first row came \(endAt - first) before the end")
  }

  /// Of several statements only the last one that returns rows is printed: those rows wait
  /// in a temporary file (not streamed), which is gone afterwards.
  @Test func scriptToStandardOutputPrintsTheLastStatementsRows() throws {
    let spool = { () -> Set<String> in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))
      return Set((names ?? []).filter { $0.hasPrefix("flint-stdout-") })
    }
    let before = spool()
    let got = try TestEnvironment.run(
      QueryCommandTests.flint,
      [
        "query", "--remote", TestEnvironment.remote, "--format", "csv",
        "SELECT 1 AS a; SELECT 'x' AS b, 2 AS c",
      ])
    #expect(got.status == 0, "\(got.stderr)")
    #expect(got.stdout == "b,c\nx,2\n")
    #expect(spool().subtracting(before).isEmpty)
  }

  @Test func arrowFileOpensInPyarrow() throws {
    let path = NSTemporaryDirectory() + "flint-cli-\(UUID().uuidString).arrow"
    defer { unlink(path) }
    let got = try TestEnvironment.run(
      QueryCommandTests.flint,
      [
        "query", "--remote", TestEnvironment.remote, "-o", path,
        "SELECT id, CAST(id AS DECIMAL(10,2)) AS d, array(id) AS a FROM range(1000)",
      ])
    #expect(got.status == 0, "\(got.stderr)")
    let check = try TestEnvironment.run(
      TestEnvironment.python,
      [
        "-c",
        "import pyarrow.ipc as i,sys; t=i.open_file(sys.argv[1]).read_all(); print(t.num_rows, t.schema.types)",
        path,
      ])
    #expect(
      check.stdout
        == "1000 [DataType(int64), Decimal128Type(decimal128(10, 2)), ListType(list<element: int64 not null>)]\n",
      "\(check.stderr)")
  }
}
