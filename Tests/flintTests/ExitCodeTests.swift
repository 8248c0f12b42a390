import Foundation
import TestSupport
import Testing

/// Exit statuses as an interface, the same for every subcommand: 0 success, 1 a Spark error,
/// 2 usage or bad input, 3 cannot connect; 128+N on a signal is tested with each command.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ExitCodeTests {
  static let nowhere = "sc://127.0.0.1:1"

  static func status(_ arguments: [String]) throws -> (Int32, String) {
    let run = try TestEnvironment.run(QueryCommandTests.flint, arguments)
    return (run.status, run.stderr)
  }

  @Test func everySubcommandSaysHowItEnded() throws {
    let remote = TestEnvironment.remote
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-exists-\(UUID()).csv")
    FileManager.default.createFile(atPath: file.path, contents: Data("keep".utf8))
    defer { try? FileManager.default.removeItem(at: file) }
    let cases: [(arguments: [String], status: Int32)] = [
      (["query", "--remote", remote, "SELECT 1"], 0),
      (["query", "--remote", remote, "SELECT nope FROM range(1)"], 1),
      (["query", "--remote", remote, "SELEC 1"], 1),
      (["explain", "--remote", remote, "SELECT nope FROM range(1)"], 1),
      (["profile", "--remote", remote, "demo.no_such_table"], 1),
      (["query", "--no-such-option", "SELECT 1"], 2),
      (["query", "--remote", "http://not-a-spark-url", "SELECT 1"], 2),
      (["query", "--remote", remote, "-o", file.path, "SELECT 1"], 2),
      (["query", "--remote", remote, "SELECT :missing"], 2),
      (["explain", "--remote", remote, "-- only a comment"], 2),
      (["query", "--remote", Self.nowhere, "--connect-timeout", "3", "SELECT 1"], 3),
      (["catalog", "--remote", Self.nowhere, "--connect-timeout", "3"], 3),
      (["profile", "--remote", Self.nowhere, "--connect-timeout", "3", "demo.trips"], 3),
      (
        [
          "export", "--remote", Self.nowhere, "--connect-timeout", "3", "--to", "/tmp/x",
          "SELECT 1",
        ], 3
      ),
      (["explain", "--remote", Self.nowhere, "--connect-timeout", "3", "SELECT 1"], 3),
    ]
    for (arguments, expected) in cases {
      let (status, stderr) = try Self.status(arguments)
      #expect(status == expected, "flint \(arguments.joined(separator: " ")): \(stderr)")
    }
    #expect(try String(contentsOf: file, encoding: .utf8) == "keep")
  }

  @Test func helpDocumentsTheStatuses() throws {
    let run = try TestEnvironment.run(QueryCommandTests.flint, ["--help"])
    #expect(run.stdout.contains("3 cannot connect or authenticate"), "\(run.stdout)")
  }
}
