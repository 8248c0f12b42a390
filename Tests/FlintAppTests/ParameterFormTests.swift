import SparkConnectClient
import TerminalUI
import Testing

@testable import FlintApp

/// F5 on a statement with named markers asks for their values in a form and sends them as
/// typed arguments; the values are remembered for the session and kept in the history.
@Suite struct ParameterFormTests {
  static let sql = "SELECT * FROM demo.trips WHERE payment = :pay AND trip_date >= :since"

  @Test func theFormAsksTypesRemembersAndRuns() throws {
    var state = Fixtures.connected(text: Self.sql, size: Size(width: 80, height: 24))
    #expect(state.update(Fixtures.key(.function(5)), now: 0).isEmpty)
    guard case .parameters(let form)? = state.overlay else {
      Issue.record("expected the parameter form")
      return
    }
    #expect(form.names == ["pay", "since"])
    Fixtures.type("card", into: &state)
    _ = state.update(Fixtures.key(.tab), now: 0)
    Fixtures.type("2026-10-05", into: &state)
    let screen = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(screen.contains(":since") && screen.contains("DATE") && screen.contains("STRING"))
    Snapshot.assert(AppRenderer.render(state), named: "parameters-80x24")
    let effects = state.update(Fixtures.key(.enter), now: 1)
    let values: [String: PlanValue] = ["pay": .string("card"), "since": .date(days: 20_731)]
    #expect(
      effects.first == .runQuery(id: 1, query: .parameterized(Self.sql, values), maxRows: 100_000))
    #expect(
      effects.contains(
        .appendHistory(Self.sql + "\n-- :pay = 'card', :since = DATE'2026-10-05'")))
    #expect(state.overlay == nil)
    // Remembered: the next F5 offers the same values; Esc runs nothing.
    _ = state.update(Fixtures.key(.function(5)), now: 2)
    guard case .parameters(let again)? = state.overlay else {
      Issue.record("expected the parameter form again")
      return
    }
    #expect(again.fields.map(\.text) == ["card", "2026-10-05"])
    #expect(state.update(Fixtures.key(.escape), now: 2).isEmpty)
    #expect(state.message?.contains("waits for its values") == true)
    #expect(state.tabs.count == 1)
  }

  /// The runner sends the values with the text.
  @MainActor @Test func theRunnerSendsTheValues() async throws {
    let fake = FakeSparkService()
    fake.script(Self.sql, .init(events: []))
    let harness = EffectHarness(service: fake)
    var state = Fixtures.connected(text: Self.sql)
    let values: [String: PlanValue] = ["pay": .string("cash"), "since": .null]
    let finished = await harness.drive(
      &state, [.runQuery(id: 1, query: .parameterized(Self.sql, values), maxRows: nil)]
    ) {
      if case .queryFinished = $0 { return true }
      if case .queryFailed = $0 { return true }
      return false
    }
    if case .queryFinished? = finished {} else { Issue.record("\(String(describing: finished))") }
    #expect(fake.parameterized == [values])
  }
}
