import Foundation
import TestSupport
import Testing

/// The real `flint` binary in tmux against the real Spark Connect server.
/// Binary: $FLINT_BIN, else .build/debug/flint under the repository.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ExploreEndToEndTests {
  static var flint: String {
    if let path = ProcessInfo.processInfo.environment["FLINT_BIN"] { return path }
    return TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/flint").path
  }

  /// Starts flint in a private tmux server; the shell prints EXIT=<status> when it ends.
  /// - Parameters:
  ///   - shellPrefix: shell commands run before flint (e.g. `ulimit -f 4096; `).
  ///   - environment: more environment for flint.
  static func start(
    width: Int = 120, height: Int = 35, arguments: String? = nil, state: URL? = nil,
    shellPrefix: String = "", environment: [String: String] = [:]
  ) throws -> (TmuxSession, URL) {
    // The URL goes in as the positional argument unless the arguments say otherwise.
    let arguments = arguments ?? "'\(TestEnvironment.remote)'"
    let state =
      state ?? FileManager.default.temporaryDirectory.appendingPathComponent("flint-e2e-\(UUID())")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let command =
      "\(shellPrefix)'\(flint)' \(arguments); echo EXIT=$?; sleep 60"
    let session = try TmuxSession(
      command: command, width: width, height: height,
      environment: ["XDG_STATE_HOME": state.path, "TERM": "xterm-256color", "LANG": "C.UTF-8"]
        .merging(environment) { $1 },
      socketPrefix: "flint-app-test")
    return (session, state)
  }

  @Test func typeAQuerySeeRowsScrollToTheEndAndQuit() throws {
    let (tmux, state) = try Self.start()
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type("SELECT id, id * 2 AS twice FROM range(0, 5000)")
    try tmux.sendKeys("F5")
    let screen = try tmux.waitFor(text: "5,000 rows", timeout: 120)
    if let range = screen.range(of: "first row [0-9.]+s", options: .regularExpression) {
      print("Enter to first row (update clock): \(screen[range])")
    }
    try tmux.sendKeys("Tab")
    try tmux.type("G")
    try tmux.waitFor(text: "9998", timeout: 10)
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
    let history = try String(
      contentsOf: state.appendingPathComponent("flint/history"), encoding: .utf8)
    #expect(history.contains("range(0, 5000)"))
  }

  /// The process id of flint: the first child of the pane's shell (the shell's own while
  /// flint has not started).
  static func flintPID(in tmux: TmuxSession) throws -> String {
    let shell = try tmux.format("#{pane_pid}")
    let children = try String(
      contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
    return children.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? shell
  }

  /// Starts flint and runs a query that would take hours, until its tasks show. Waiting for
  /// the job's stage matters: "0/0 tasks" shows while Spark still plans, and an Interrupt
  /// then can orphan the job on the server (see CancelTests).
  static func startWithALongQueryRunning() throws -> (TmuxSession, URL) {
    let (tmux, state) = try start()
    try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type(TestEnvironment.cancellableLongQuery)
    try tmux.sendKeys("F5")
    try tmux.waitFor(text: "/20000 tasks", timeout: 60)
    return (tmux, state)
  }

  /// A query that would run for hours; Esc must interrupt it on the server (the shared test
  /// server stays busy otherwise, and every later test would crawl).
  @Test func cancelALongQuery() throws {
    let (tmux, state) = try Self.startWithALongQueryRunning()
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.sendKeys("Escape")
    try tmux.waitFor(text: "cancelled after", timeout: 15)
    try tmux.waitFor(text: "interrupt confirmed", timeout: 15)
    // Still responsive and the text is kept.
    try tmux.sendKeys("End")
    try tmux.type(" -- kept")
    try tmux.waitFor(text: "hash(id) = 42 -- kept", timeout: 10)
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
  }

  /// The SSH connection drops while a long query runs and unsent text is in the editor:
  /// SIGHUP winds Flint down (query interrupted, session closed, status 129) instead of
  /// killing it, and the next start has the text back in the editor.
  @Test func hangupKeepsTheEditorsTextForTheNextStart() throws {
    let (tmux, state) = try Self.startWithALongQueryRunning()
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.sendKeys("End")
    try tmux.type(" -- typed, never run")
    try tmux.waitFor(text: "hash(id) = 42 -- typed, never run", timeout: 10)
    let pid = try #require(Int32(Self.flintPID(in: tmux)))
    #expect(kill(pid, SIGHUP) == 0)
    try tmux.waitFor(text: "EXIT=129", timeout: 20)
    let draft = state.appendingPathComponent("flint/draft.sql")
    #expect(
      (try? String(contentsOf: draft, encoding: .utf8))
        == TestEnvironment.cancellableLongQuery + " -- typed, never run")

    let (again, _) = try Self.start(state: state)
    try again.waitFor(text: "restored the SQL you were editing", timeout: 30)
    try again.waitFor(text: "hash(id) = 42 -- typed, never run", timeout: 10)
    #expect(!FileManager.default.fileExists(atPath: draft.path))
    try again.sendKeys("C-q")
    try again.waitFor(text: "EXIT=0", timeout: 15)
  }

  @Test func expandTheCatalogAndQuit() throws {
    let (tmux, state) = try Self.start()
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.waitFor(text: "spark_catalog", timeout: 30)
    try tmux.sendKeys("BTab")
    try tmux.type("l")
    try tmux.waitFor(text: "default", timeout: 120)
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
  }

  /// `--remote URL` as every other command takes it; F5 on the last of two statements
  /// separated by a blank line runs that statement alone.
  @Test func remoteOptionAndABlankLineBetweenStatements() throws {
    let (tmux, state) = try Self.start(arguments: "--remote '\(TestEnvironment.remote)'")
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type("SELECT id AS first_one FROM range(3)")
    try tmux.sendKeys("Enter", "Enter")
    try tmux.type("SELECT 42 AS the_answer")
    try tmux.sendKeys("F5")
    let screen = try tmux.waitFor(text: "1 row ", timeout: 60)
    #expect(screen.contains("the_answer"))
    #expect(!screen.contains("PARSE_SYNTAX_ERROR"))
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
  }

  /// F7 explains the statement (the join strategy Spark chose), F7 again the next mode; after
  /// the run, F8 shows its executed plan with Spark's metrics.
  @Test func explainAndMetricsOfAJoin() throws {
    let (tmux, state) = try Self.start()
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type(
      "SELECT z.borough, count(*) AS trips FROM demo.trips t JOIN demo.zones z ON t.pickup_zone = z.zone_id GROUP BY 1"
    )
    try tmux.sendKeys("F7")
    try tmux.waitFor(text: "Explain — FORMATTED", timeout: 60)
    try tmux.waitFor(text: "BroadcastHashJoin", timeout: 60)
    try tmux.sendKeys("F7")
    try tmux.waitFor(text: "Explain — EXTENDED", timeout: 60)
    try tmux.waitFor(text: "== Parsed Logical Plan ==", timeout: 60)
    // An Esc right before another key's escape sequence would read as Alt-that-key: wait for
    // the overlay to close first.
    try tmux.sendKeys("Escape")
    try tmux.waitFor(text: "╭ Results", timeout: 10)
    try tmux.sendKeys("F5")
    try tmux.waitFor(text: " · first row", timeout: 120)  // the finished count line
    try tmux.sendKeys("F8")
    try tmux.waitFor(text: "Metrics of the last run", timeout: 10)
    let screen = try tmux.waitFor(text: "HashAggregate", timeout: 10)
    #expect(screen.contains("rows "))
    try tmux.sendKeys("Escape")
    try tmux.waitFor(text: "╭ Results", timeout: 10)
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
  }

  @Test func errorsShowClassAndSQLStateAndTheUIStaysUp() throws {
    let (tmux, state) = try Self.start()
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type("SELECT nope FROM range(3)")
    try tmux.sendKeys("F5")
    try tmux.waitFor(text: "UNRESOLVED_COLUMN", timeout: 30)
    try tmux.waitFor(text: "42703", timeout: 5)
    // A parse error keeps its position: the caret under the token, as for analysis errors.
    try tmux.sendKeys("C-a")  // select all: typing replaces it
    try tmux.type("SELEC 1")
    try tmux.sendKeys("F5")
    try tmux.waitFor(text: "PARSE_SYNTAX_ERROR", timeout: 30)
    try tmux.waitFor(text: "line 1, column 1:", timeout: 5)
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
  }
}
