import Foundation
import TestSupport
import Testing

/// Many clients on one server at once: `flint query` processes streaming a million rows each
/// while an explorer session scrolls; every client gets every row exactly once.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ManyClientsTests {
  /// Clients started at once: FLINT_MANY_CLIENTS, else 6 (`scripts/bench` runs 16 beside
  /// pyspark; CI keeps the test's share of its 25 minutes small).
  static let clients = Int(ProcessInfo.processInfo.environment["FLINT_MANY_CLIENTS"] ?? "") ?? 6
  static let rows = 1_000_000
  static let sql = "SELECT id, id * 2 + 1 AS b FROM range(0, \(rows), 1, 4)"

  /// Checks a CSV of `id,b` rows: every id in 0..<rows exactly once, each with its own b.
  static func check(_ path: String) throws -> String? {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var seen = [Bool](repeating: false, count: rows)
    var count = 0
    var problem: String?
    data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      var index = bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count
      while index < bytes.count, problem == nil {
        var id = 0
        var b = 0
        while bytes[index] != UInt8(ascii: ",") {
          id = id * 10 + Int(bytes[index] - 48)
          index += 1
        }
        index += 1
        while bytes[index] != UInt8(ascii: "\n") {
          b = b * 10 + Int(bytes[index] - 48)
          index += 1
        }
        index += 1
        count += 1
        if id >= rows || b != id * 2 + 1 {
          problem = "row \(count): id \(id), b \(b)"
        } else if seen[id] {
          problem = "id \(id) twice"
        } else {
          seen[id] = true
        }
      }
    }
    if let problem { return problem }
    return count == rows ? nil : "\(count) rows, not \(rows)"
  }

  @Test func clientsStreamingAtOnceEachGetEveryRowOnce() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("flint-many-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    // The explorer first: it scrolls through its rows while the others stream.
    let (tmux, state) = try ExploreSession.start()
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type(Self.sql)

    let clock = ContinuousClock()
    let start = clock.now
    var processes: [(Process, String)] = []
    for client in 0..<Self.clients {
      let path = directory.appendingPathComponent("client-\(client).csv").path
      let process = Process()
      process.executableURL = URL(fileURLWithPath: QueryCommandTests.flint)
      process.arguments = [
        "query", "--remote", TestEnvironment.remote, "--format", "csv", "-o", path, Self.sql,
      ]
      process.standardError = FileHandle.nullDevice
      try process.run()
      processes.append((process, path))
    }
    try tmux.sendKeys("F5")
    try tmux.waitFor(text: " · first row", timeout: 300)
    try tmux.sendKeys("Tab")
    try tmux.type("G")
    try tmux.waitFor(text: "99999", timeout: 30)
    for (process, _) in processes { process.waitUntilExit() }
    let elapsed = clock.now - start
    for (index, (process, path)) in processes.enumerated() {
      #expect(process.terminationStatus == 0, "client \(index) exited \(process.terminationStatus)")
      #expect(try Self.check(path) == nil, "client \(index)")
    }
    print(
      "FLINT-FIGURES \(Self.clients) flint query clients × \(Self.rows) rows, checked, in \(elapsed) (an explorer scrolling beside them)"
    )
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
  }
}

/// The explorer in tmux for flintTests (as FlintAppTests' end-to-end tests start it).
enum ExploreSession {
  static func start() throws -> (TmuxSession, URL) {
    let state = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-e2e-\(UUID())")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let session = try TmuxSession(
      command: "'\(QueryCommandTests.flint)' '\(TestEnvironment.remote)'; echo EXIT=$?; sleep 60",
      width: 120, height: 32,
      environment: ["XDG_STATE_HOME": state.path, "TERM": "xterm-256color", "LANG": "C.UTF-8"],
      socketPrefix: "flint-many-test")
    return (session, state)
  }
}
