import Foundation
import TestSupport
import Testing

/// `flint export` against the real server: the server writes Parquet / CSV / JSON with the
/// DataFrame writer; pyspark (Parquet, JSON) and Python's csv module read the files back.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ExportCommandTests {
  static var flint: String { QueryCommandTests.flint }

  static let sql = """
    SELECT id, CASE WHEN id % 5 = 0 THEN NULL ELSE concat('a;b "', id, '"') END AS s,
      CAST(id / 7 AS DECIMAL(10,3)) AS dec
    FROM range(50000)
    """

  static func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-export-cli-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func python(_ script: String, _ arguments: [String]) throws -> String {
    let result = try TestEnvironment.run(TestEnvironment.python, ["-c", script] + arguments)
    guard result.status == 0 else {
      throw QueryCommandTests.TestFailure("python failed: \(result.stderr.suffix(3000))")
    }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func parquetReadsBackWithPysparkAndModesAreHonoured() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/out.parquet"
    let first = try TestEnvironment.run(
      Self.flint, ["export", "--remote", TestEnvironment.remote, "--to", path, Self.sql])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stderr.contains("the server wrote parquet to \(path) (error)"))

    let again = try TestEnvironment.run(
      Self.flint, ["export", "--remote", TestEnvironment.remote, "--to", path, Self.sql])
    #expect(again.status == 1)
    #expect(again.stderr.contains("[PATH_ALREADY_EXISTS]"), "\(again.stderr)")

    let appended = try TestEnvironment.run(
      Self.flint,
      ["export", "--remote", TestEnvironment.remote, "--to", path, "--mode", "append", Self.sql])
    #expect(appended.status == 0, "\(appended.stderr)")
    let ignored = try TestEnvironment.run(
      Self.flint,
      ["export", "--remote", TestEnvironment.remote, "--to", path, "--mode", "ignore", Self.sql])
    #expect(ignored.status == 0, "\(ignored.stderr)")

    let check = """
      import sys, warnings
      warnings.filterwarnings("ignore")
      from pyspark.sql.connect.session import SparkSession
      spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
      agg = ["count(*) AS n", "sum(CAST(xxhash64(id, s, dec) AS DECIMAL(38,0))) AS h"]
      back = spark.read.parquet(sys.argv[2]).selectExpr(*agg).collect()[0]
      want = spark.sql(sys.argv[3]).selectExpr(*agg).collect()[0]
      print(back.n, want.n, back.h == 2 * want.h)
      """
    // Written twice (error, then append; ignore added nothing).
    #expect(
      try Self.python(check, [TestEnvironment.remote, path, Self.sql]) == "100000 50000 True")

    let overwritten = try TestEnvironment.run(
      Self.flint,
      [
        "export", "--remote", TestEnvironment.remote, "--to", path, "--mode", "overwrite",
        "SELECT * FROM range(3)",
      ])
    #expect(overwritten.status == 0, "\(overwritten.stderr)")
    let count = """
      import sys, warnings
      warnings.filterwarnings("ignore")
      from pyspark.sql.connect.session import SparkSession
      spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
      print(spark.read.parquet(sys.argv[2]).count())
      """
    #expect(try Self.python(count, [TestEnvironment.remote, path]) == "3")
  }

  @Test func csvAndJSONWithOptionsReadBack() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let csvPath = directory + "/out.csv"
    let csv = try TestEnvironment.run(
      Self.flint,
      [
        "export", "--remote", TestEnvironment.remote, "--to", csvPath, "--option", "sep=;",
        "--option", "nullValue=NULL", Self.sql,
      ])
    #expect(csv.status == 0, "\(csv.stderr)")
    let readCSV = """
      import csv, glob, sys
      rows = nulls = total = 0
      for part in sorted(glob.glob(sys.argv[1] + "/part-*")):
          with open(part, newline="") as f:
              reader = csv.reader(f, delimiter=";", escapechar="\\\\")
              assert next(reader) == ["id", "s", "dec"]
              for row in reader:
                  rows += 1
                  i = int(row[0])
                  total += i
                  if row[1] == "NULL":
                      nulls += 1
                  else:
                      assert row[1] == 'a;b "%d"' % i, row
      print(rows, nulls, total)
      """
    #expect(try Self.python(readCSV, [csvPath]) == "50000 10000 1249975000")

    let jsonPath = directory + "/out.json"
    let json = try TestEnvironment.run(
      Self.flint, ["export", "--remote", TestEnvironment.remote, "--to", jsonPath, Self.sql])
    #expect(json.status == 0, "\(json.stderr)")
    let readJSON = """
      import glob, json, sys
      rows = total = nulls = 0
      for part in sorted(glob.glob(sys.argv[1] + "/part-*")):
          for line in open(part):
              value = json.loads(line)
              rows += 1
              total += value["id"]
              nulls += "s" not in value
      print(rows, nulls, total)
      """
    #expect(try Self.python(readJSON, [jsonPath]) == "50000 10000 1249975000")
  }

  @Test func badArgumentsAndServerErrorsFailClearly() throws {
    let badMode = try TestEnvironment.run(
      Self.flint, ["export", "--to", "/tmp/x.parquet", "--mode", "replace", "SELECT 1"])
    #expect(badMode.status != 0)
    #expect(badMode.stderr.contains("--mode must be one of error, overwrite, append, ignore"))
    let badSQL = try TestEnvironment.run(
      Self.flint,
      [
        "export", "--remote", TestEnvironment.remote, "--to", "/tmp/flint-nope.parquet",
        "SELECT nope",
      ])
    #expect(badSQL.status == 1)
    #expect(badSQL.stderr.contains("UNRESOLVED_COLUMN"), "\(badSQL.stderr)")
    #expect(badSQL.stderr.contains("^^^^"), "\(badSQL.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "/tmp/flint-nope.parquet"))
  }
}
