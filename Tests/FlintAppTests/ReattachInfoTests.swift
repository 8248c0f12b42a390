import SparkConnectClient
import TerminalUI
import Testing

@testable import FlintApp

/// The count line under the grid says how often the result's stream was resumed, and a
/// reattach is no connection trouble: no banner.
@Suite struct ReattachInfoTests {
  @Test func reattachesAreCountedAndShownWhenTheResultIsIn() throws {
    var state = Fixtures.connected(text: "SELECT * FROM t")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 1500, finish: false)
    _ = state.update(.query(id: id, .reattaching(count: 1, cause: .serverEndedStream)), now: 0.4)
    #expect(state.tabs[0].reconnecting == nil)
    _ = state.update(.query(id: id, .reconnecting(attempt: 1, reason: "stream reset")), now: 0.5)
    _ = state.update(.query(id: id, .reattaching(count: 2, cause: .streamBroke)), now: 0.6)
    _ = state.update(.queryFinished(id: id), now: 1.5)
    #expect(state.tabs[0].reattaches == 2)
    let screen = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(screen.contains("1,500 rows"), "\(screen)")
    #expect(screen.contains("· 2 reattaches"), "\(screen)")
    #expect(!screen.contains("reconnecting"), "\(screen)")
  }

  @Test func aResultWithoutReattachesSaysNothingAboutThem() throws {
    var state = Fixtures.connected(text: "SELECT * FROM t")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 10)
    let screen = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(screen.contains("10 rows"), "\(screen)")
    #expect(!screen.contains("reattach"), "\(screen)")
  }
}
