import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import FlintApp
@testable import SparkConnectClient

/// Completion against the real Spark Connect server (`FLINT_TEST_REMOTE`, with the `demo`
/// database): names are fetched on demand through a real `EffectRunner`, with the catalog
/// tree showing its roots only (never expanded).
@MainActor @Suite(.serialized, .timeLimit(.minutes(3))) struct CompletionLiveTests {
  static let ctrlSpace = AppEvent.terminal(.key(.ctrl(" ")))

  /// Applies the effects and incoming events until the names of `scope` arrived.
  static func awaitNames(
    _ scope: NameScope, _ state: inout AppState, _ effects: [Effect], _ harness: EffectHarness
  ) async {
    await harness.drive(&state, effects) { event in
      if case .namesLoaded(let loaded, _, _) = event { return loaded == scope }
      return false
    }
  }

  /// `SELECT * FROM demo.tr` + Ctrl-Space offers `trips`, with the tree never expanded.
  @Test func fromDemoDotOffersItsTables() async throws {
    let service = try ExportLiveTests.session()
    let harness = EffectHarness(service: service)
    var state = Fixtures.connected()
    #expect(state.catalog.entries.values.allSatisfy { $0.kind == .catalog })
    Fixtures.type("SELECT * FROM demo.tr", into: &state)
    let effects = state.update(Self.ctrlSpace, now: 0)
    #expect(effects == [.loadNames(.tables(database: ["demo"]), generation: 0)])
    await Self.awaitNames(.tables(database: ["demo"]), &state, effects, harness)
    let popup = try #require(CompletionUITests.popup(state), "\(String(describing: state.message))")
    #expect(popup.candidates.contains("trips"))
    #expect(popup.candidates.allSatisfy { $0.hasPrefix("tr") })
    let index = try #require(popup.candidates.firstIndex(of: "trips"))
    for _ in 0..<index { _ = state.update(Fixtures.key(.down), now: 0) }
    _ = state.update(Fixtures.key(.enter), now: 0)
    #expect(state.editor.text == "SELECT * FROM demo.trips")
    #expect(state.catalog.entries.values.allSatisfy { $0.kind == .catalog })
    await service.close()
  }

  /// `SELECT t. FROM demo.trips t` offers the columns the server lists for demo.trips, in
  /// its order; in `WHERE` those columns come before functions (the server's) and keywords.
  @Test func aliasDotOffersTheTablesColumns() async throws {
    let service = try ExportLiveTests.session()
    let harness = EffectHarness(service: service)
    let expected = try await service.session.listColumns(
      catalog: "spark_catalog", database: "demo", table: "trips"
    ).map(\.name)
    #expect(expected.contains("trip_id") && expected.contains("fare"))

    var state = Fixtures.connected()
    Fixtures.type("SELECT t. FROM demo.trips t", into: &state)
    Fixtures.moveCursor(to: TextPosition(line: 0, column: 9), &state)
    let effects = state.update(Self.ctrlSpace, now: 0)
    let trips = NameScope.columns(table: ["demo", "trips"])
    #expect(effects == [.loadNames(trips, generation: 0)])
    await Self.awaitNames(trips, &state, effects, harness)
    let popup = try #require(CompletionUITests.popup(state), "\(String(describing: state.message))")
    #expect(popup.candidates == expected.map(CatalogEntry.quoted))

    _ = state.update(Fixtures.key(.escape), now: 0)
    Fixtures.type("*", into: &state)
    let end = state.editor.lines[0].count
    Fixtures.moveCursor(to: TextPosition(line: 0, column: end), &state)
    Fixtures.type(" WHERE fa", into: &state)
    let more = state.update(Self.ctrlSpace, now: 0)
    #expect(more == [.loadNames(.functions, generation: 0)])
    let columnsFirst = try #require(CompletionUITests.popup(state)?.candidates)
    #expect(columnsFirst.first == "fare")
    await Self.awaitNames(.functions, &state, more, harness)
    let functions = try #require(state.names.names(.functions))
    #expect(functions.contains("percentile_approx") && functions.contains("try_divide"))
    #expect(!functions.contains("+"))
    await service.close()
  }
}
