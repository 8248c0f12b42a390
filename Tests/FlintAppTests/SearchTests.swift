import TerminalUI
import Testing

@testable import FlintApp

/// `/`, `n`, `N` over the loaded rows: small results inside `update`, large ones as an effect
/// that a newer search or Esc makes stale.
@Suite struct SearchTests {
  static func loaded(rows: Int) throws -> AppState {
    var state = Fixtures.connected(text: "SELECT * FROM t", maxRows: nil)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: rows, batchSize: 50_000)
    Fixtures.focus(.results, &state)
    return state
  }

  static func search(_ text: String, _ state: inout AppState) -> [Effect] {
    _ = state.update(Fixtures.char("/"), now: 2)
    for character in text { _ = state.update(Fixtures.char(character), now: 2) }
    return state.update(Fixtures.key(.enter), now: 2)
  }

  @Test func smallResultsAreSearchedAtOnce() throws {
    var state = try Self.loaded(rows: 1000)
    #expect(Self.search("row 500", &state).isEmpty)
    #expect(state.tabs[0].grid.selected == GridPosition(row: 500, column: 1))
    #expect(state.message == "match at row 501")
    _ = state.update(Fixtures.char("n"), now: 3)  // next: none after it, wraps to itself
    #expect(state.tabs[0].grid.selected == GridPosition(row: 500, column: 1))
    _ = state.update(Fixtures.char("N"), now: 3)
    #expect(state.tabs[0].grid.selected == GridPosition(row: 500, column: 1))
  }

  @Test func largeResultsAreSearchedInTheBackground() throws {
    var state = try Self.loaded(rows: 300_000)
    let effects = Self.search("row 299997", &state)
    guard case .searchRows(let request) = effects.first else {
      Issue.record("expected .searchRows, got \(effects)")
      return
    }
    #expect(state.message?.hasPrefix("searching 300,000 rows") == true)
    #expect(state.tabs[0].searching != nil)
    // A second search waits for the first.
    _ = state.update(Fixtures.char("n"), now: 3)
    #expect(state.message == "still searching — Esc stops it")
    // The effect's work, as the runner does it off the main actor.
    let match = request.run()
    #expect(match == GridPosition(row: 299_997, column: 1))
    _ = state.update(.searchFinished(request, match: match), now: 4)
    #expect(state.tabs[0].grid.selected == GridPosition(row: 299_997, column: 1))
    #expect(state.tabs[0].searching == nil)
  }

  /// The effect itself, run by the real runner off the main actor.
  @MainActor @Test func theRunnerSearchesAndAnswers() async throws {
    var state = try Self.loaded(rows: 300_000)
    let effects = Self.search("row 299997", &state)
    let harness = EffectHarness(service: FakeSparkService())
    await harness.drive(&state, effects) { event in
      if case .searchFinished = event { return true }
      return false
    }
    #expect(state.tabs[0].grid.selected == GridPosition(row: 299_997, column: 1))
    #expect(state.message == "match at row 299998")
  }

  @Test func escStopsABackgroundSearchAndItsAnswerIsDropped() throws {
    var state = try Self.loaded(rows: 300_000)
    let effects = Self.search("row 299997", &state)
    guard case .searchRows(let request) = effects.first else {
      Issue.record("expected .searchRows, got \(effects)")
      return
    }
    let stop = state.update(Fixtures.key(.escape), now: 3)
    #expect(stop == [.cancelSearch(queryID: request.queryID)])
    #expect(state.message == "search stopped")
    #expect(request.run(isCancelled: { true }) == nil)
    _ = state.update(.searchFinished(request, match: GridPosition(row: 7, column: 0)), now: 4)
    #expect(state.tabs[0].grid.selected == GridPosition(row: 0, column: 0))
  }
}
