import Foundation
import TestSupport
import Testing

/// `flint query --param`: markers get typed values the server binds, the same rows as the
/// question written with literals; a marker without a value is a usage error.
@Suite(.serialized, .timeLimit(.minutes(5))) struct QueryParameterTests {
  static func query(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String)
  {
    try TestEnvironment.run(
      QueryCommandTests.flint,
      ["query", "--remote", TestEnvironment.remote, "--format", "csv"] + arguments)
  }

  @Test func parametersAreBoundTypedAndMatchLiterals() throws {
    let bound = try Self.query([
      "--param", "zone=12", "--param", "pay=card", "--param", "since=2026-10-05",
      "--param", "t=2026-10-05 12:00",
      """
      SELECT count(*) AS n, typeof(:zone) AS tz, typeof(:since) AS ts, typeof(:t) AS tt
      FROM demo.trips WHERE pickup_zone = :zone AND payment = :pay AND trip_date >= :since
        AND pickup_ts >= :t AND note IS DISTINCT FROM ':pay'
      """,
    ])
    #expect(bound.status == 0, "\(bound.stderr)")
    let literal = try Self.query([
      """
      SELECT count(*) AS n FROM demo.trips WHERE pickup_zone = 12 AND payment = 'card'
        AND trip_date >= DATE'2026-10-05' AND pickup_ts >= TIMESTAMP'2026-10-05 12:00:00'
      """
    ])
    let count = literal.stdout.split(separator: "\n").dropFirst().first.map(String.init)
    #expect(count != nil && count != "0")
    #expect(bound.stdout == "n,tz,ts,tt\n\(count ?? "")" + ",int,date,timestamp_ntz\n")
  }

  @Test func aMarkerWithoutAValueIsAUsageError() throws {
    let run = try Self.query(["--param", "a=1", "SELECT :a, :b"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("no value for :b"), "\(run.stderr)")
    let bad = try Self.query(["--param", "novalue", "SELECT 1"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("--param takes NAME=VALUE"), "\(bad.stderr)")
  }
}
