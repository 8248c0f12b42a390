import SparkConnectClient
import TerminalUI
import Testing

@testable import FlintApp

/// `I`: the column profile overlay of a view, its keys and its snapshots.
@Suite struct ProfileUITests {
  static let profile = TableProfile(
    rows: 11,
    columns: [
      ColumnProfile(
        column: "id", type: .long, count: 11, nulls: 0, nullPercent: 0, distinctApprox: 11,
        min: "0", max: "10", mean: 5, stddev: 3.3166, p25: "2", p50: "5", p75: "8",
        histogram: [
          HistogramBucket(low: "0", high: "3", count: 3),
          HistogramBucket(low: "3", high: "6", count: 3),
          HistogramBucket(low: "6", high: "10", count: 5),
        ]),
      ColumnProfile(
        column: "name", type: .string(collation: nil), count: 10, nulls: 1,
        nullPercent: 100.0 / 11, distinctApprox: 10, min: "row 0", max: "row 9", minLength: 5,
        maxLength: 6),
    ])

  @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
  func profileOfTheShownViewAndAFrequencyFromIt(size: Size) throws {
    var (state, id) = try ExplorationUITests.state(size: size)
    let effects = state.update(Fixtures.char("I"), now: 2)
    guard case .profile(let profileID, let exploration, let columns)? = effects.first else {
      Issue.record("expected a profile, got \(effects)")
      return
    }
    #expect(exploration == ExplorationUITests.base)
    #expect(columns == ["id", "name"])
    #expect(ExplorationUITests.screen(state).contains("profiling 2 columns in one query…"))
    _ = state.update(.profiled(id: profileID, .success(Self.profile)), now: 3)
    let screen = ExplorationUITests.screen(state)
    #expect(screen.contains("Profile — SELECT * FROM t · 11 rows"), "\(screen)")
    Snapshot.assert(AppRenderer.render(state), named: "profile-\(size.width)x\(size.height)")
    // `F` on the second row: that column's frequency table, on the profiled view.
    _ = state.update(Fixtures.key(.down), now: 3)
    let frequency = state.update(Fixtures.char("F"), now: 3)
    #expect(state.overlay == nil)
    #expect(
      frequency == [
        .runQuery(
          id: profileID + 1,
          query: .plan(
            ExplorationUITests.base.pushing(.frequency(columns: ["name"], limit: 1_000))),
          maxRows: nil)
      ])
    #expect(state.currentTab?.below.map(\.queryID) == [id])
  }

  @Test func escStopsAProfileStillRunningAndHiddenColumnsAreLeftOut() throws {
    var (state, _) = try ExplorationUITests.state()
    _ = state.update(Fixtures.char("-"), now: 2)  // hide `id`
    let effects = state.update(Fixtures.char("I"), now: 2)
    guard case .profile(let profileID, _, let columns)? = effects.first else {
      Issue.record("expected a profile, got \(effects)")
      return
    }
    #expect(columns == ["name"])
    #expect(
      state.update(Fixtures.key(.escape), now: 3)
        == [.cancelQuery(id: profileID, operationID: nil)])
    #expect(state.overlay == nil)
    // A late answer finds no overlay and changes nothing.
    _ = state.update(.profiled(id: profileID, .success(Self.profile)), now: 4)
    #expect(state.overlay == nil)
  }

  @Test func aFailedProfileShowsSparksError() throws {
    var (state, _) = try ExplorationUITests.state()
    let effects = state.update(Fixtures.char("I"), now: 2)
    guard case .profile(let profileID, _, _)? = effects.first else { return }
    let error = SparkError(
      kind: .server, code: "internal", message: "[INTERNAL_ERROR] boom",
      errorClass: "INTERNAL_ERROR", sqlState: "XX000")
    _ = state.update(.profiled(id: profileID, .failure(error)), now: 3)
    #expect(ExplorationUITests.screen(state).contains("✕ INTERNAL_ERROR  SQLSTATE XX000"))
  }
}
