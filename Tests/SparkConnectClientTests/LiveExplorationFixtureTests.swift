import ArrowIPC
import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// Filters on a table of awkward names and values: quotes, backticks, dots, spaces and CJK in
/// column names; NULLs, NaN, ±0.0, ±Infinity, decimals of precision 38, instants an hour apart
/// that share a wall-clock time across a DST change, binary, arrays and structs.
@Suite(.serialized, .timeLimit(.minutes(10))) struct LiveExplorationFixtureTests {
  static let columns = """
    id INT, `it's "q"` STRING, `a.b` DOUBLE, `back``tick` DECIMAL(38,18), `ts local` TIMESTAMP,
    ts_ntz TIMESTAMP_NTZ, `日付` DATE, bin BINARY, f FLOAT, flag BOOLEAN, small SMALLINT,
    big BIGINT, tags ARRAY<STRING>, pt STRUCT<x: INT, `y z`: STRING>
    """

  /// Row 2 and row 6 are the same instant; rows 1 and 2 share the New York wall clock
  /// 2026-11-01 01:30 (before and after the clocks go back); rows 3 and 4 are the last
  /// microsecond before and the first instant after the spring change.
  static let rows = #"""
    (1, 'it\'s', CAST('NaN' AS DOUBLE), 12345678901234567890.123456789012345678BD,
     TIMESTAMP'2026-11-01 01:30:00-04:00', TIMESTAMP_NTZ'2026-03-08 02:30:00', DATE'2026-03-08',
     X'DEADBEEF', CAST('1.1' AS FLOAT), true, -32768S, 9223372036854775807L, array('a', NULL),
     named_struct('x', 1, 'y z', 'p')),
    (2, 'back\\slash "dq" `bt`', CAST('-0.0' AS DOUBLE), -0.000000000000000001BD,
     TIMESTAMP'2026-11-01 01:30:00-05:00', TIMESTAMP_NTZ'2026-11-01 01:30:00', DATE'1969-12-31',
     X'00', CAST('-0.0' AS FLOAT), false, 0S, -9223372036854775808L, CAST(array() AS ARRAY<STRING>),
     named_struct('x', CAST(NULL AS INT), 'y z', CAST(NULL AS STRING))),
    (3, 'line1\nline2\ttab', 0.0D, 99999999999999999999.999999999999999999BD,
     TIMESTAMP'2026-03-08 06:59:59.999999 UTC', TIMESTAMP_NTZ'1900-01-01 00:00:00', DATE'0001-01-01',
     X'', CAST('NaN' AS FLOAT), true, 32767S, 0L, array('b'), named_struct('x', 2, 'y z', '東京')),
    (4, '乘客留下了一把伞 ☂ 🚕', CAST('Infinity' AS DOUBLE), -99999999999999999999.999999999999999999BD,
     TIMESTAMP'2026-03-08 07:00:00 UTC', TIMESTAMP_NTZ'2026-03-08 02:30:00.000001', DATE'9999-12-31',
     X'FF00', CAST('3.4028235E38' AS FLOAT), false, -1S, 1L, array('a', NULL),
     named_struct('x', 1, 'y z', 'p')),
    (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (6, 'it\'s', CAST('-Infinity' AS DOUBLE), 0BD, TIMESTAMP'2026-11-01 06:30:00 UTC',
     TIMESTAMP_NTZ'2026-11-01 01:30:00.5', DATE'2026-03-08', X'DEADBEEF', CAST('0.0' AS FLOAT),
     NULL, NULL, NULL, array(), NULL),
    (7, '', 1E-300D, CAST('0.000000000000000001' AS DECIMAL(38,18)), NULL, NULL, NULL, NULL,
     CAST('-Infinity' AS FLOAT), NULL, NULL, NULL, NULL, NULL)
    """#

  /// Ids of the rows a relation returns, sorted.
  static func ids(_ rows: [[String: String]]) -> [Int] {
    rows.compactMap { $0["id"].flatMap { Int($0) } }.sorted()
  }

  @Test func filtersOnAwkwardNamesAndValuesMatchHandWrittenSQLAndPipeSQL() async throws {
    let session = try LiveServerTests.session()
    // The wall clock of the DST change must not matter: literals are instants.
    try await session.setConf([("spark.sql.session.timeZone", "America/New_York")])
    let table = "flint_explore_\(UInt32.random(in: 0...UInt32.max))"
    try await LiveServerTests.withTable(table, session) {
      _ = try await LiveServerTests.events(
        session, "CREATE TABLE \(table) (\(Self.columns)) USING parquet")
      _ = try await LiveServerTests.events(session, "INSERT INTO \(table) VALUES \(Self.rows)")
      let base = Exploration(base: .table(["spark_catalog", "default", table]))
      var schema: SparkSchema?
      var batches: [RecordBatch] = []
      for try await event in session.run(exploration: base.pushing(.sort([SortKey(column: "id")])))
      {
        if case .schema(let received) = event { schema = received }
        if case .batch(let batch, _) = event { batches.append(batch) }
      }
      let fields = try #require(schema).fields
      let cells = batches.flatMap { batch in (0..<batch.rowCount).map { (batch, $0) } }
      #expect(cells.count == 7)

      /// Ids kept by a predicate: by the relation and by its pipe SQL (which must agree).
      func kept(_ predicate: RowPredicate) async throws -> [Int] {
        let exploration = base.pushing(.filter(predicate)).pushing(.project(["id"]))
        let byRelation = Self.ids(try await session.collectRows(exploration.relation))
        let byText = Self.ids(try await session.collectRows(.sql(exploration.pipeSQL)))
        #expect(byRelation == byText, "\(exploration.pipeSQL)")
        return byRelation
      }
      func hand(_ condition: String) async throws -> [Int] {
        Self.ids(try await session.collectRows(.sql("SELECT id FROM \(table) WHERE \(condition)")))
      }

      // Every cell: `=` keeps rows equal to it (NULL: IS NULL), `!` the others, NULLs included.
      var values: [String: [PlanValue]] = [:]
      for (index, field) in fields.enumerated() {
        for (batch, row) in cells {
          let value = try #require(
            PlanValue.cell(batch.columns[index], row: row, type: field.type),
            "\(field.name) row \(row)")
          values[field.name, default: []].append(value)
          let equal = try await kept(.keeping(column: field.name, value: value))
          let other = try await kept(.dropping(column: field.name, value: value))
          #expect(equal.contains(Int(batch.columns[0].int64(at: row))), "\(field.name) \(value)")
          #expect(Set(equal).isDisjoint(with: other), "\(field.name) \(value)")
          #expect(equal.count + other.count == 7, "\(field.name) \(value)")
        }
      }

      // The same questions by hand, with the rows they must return.
      let cases: [(String, Int, String, [Int])] = [
        ("it's \"q\"", 0, "`it's \"q\"` = 'it\\'s'", [1, 6]),
        ("it's \"q\"", 1, #"`it's "q"` = 'back\\slash "dq" `bt`'"#, [2]),
        ("it's \"q\"", 2, "`it's \"q\"` = 'line1\\nline2\\ttab'", [3]),
        ("it's \"q\"", 3, "`it's \"q\"` = '乘客留下了一把伞 ☂ 🚕'", [4]),
        ("it's \"q\"", 6, "`it's \"q\"` = ''", [7]),
        ("a.b", 0, "`a.b` = CAST('NaN' AS DOUBLE)", [1]),
        ("a.b", 1, "`a.b` = 0.0D", [2, 3]),
        ("a.b", 3, "`a.b` = CAST('Infinity' AS DOUBLE)", [4]),
        ("a.b", 6, "`a.b` = 1E-300D", [7]),
        ("back`tick", 0, "`back``tick` = 12345678901234567890.123456789012345678BD", [1]),
        ("back`tick", 1, "`back``tick` = -0.000000000000000001BD", [2]),
        ("back`tick", 3, "`back``tick` = -99999999999999999999.999999999999999999BD", [4]),
        ("ts local", 0, "`ts local` = TIMESTAMP'2026-11-01 05:30:00 UTC'", [1]),
        ("ts local", 1, "`ts local` = TIMESTAMP'2026-11-01 01:30:00-05:00'", [2, 6]),
        ("ts local", 2, "`ts local` = TIMESTAMP'2026-03-08 01:59:59.999999-05:00'", [3]),
        ("ts local", 3, "`ts local` = TIMESTAMP'2026-03-08 03:00:00-04:00'", [4]),
        ("ts_ntz", 0, "ts_ntz = TIMESTAMP_NTZ'2026-03-08 02:30:00'", [1]),
        ("ts_ntz", 3, "ts_ntz = TIMESTAMP_NTZ'2026-03-08 02:30:00.000001'", [4]),
        ("日付", 2, "`日付` = DATE'0001-01-01'", [3]),
        ("日付", 3, "`日付` = DATE'9999-12-31'", [4]),
        ("bin", 0, "bin = X'DEADBEEF'", [1, 6]),
        ("bin", 2, "bin = X''", [3]),
        ("f", 0, "f = CAST(1.1 AS FLOAT)", [1]),
        ("f", 1, "f = CAST(0 AS FLOAT)", [2, 6]),
        ("f", 2, "isnan(f)", [3]),
        ("flag", 0, "flag", [1, 3]),
        ("small", 0, "small = -32768", [1]),
        ("big", 1, "big = -9223372036854775808L", [2]),
        ("tags", 0, "tags = array('a', NULL)", [1, 4]),
        ("tags", 1, "size(tags) = 0", [2, 6]),
        ("pt", 0, "pt.x = 1 AND pt.`y z` = 'p'", [1, 4]),
      ]
      for (column, row, condition, expected) in cases {
        let value = try #require(values[column]?[row])
        let byHand = try await hand(condition)
        #expect(byHand == expected, "\(condition)")
        #expect(try await kept(.keeping(column: column, value: value)) == expected, "\(condition)")
      }
      // `!` is null-safe: the NULL row 5 stays.
      #expect(
        try await hand("`a.b` <> CAST('NaN' AS DOUBLE) OR `a.b` IS NULL") == [2, 3, 4, 5, 6, 7])
      let nan = try #require(values["a.b"]?[0])
      #expect(try await kept(.dropping(column: "a.b", value: nan)) == [2, 3, 4, 5, 6, 7])
      // A range of one column: its distinct values, NULL among them.
      let range = try #require(values["it's \"q\""])
      #expect(
        try await kept(.keeping(column: "it's \"q\"", values: [range[0], range[4], range[5]]))
          == [1, 5, 6])
      // Frequencies group NULLs and awkward names like GROUP BY.
      let frequency = base.pushing(.frequency(columns: ["a.b", "back`tick"], limit: 1000))
      #expect(try await session.distinctGroups(of: frequency) == 7)
      let groups = try await session.collectRows(frequency.relation)
      #expect(groups.count == 7)
      #expect(groups.allSatisfy { $0["count"] == "1" })
    }
    await session.close()
  }

  @Test func renderedPySparkCountsTheSameRows() async throws {
    let explorations = [
      LiveExplorationTests.trips.pushing(
        .filter(.keeping(column: "payment", value: .string("card")))
      )
      .pushing(
        .filter(.dropping(column: "tip", value: .decimal(precision: 10, scale: 2, value: "1.50")))),
      LiveExplorationTests.trips.pushing(
        .filter(.keeping(column: "pickup_ts", value: .timestamp(micros: 1_790_815_392_000_000)))),
      LiveExplorationTests.trips.pushing(
        .filter(.keeping(column: "passengers", values: [.int8(1), .null]))
      )
      .pushing(.sample(fraction: 0.1, seed: 42)),
      LiveExplorationTests.trips.pushing(.frequency(columns: ["payment", "passengers"], limit: 5)),
    ]
    let session = try LiveServerTests.session()
    var expected: [String] = []
    for exploration in explorations {
      let digest = try await LiveExplorationTests.digest(session, exploration)
      expected.append(digest.rows)
    }
    await session.close()
    var script = """
      from pyspark.sql import SparkSession
      spark = SparkSession.builder.remote("\(TestEnvironment.remote)").getOrCreate()

      """
    for exploration in explorations { script += exploration.pySpark + "print(df.count())\n" }
    let (status, stdout, stderr) = try TestEnvironment.run(
      TestEnvironment.python, ["-"], input: script)
    #expect(status == 0, "\(stderr.suffix(2000))")
    let counts = stdout.split(separator: "\n").map(String.init).filter { Int($0) != nil }
    #expect(counts == expected, "\(script)")
  }
}
