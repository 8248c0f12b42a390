import Foundation
import SparkConnectClient
import TerminalUI
import Testing

@testable import FlintApp

/// The whole loop (Runtime + EffectRunner + update + render) against the fake service.
@MainActor @Suite(.timeLimit(.minutes(5))) struct RuntimeTests {
  @Test func typeRunSeeRowsQuitClosesTheSession() async throws {
    let fake = FakeSparkService()
    let sql = "SELECT * FROM t"
    var events: [QueryEvent] = [
      .operationStarted(operationID: "op-1"), .schema(FakeSparkService.sampleSchema),
    ]
    for start in stride(from: 0, to: 300, by: 100) {
      events.append(
        .batch(try FakeSparkService.sampleBatch(start: start, rows: 100), startOffset: nil))
    }
    fake.script(sql, .init(events: events))
    fake.catalog([], Fixtures.catalogs)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-rt-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let history = HistoryStore(path: directory.path + "/history")
    let steps: [ScriptedTerminal.Step] =
      [.wait("Spark 4.0.0-fake"), .wait("spark_catalog")] + ScriptedTerminal.Step.type(sql)
      + [
        .key(KeyEvent(.function(5))), .wait("300 rows"), .key(KeyEvent(.tab)), .key(.char("G")),
        .wait("row 299"),
        .key(.ctrl("q")),
      ]
    let terminal = ScriptedTerminal(size: Size(width: 100, height: 30), steps: steps)
    let runtime = Runtime(
      terminal: terminal, service: fake, state: AppState(size: terminal.size), history: history)
    await runtime.run()
    #expect(terminal.failures.isEmpty, "\(terminal.failures)")
    #expect(fake.isClosed)
    #expect(fake.ran.map(\.sql) == [sql])
    #expect(fake.ran.first?.maxRows == 100_000)
    #expect(history.load() == [sql])
    #expect(runtime.state.editor.text == sql)
  }

  /// Input ending (the terminal went away) keeps the editor's text in draft.sql; quitting
  /// does not. The next start takes the draft (and removes it).
  @Test func endingWithoutQuittingKeepsTheEditorsText() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-rt-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let history = HistoryStore(path: directory.path + "/history")
    for quits in [true, false] {
      let fake = FakeSparkService()
      fake.catalog([], [])
      let text = "SELECT 42 -- \(quits ? "quit" : "input ended")"
      let steps: [ScriptedTerminal.Step] =
        [.wait("Spark 4.0.0-fake")] + ScriptedTerminal.Step.type(text) + [.wait(text)]
        + (quits ? [.key(.ctrl("q"))] : [])
      let terminal = ScriptedTerminal(size: Size(width: 100, height: 30), steps: steps)
      let runtime = Runtime(
        terminal: terminal, service: fake, state: AppState(size: terminal.size), history: history)
      await runtime.run()
      #expect(terminal.failures.isEmpty, "\(terminal.failures)")
      #expect(runtime.state.ending == (quits ? .quit : .inputEnded))
      #expect(fake.isClosed)
      #expect(history.takeDraft() == (quits ? nil : text))
      #expect(history.takeDraft() == nil)
    }
  }

  /// Time is the runtime's clock: a test clock steps it, and the running query's elapsed
  /// time follows the steps (the ticker sleeps on the same clock), with no waiting.
  @Test func elapsedTimeFollowsTheInjectedClock() async throws {
    let fake = FakeSparkService()
    let sql = "SELECT count(*) FROM range(0, 100000000000)"
    fake.script(sql, .init(events: [.operationStarted(operationID: "op-clock")], hangs: true))
    fake.catalog([], [])
    let clock = ManualClock()
    let steps: [ScriptedTerminal.Step] =
      [.wait("Spark 4.0.0-fake")] + ScriptedTerminal.Step.type(sql)
      + [
        .key(KeyEvent(.function(5))), .wait("running 0.00s"),
        .run { clock.advanceOnceAsleep(by: 12.5) }, .wait("running 12.5s"),
        .run { clock.advanceOnceAsleep(by: 62.5) }, .wait("running 1m 15s"),
        .key(.ctrl("q")),
      ]
    let terminal = ScriptedTerminal(size: Size(width: 100, height: 30), steps: steps)
    let runtime = Runtime(
      terminal: terminal, service: fake, state: AppState(size: terminal.size), clock: clock)
    await runtime.run()
    #expect(terminal.failures.isEmpty, "\(terminal.failures)")
    #expect(runtime.state.tabs.first?.elapsed(now: clock.now) == 75)
  }

  /// `y` in the results copies through the terminal (OSC 52 in the real one), not behind its
  /// back.
  @Test func copyGoesThroughTheTerminal() async throws {
    let fake = FakeSparkService()
    let sql = "SELECT * FROM t"
    fake.script(
      sql,
      .init(events: [
        .operationStarted(operationID: "op-1"), .schema(FakeSparkService.sampleSchema),
        .batch(try FakeSparkService.sampleBatch(start: 0, rows: 3), startOffset: nil),
      ]))
    fake.catalog([], [])
    let steps: [ScriptedTerminal.Step] =
      [.wait("Spark 4.0.0-fake")] + ScriptedTerminal.Step.type(sql)
      + [
        .key(KeyEvent(.function(5))), .wait("3 rows"), .key(KeyEvent(.tab)), .key(.char("Y")),
        .wait("copied row 1"), .key(.ctrl("q")),
      ]
    let terminal = ScriptedTerminal(size: Size(width: 100, height: 30), steps: steps)
    let runtime = Runtime(terminal: terminal, service: fake, state: AppState(size: terminal.size))
    await runtime.run()
    #expect(terminal.failures.isEmpty, "\(terminal.failures)")
    #expect(terminal.clipboard == ["0\trow 0"])
  }

  @Test func escCancelsALongQueryWithAnInterrupt() async throws {
    let fake = FakeSparkService()
    let sql = "SELECT count(*) FROM range(0, 100000000000)"
    fake.script(sql, .init(events: [.operationStarted(operationID: "op-long")], hangs: true))
    fake.catalog([], [])
    let steps: [ScriptedTerminal.Step] =
      [.wait("Spark 4.0.0-fake")] + ScriptedTerminal.Step.type(sql)
      + [
        .key(KeyEvent(.function(5))), .wait("running"), .key(KeyEvent(.escape)),
        .wait("interrupt confirmed"), .key(.ctrl("q")),
      ]
    let terminal = ScriptedTerminal(size: Size(width: 100, height: 30), steps: steps)
    let runtime = Runtime(terminal: terminal, service: fake, state: AppState(size: terminal.size))
    await runtime.run()
    #expect(terminal.failures.isEmpty, "\(terminal.failures)")
    #expect(fake.interrupted == ["tag:flint-query-1", "op-long"])
    #expect(runtime.state.tabs.first?.phase == .cancelled)
    #expect(fake.isClosed)
  }

  @Test func failedConnectionKeepsTheEditorUsable() async throws {
    let fake = FakeSparkService()
    fake.failConnect(
      SparkError(kind: .authentication, code: "unauthenticated", message: "bad token"))
    let steps: [ScriptedTerminal.Step] =
      [.wait("bad token")] + ScriptedTerminal.Step.type("SELECT 42") + [
        .wait("SELECT 42"), .key(.ctrl("q")),
      ]
    let terminal = ScriptedTerminal(size: Size(width: 80, height: 20), steps: steps)
    let runtime = Runtime(terminal: terminal, service: fake, state: AppState(size: terminal.size))
    await runtime.run()
    #expect(terminal.failures.isEmpty, "\(terminal.failures)")
    #expect(runtime.state.editor.text == "SELECT 42")
  }

  @Test func queryErrorsShowClassAndSQLState() async throws {
    let fake = FakeSparkService()
    fake.catalog([], [])
    let steps: [ScriptedTerminal.Step] =
      [.wait("Spark 4.0.0-fake")] + ScriptedTerminal.Step.type("SELECT x")
      + [
        .key(KeyEvent(.function(5))), .wait("FAKE_NO_SCRIPT"), .wait("SQLSTATE 42000"),
        .key(.ctrl("q")),
      ]
    let terminal = ScriptedTerminal(size: Size(width: 100, height: 30), steps: steps)
    let runtime = Runtime(terminal: terminal, service: fake, state: AppState(size: terminal.size))
    await runtime.run()
    #expect(terminal.failures.isEmpty, "\(terminal.failures)")
  }
}
