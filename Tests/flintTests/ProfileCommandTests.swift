import Foundation
import TestSupport
import Testing

/// `flint profile` and `flint frequency`, the real binary against the real server.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ProfileCommandTests {
  static var flint: String { QueryCommandTests.flint }
  static var remote: String { TestEnvironment.remote }

  /// Runs a pyspark snippet (`spark` is connected) and returns its last stdout line as JSON.
  static func pyspark(_ body: String) throws -> Any {
    let script = """
      import json, sys, warnings
      warnings.filterwarnings("ignore")
      from pyspark.sql import SparkSession, functions as F
      spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()

      """ + body
    let result = try TestEnvironment.run(TestEnvironment.python, ["-c", script, Self.remote])
    #expect(result.status == 0, "\(result.stderr.suffix(2000))")
    let line = String(result.stdout.split(separator: "\n").last ?? "null")
    return try JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed)
  }

  @Test func jsonCsvAndTableOfATable() throws {
    let json = try TestEnvironment.run(
      Self.flint, ["profile", "--remote", Self.remote, "--format", "json", "demo.trips"])
    #expect(json.status == 0, "\(json.stderr)")
    let columns = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(columns.map { $0["column"] as? String ?? "" }.count == 13)
    // pyspark's exact counts and min/max of every column.
    let reference = try #require(
      try Self.pyspark(
        """
        df = spark.table("demo.trips")
        aggs = []
        for c in df.columns:
            aggs += [F.count(c).alias(c + ":n"), F.min(c).cast("string").alias(c + ":min"),
                     F.max(c).cast("string").alias(c + ":max")]
        print(json.dumps(df.agg(*aggs).collect()[0].asDict()))
        """) as? [String: Any])
    for column in columns {
      let name = try #require(column["column"] as? String)
      #expect(column["count"] as? Int == reference[name + ":n"] as? Int, "\(name)")
      #expect(
        (column["count"] as? Int ?? 0) + (column["nulls"] as? Int ?? 0) == 1_000_000, "\(name)")
      #expect(column["min"] as? String == reference[name + ":min"] as? String, "\(name)")
      #expect(column["max"] as? String == reference[name + ":max"] as? String, "\(name)")
    }
    let csv = try TestEnvironment.run(
      Self.flint, ["profile", "--remote", Self.remote, "--format", "csv", "demo.trips"])
    #expect(csv.status == 0)
    let lines = csv.stdout.split(separator: "\n")
    #expect(lines.first?.hasPrefix("column,type,count,nulls,null_percent,") == true)
    #expect(lines.contains { $0.hasPrefix("passengers,tinyint,989690,10310,1.031,") })
    // Not a terminal: 200 cells wide, or --width.
    for (arguments, width) in [([String](), 200), (["--width", "90"], 90)] {
      let table = try TestEnvironment.run(
        Self.flint, ["profile", "--remote", Self.remote] + arguments + ["demo.trips"])
      #expect(table.status == 0)
      let rows = table.stdout.split(separator: "\n").map(String.init)
      #expect(rows.first?.hasPrefix("column ") == true)
      #expect(rows.last == "1000000 rows, 13 columns")
      #expect(rows.count == 2 + 13 + 1)
      #expect(rows.allSatisfy { $0.count <= width }, "\(table.stdout)")
      #expect(rows.contains { $0.hasPrefix("payment ") })
    }
  }

  @Test func sqlColumnsAndConfs() throws {
    let got = try TestEnvironment.run(
      Self.flint,
      [
        "profile", "--remote", Self.remote, "--format", "json", "--conf",
        "spark.sql.session.timeZone=America/New_York", "--column", "t", "--column", "n", "--sql",
        "SELECT TIMESTAMP'2026-01-01 00:00:00 UTC' + make_interval(0, 0, 0, id) AS t, "
          + "CAST(NULLIF(id, 3) AS DOUBLE) AS n, map(id, id) AS m FROM range(10)",
      ])
    #expect(got.status == 0, "\(got.stderr)")
    let columns = try #require(
      try JSONSerialization.jsonObject(with: Data(got.stdout.utf8)) as? [[String: Any]])
    #expect(columns.map { $0["column"] as? String } == ["t", "n"])
    // Timestamps in the session time zone set by --conf.
    #expect(columns[0]["min"] as? String == "2025-12-31 19:00:00")
    #expect(columns[0]["max"] as? String == "2026-01-09 19:00:00")
    #expect(columns[1]["nulls"] as? Int == 1)
    #expect(columns[1]["mean"] as? Double == 42.0 / 9)
  }

  @Test func failuresExitWithOneAndSparksError() throws {
    let missing = try TestEnvironment.run(
      Self.flint, ["profile", "--remote", Self.remote, "demo.no_such_table"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("TABLE_OR_VIEW_NOT_FOUND"), "\(missing.stderr)")
    let parse = try TestEnvironment.run(
      Self.flint, ["profile", "--remote", Self.remote, "--sql", "SELEC 1"])
    #expect(parse.status == 1)
    #expect(parse.stderr.contains("[PARSE_SYNTAX_ERROR]"), "\(parse.stderr)")
    #expect(parse.stderr.contains("SELEC 1\n^^^^^"), "\(parse.stderr)")
    let column = try TestEnvironment.run(
      Self.flint, ["profile", "--remote", Self.remote, "--column", "nope", "demo.zones"])
    #expect(column.status == 1)
    #expect(column.stderr.contains("no column nope to profile; the columns are zone_id"))
    let neither = try TestEnvironment.run(Self.flint, ["profile", "--remote", Self.remote])
    #expect(neither.status != 0 && neither.status != 1)
    #expect(neither.stderr.contains("either a table or --sql"))
  }

  @Test func frequencyCountsLikeGroupBy() throws {
    let got = try TestEnvironment.run(
      Self.flint,
      [
        "frequency", "--remote", Self.remote, "--column", "passengers", "--limit", "3",
        "demo.trips",
      ])
    #expect(got.status == 0, "\(got.stderr)")
    #expect(got.stderr == "5 groups, 3 shown\n")
    let counts = try #require(
      try Self.pyspark(
        """
        rows = spark.table("demo.trips").groupBy("passengers").count() \\
            .orderBy(F.desc("count"), F.asc("passengers")).limit(3).collect()
        print(json.dumps([[r["passengers"], r["count"]] for r in rows]))
        """) as? [[Int]])
    let printed = got.stdout.split(separator: "\n").dropFirst(2).prefix(3).map {
      $0.split(separator: "│").prefix(2).map { Int($0.trimmingCharacters(in: .whitespaces)) ?? -1 }
    }
    #expect(printed == counts, "\(got.stdout)")
  }
}
