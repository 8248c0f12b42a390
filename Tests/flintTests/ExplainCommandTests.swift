import Foundation
import TestSupport
import Testing

/// `flint explain`, the real binary against the real server.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ExplainCommandTests {
  static var flint: String { QueryCommandTests.flint }
  static var remote: String { TestEnvironment.remote }

  @Test func explainPrintsTheFormattedPlanByDefault() throws {
    let got = try TestEnvironment.run(
      Self.flint,
      [
        "explain", "--remote", Self.remote,
        "SELECT t.trip_id, z.borough FROM demo.trips t JOIN demo.zones z ON t.pickup_zone = z.zone_id",
      ])
    #expect(got.status == 0, "\(got.stderr)")
    #expect(got.stdout.hasPrefix("== Physical Plan ==\n"), "\(got.stdout)")
    #expect(got.stdout.contains("BroadcastHashJoin"))
    // Formatted mode's numbered details of each operator.
    #expect(got.stdout.contains("\n(1) Scan parquet spark_catalog.demo."), "\(got.stdout)")
    #expect(got.stderr.isEmpty)
  }

  @Test func explainTakesAModeAConfAndAFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-explain-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("q.sql")
    // An earlier statement runs first; the last one is explained.
    try """
    CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM demo.trips WHERE vendor_id = 1;
    SELECT v.trip_id, z.borough FROM v JOIN demo.zones z ON v.pickup_zone = z.zone_id
    """.write(to: file, atomically: true, encoding: .utf8)
    let got = try TestEnvironment.run(
      Self.flint,
      [
        "explain", "--remote", Self.remote, "--mode", "extended", "--conf",
        "spark.sql.autoBroadcastJoinThreshold=-1", "-f", file.path,
      ])
    #expect(got.status == 0, "\(got.stderr)")
    #expect(got.stdout.contains("== Parsed Logical Plan =="))
    #expect(got.stdout.contains("== Optimized Logical Plan =="))
    #expect(got.stdout.contains("SortMergeJoin"), "\(got.stdout)")
    let bad = try TestEnvironment.run(Self.flint, ["explain", "--mode", "fancy", "SELECT 1"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("fancy"))
  }

  @Test func explainErrorsShowTheClassOnceAndACaret() throws {
    let parse = try TestEnvironment.run(
      Self.flint, ["explain", "--remote", Self.remote, "SELECT 1;\nSELEC 2"])
    #expect(parse.status == 1)
    #expect(parse.stdout.isEmpty)
    #expect(
      parse.stderr.hasPrefix(
        "flint: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. (SQLSTATE: 42601)\n"),
      "\(parse.stderr)")
    #expect(parse.stderr.contains("line 2, column 1:\nSELEC 2\n^^^^^\n"), "\(parse.stderr)")
    let column = try TestEnvironment.run(
      Self.flint, ["explain", "--remote", Self.remote, "SELECT nope_col FROM demo.zones"])
    #expect(column.status == 1)
    #expect(column.stderr.contains("[UNRESOLVED_COLUMN.WITH_SUGGESTION]"), "\(column.stderr)")
    #expect(column.stderr.contains("(SQLSTATE: 42703)"))
    #expect(
      column.stderr.contains("line 1, column 8:\nSELECT nope_col FROM demo.zones\n       ^^^^^^^^"),
      "\(column.stderr)")
  }
}
