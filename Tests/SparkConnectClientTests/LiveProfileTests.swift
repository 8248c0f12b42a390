import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// Profiles against the real server, checked value by value against pyspark on the same
/// server (`ProfileCheck`), and the frequency step against pyspark's `groupBy().count()`.
@Suite(.serialized, .timeLimit(.minutes(10))) struct LiveProfileTests {
  /// Awkward values: NULLs, NaN, ±0.0, ±Infinity, decimal(38,18) at its limits, instants and
  /// wall clocks around DST changes, a map, a variant, arrays (one of maps), CJK and emoji.
  static let awkwardSQL = #"""
    SELECT id, d, f, dec, ts, ntz, day, s, bin, flag, m, parse_json(js) AS v, arr, maps, big
    FROM VALUES
      (1, CAST('NaN' AS DOUBLE), CAST('1.5' AS FLOAT), 12345678901234567890.123456789012345678BD,
       TIMESTAMP'2026-11-01 01:30:00-04:00', TIMESTAMP_NTZ'2026-03-08 02:30:00', DATE'2026-03-08',
       '東京', X'DEADBEEF', true, map('a', 1), '{"b": [1, 2], "a": null}', array(1, NULL),
       array(map(1, 2)), 9223372036854775807L),
      (2, CAST('-0.0' AS DOUBLE), CAST('-0.0' AS FLOAT), -0.000000000000000001BD,
       TIMESTAMP'2026-11-01 01:30:00-05:00', TIMESTAMP_NTZ'2026-11-01 01:30:00', DATE'1969-12-31',
       '', X'', false, map(), '[1, "x"]', array(), array(), -9223372036854775808L),
      (3, 0.0D, CAST('NaN' AS FLOAT), 99999999999999999999.999999999999999999BD,
       TIMESTAMP'2026-03-08 06:59:59.999999 UTC', TIMESTAMP_NTZ'1900-01-01 00:00:00',
       DATE'0001-01-01', '乘客留下了一把伞 ☂ 🚕', X'00', true, map('b', NULL), '3', array(3),
       NULL, 0L),
      (4, CAST('Infinity' AS DOUBLE), CAST('-Infinity' AS FLOAT),
       -99999999999999999999.999999999999999999BD, TIMESTAMP'2026-03-08 07:00:00 UTC',
       TIMESTAMP_NTZ'2026-03-08 02:30:00.000001', DATE'9999-12-31', 'line1\nline2\ttab',
       X'FF00', false, NULL, 'null', NULL, array(map(3, 4)), 1L),
      (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (6, 1.5D, CAST('3.4028235E38' AS FLOAT), 0BD, TIMESTAMP'2026-11-01 06:30:00 UTC',
       TIMESTAMP_NTZ'2026-11-01 01:30:00.5', DATE'2026-03-08', 'it''s', X'DEADBEEF', NULL,
       map('c', 3), '{"a": 1}', array(1, NULL), NULL, -1L),
      (7, -2.5D, CAST('0.0' AS FLOAT), CAST('0.000000000000000001' AS DECIMAL(38,18)), NULL,
       NULL, NULL, 'ü', NULL, NULL, NULL, NULL, NULL, NULL, NULL)
    AS t(id, d, f, dec, ts, ntz, day, s, bin, flag, m, js, arr, maps, big)
    """#

  /// Runs `ProfileCheck` on `profile`; returns what it checked.
  static func checkWithPySpark(_ profile: TableProfile, kind: String, source: String) throws
    -> (rows: Int, checked: Int)
  {
    let (status, stdout, stderr) = try TestEnvironment.run(
      TestEnvironment.python, ["-c", ProfileCheck.script, TestEnvironment.remote, kind, source],
      input: profile.json)
    #expect(status == 0, "\(stderr.suffix(3000))")
    let line = try #require(stdout.split(separator: "\n").last, "\(stderr.suffix(2000))")
    let verdict = try #require(
      try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    let problems = verdict["problems"] as? [String] ?? ["no verdict"]
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    return (verdict["rows"] as? Int ?? -1, verdict["checked"] as? Int ?? 0)
  }

  @Test func demoTripsMatchesPySparkSummaryAndAggregates() async throws {
    let session = try LiveServerTests.session()
    let (profile, events) = try await session.profileRun(
      of: LiveExplorationTests.trips, columns: nil, tag: nil)
    await session.close()
    // One ExecutePlan, whose executed plan reads the table once.
    #expect(events.filter { if case .operationStarted = $0 { true } else { false } }.count == 1)
    let metrics = try #require(
      events.compactMap { if case .metrics(let metrics) = $0 { metrics } else { nil } }.last)
    let scans = metrics.nodes.filter { $0.name.hasPrefix("Scan") || $0.name.contains("FileScan") }
    #expect(scans.count == 1, "\(metrics.nodes.map(\.name))")
    // Partial aggregates, one exchange to a single partition, the final aggregate: two stages.
    let exchanges = metrics.nodes.filter { $0.name.hasPrefix("Exchange") }
    #expect(exchanges.count == 1, "\(metrics.nodes.map(\.name))")
    #expect(profile.rows == 1_000_000)
    #expect(profile.columns.count == 13)
    let checked = try Self.checkWithPySpark(profile, kind: "table", source: "demo.trips")
    #expect(checked.rows == 1_000_000)
    // Every column's counts, min/max, means, quartiles and buckets were compared.
    #expect(checked.checked > 250, "\(checked.checked)")
    let passengers = try #require(profile.columns.first { $0.column == "passengers" })
    #expect(passengers.histogram?.map(\.low) == ["1", "2", "3", "4"])
    let trips = try #require(profile.columns.first { $0.column == "trip_id" })
    #expect(trips.histogram?.count == TableProfile.histogramBuckets)
    #expect(trips.histogram?.reduce(0) { $0 + $1.count } == 1_000_000)
  }

  @Test func awkwardTypesNeverFailTheProfileAndMatchPySpark() async throws {
    let session = try LiveServerTests.session()
    let profile = try await session.profile(of: Exploration(base: .sql(Self.awkwardSQL)))
    await session.close()
    #expect(profile.rows == 7)
    let byName = Dictionary(uniqueKeysWithValues: profile.columns.map { ($0.column, $0) })
    let d = try #require(byName["d"])
    // NaN is a value: counted, the largest, and it makes the mean NaN.
    #expect(d.count == 6 && d.nulls == 1)
    #expect(d.max == "NaN" && d.min == "-2.5")
    #expect(d.mean?.isNaN == true)
    // NaN and ±Infinity stay out of the histogram: four finite values.
    #expect(d.histogram?.reduce(0) { $0 + $1.count } == 4)
    #expect(d.histogram?.first?.low == "-2.5" && d.histogram?.last?.high == "1.5")
    let dec = try #require(byName["dec"])
    #expect(dec.min == "-99999999999999999999.999999999999999999")
    #expect(dec.max == "99999999999999999999.999999999999999999")
    // Map, variant and an array of maps: their counts only.
    for name in ["m", "v", "maps"] {
      let column = try #require(byName[name])
      #expect(column.min == nil && column.distinctApprox == nil, "\(name)")
    }
    #expect(byName["m"]?.count == 4)
    #expect(byName["v"]?.count == 5)  // parse_json('null') is a value
    #expect(byName["s"]?.maxLength == 15)
    #expect(byName["s"]?.minLength == 0)
    #expect(byName["bin"]?.max == "[FF 00]")
    #expect(byName["big"]?.histogram?.count == TableProfile.histogramBuckets)
    let checked = try Self.checkWithPySpark(profile, kind: "sql", source: Self.awkwardSQL)
    #expect(checked.rows == 7)
    #expect(checked.checked > 100, "\(checked.checked)")
    // Two columns of one name and a name with a dot are each profiled.
    let session2 = try LiveServerTests.session()
    let twins = try await session2.profile(
      of: Exploration(base: .sql("SELECT 1 AS a, 'x' AS a, 2.5D AS `b.c`, 2 AS a")))
    await session2.close()
    #expect(twins.columns.map(\.column) == ["a", "a", "b.c", "a"])
    #expect(twins.columns.map(\.max) == ["1", "x", "2.5", "2"])
    // The JSON of these values parses (NaN and ±Infinity as strings).
    #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(profile.json.utf8)) }
  }

  /// A frequency over 10M rows gives exactly pyspark's `groupBy().count()`, ordered by count
  /// and then value, and profiling it profiles its rows.
  @Test func frequencyOfTenMillionRowsEqualsPySparkGroupByCount() async throws {
    let sql = """
      SELECT CAST(id % 1000 AS INT) + CASE WHEN id % 3 = 0 THEN 0 ELSE 1000 END AS k
      FROM range(10000000)
      """
    let frequency = Exploration(
      base: .sql(sql), steps: [.frequency(columns: ["k"], limit: PlanStep.frequencyLimit)])
    let session = try LiveServerTests.session()
    let rows = try await session.collectRows(frequency.relation)
    let groups = try await session.distinctGroups(of: frequency)
    let profile = try await session.profile(of: frequency, columns: ["count"])
    await session.close()
    let flint = rows.map { "\($0["k"] ?? "NULL") \($0["count"] ?? "?")" }
    let script = """
      import sys
      from pyspark.sql import SparkSession, functions as F
      spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
      counts = spark.sql(sys.argv[2]).groupBy("k").count()
      print(counts.count())
      for row in counts.orderBy(F.desc("count"), F.asc("k")).limit(1000).collect():
          print(row["k"], row["count"])
      """
    let (status, stdout, stderr) = try TestEnvironment.run(
      TestEnvironment.python, ["-c", script, TestEnvironment.remote, sql])
    #expect(status == 0, "\(stderr.suffix(2000))")
    let lines = stdout.split(separator: "\n").map(String.init).filter {
      $0.first?.isNumber == true
    }
    #expect(lines.count == 1001)
    #expect(groups == Int64(lines.first ?? ""))
    #expect(flint.count == 1000)
    #expect(flint == Array(lines.dropFirst()))
    // The profile of a frequency is that of its 1000 rows.
    #expect(profile.rows == 1000)
    let counts = rows.compactMap { $0["count"].flatMap(Int64.init) }
    #expect(profile.columns.first?.min == counts.min().map(String.init))
    #expect(profile.columns.first?.max == counts.max().map(String.init))
  }
}
