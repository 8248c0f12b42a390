import Foundation
import TestSupport
import Testing

@testable import ResultModel

/// Checks against live references with fresh random values on every run:
/// the running Java's `Double.toString`/`Float.toString`, and the Spark Connect server's show().
/// They run under `scripts/test` (which provides Java and the server and sets
/// FLINT_TEST_REMOTE); the committed fixtures are the main, always-on check.
@Suite(.timeLimit(.minutes(10))) struct LiveCrossCheckTests {
  static let live = ProcessInfo.processInfo.environment["FLINT_TEST_REMOTE"] != nil
  static var repository: URL { TestEnvironment.repositoryRoot }

  @Test(.enabled(if: live)) func javaFloatTextMatchesTheJavaRuntime() throws {
    let source = ShowFixture.root.deletingLastPathComponent()
      .appendingPathComponent("java/JavaToString.java").path
    let seed = String(UInt32.random(in: 1...UInt32.max))
    let run = try TestEnvironment.run("/usr/bin/env", ["java", source, "50000", seed])
    try #require(run.status == 0, "java failed: \(run.stderr)")
    var checked = 0
    var mismatches: [String] = []
    for line in run.stdout.split(separator: "\n") {
      let parts = line.split(separator: " ")
      guard parts.count == 2, let kind = parts[0].first else { continue }
      let hex = parts[0].dropFirst()
      let got: String
      if kind == "d", let bits = UInt64(hex, radix: 16) {
        got = JavaFloatText.string(Double(bitPattern: bits))
      } else if kind == "f", let bits = UInt32(hex, radix: 16) {
        got = JavaFloatText.string(Float(bitPattern: bits))
      } else {
        continue
      }
      checked += 1
      if got != parts[1] && mismatches.count < 10 {
        mismatches.append("\(parts[0]): java \(parts[1]), flint \(got)")
      }
    }
    #expect(checked == 100_000, "seed \(seed)")
    #expect(mismatches.isEmpty, "seed \(seed): \(mismatches)")
  }

  @Test(.enabled(if: live)) func freshServerFixturesMatch() throws {
    let out = FileManager.default.temporaryDirectory
      .appendingPathComponent("flint-show-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    let seed = String(UInt32.random(in: 1...UInt32.max))
    let clock = ContinuousClock()
    let started = clock.now
    let cases = [
      "double_random", "float_random", "decimal_random", "timestamp_random_america_los_angeles",
      "nested",
    ]
    let run = try TestEnvironment.run(
      Self.repository.appendingPathComponent("scripts/make-show-fixtures").path,
      [TestEnvironment.remote],
      environment: [
        "FLINT_SHOW_FIXTURES_OUT": out.path, "FLINT_FIXTURES_ONLY": cases.joined(separator: ","),
        "FLINT_FIXTURES_SEED": seed, "FLINT_PYSPARK_PYTHON": TestEnvironment.python,
      ])
    try #require(run.status == 0, "make-show-fixtures failed: \(run.stderr.suffix(2000))")
    let generated = clock.now
    let fixtures = ShowFixture.all(in: out)
    #expect(fixtures.count == cases.count, "\(run.stdout)")
    for fixture in fixtures {
      let result = try fixture.resultSet()
      for truncate in [0, 20] {
        let got = ShowTable.render(
          result, formatter: fixture.formatter, numRows: fixture.numRows, truncate: truncate,
          intervalFields: fixture.intervalFields)
        let expected = try fixture.text(truncate == 0 ? "show.txt" : "show20.txt")
        #expect(
          firstDifference(got, expected) == nil, "\(fixture.name) seed \(seed) truncate \(truncate)"
        )
      }
    }
  }
}
