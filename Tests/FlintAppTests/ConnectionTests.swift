import SparkConnectClient
import TerminalUI
import Testing

@testable import FlintApp

/// Losing the server and getting it back: a heartbeat notices while nothing runs, a lost
/// connection is retried until it returns, and a restarted server (which no longer knows the
/// session) gets a new session while the loaded results and the editor's text stay.
@Suite struct ConnectionTests {
  static let refused = SparkError(
    kind: .connection, code: "unavailable", message: "cannot connect to 127.0.0.1:15002")
  static let forgotten = SparkError(
    kind: .sessionChanged, code: "failedPrecondition",
    message: "the server no longer has this session; start a new session")

  @Test func aHeartbeatNoticesALostServerAndRetriesUntilItIsBack() throws {
    var state = Fixtures.connected(text: "SELECT 1")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 3)
    let beat = state.heartbeatID
    // The server answers: the next check is scheduled.
    #expect(
      state.update(.heartbeatAnswered(id: beat, .success("4.0.0")), now: 5)
        == [.heartbeat(id: beat + 1, delay: 5)])
    // It is gone: the banner says so and reconnecting starts, long after five attempts too.
    let lost = state.update(.heartbeatAnswered(id: beat + 1, .failure(Self.refused)), now: 10)
    #expect(lost == [.connect(attempt: 2, delay: 2)])
    #expect(SnapshotText.lines(AppRenderer.render(state))[0].contains("connection lost"))
    let later = state.update(.connectionFailed(Self.refused, attempt: 9), now: 40)
    #expect(later == [.connect(attempt: 10, delay: 8)])
    // A stale heartbeat's answer changes nothing.
    #expect(state.update(.heartbeatAnswered(id: beat, .failure(Self.refused)), now: 41).isEmpty)
    // Back: connected again, the rows and the text as they were.
    _ = state.update(.connected(version: "4.0.0"), now: 45)
    #expect(state.connection == .connected(version: "4.0.0"))
    #expect(state.tabs.first?.displayRowCount == 3)
    #expect(state.editor.text == "SELECT 1")
  }

  @Test func aRestartedServerGetsANewSessionAndTheStatusBarSaysSo() throws {
    var state = Fixtures.connected(text: "SELECT * FROM answer")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 3)
    // The next query (or heartbeat) meets a server that forgot the session.
    let again = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 1)))
    #expect(state.update(.queryFailed(id: again, Self.forgotten), now: 2) == [.renewSession])
    #expect(state.connection == .connecting(attempt: 1))
    #expect(state.update(.sessionRenewed, now: 3) == [.connect(attempt: 1, delay: 0)])
    _ = state.update(.connected(version: "4.0.0"), now: 4)
    #expect(state.sessionNumber == 2)
    let screen = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(screen.contains("● Spark 4.0.0 · session 2"), "\(screen)")
    #expect(state.tabs.first?.displayRowCount == 3)
    #expect(state.editor.text == "SELECT * FROM answer")
    // A connect attempt that meets the forgotten session renews it too.
    #expect(state.update(.connectionFailed(Self.forgotten, attempt: 1), now: 5) == [.renewSession])
  }

  /// The runner asks the service for a new session and says when it has one; the app then
  /// connects on it.
  @MainActor @Test func theRunnerRenewsTheSession() async throws {
    let fake = FakeSparkService()
    let harness = EffectHarness(service: fake)
    var state = Fixtures.connected()
    let renewed = await harness.drive(&state, [.renewSession]) {
      if case .sessionRenewed = $0 { return true }
      return false
    }
    #expect(renewed != nil)
    #expect(fake.renewals == 1)
    let connected = await harness.drive(&state, []) {
      if case .connected = $0 { return true }
      return false
    }
    #expect(connected != nil)
    #expect(state.sessionNumber == 2)
  }
}
