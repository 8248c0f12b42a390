import ArrowIPC
import Foundation
import ResultModel
import TerminalUI
import Testing

@testable import FlintApp

/// A result over a tiny memory budget in the explorer: its rows spill to disk, and scrolling,
/// `G`, search, the inspector, copy and column moves show exactly what the same result shows
/// in memory. A sort goes to the server (and says why); a full spill disk stops loading and
/// keeps the rows.
@Suite struct SpillUITests {
  static let rows = 300_000

  static func spillDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "flint-spill-ui-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// The explorer with `rows` rows loaded, with a spill policy or none.
  static func loaded(
    spill: SpillPolicy?, rows: Int = rows, finish: Bool = true, size: Size = Fixtures.size
  ) throws -> (AppState, Int) {
    var state = AppState(size: size, maxRows: nil, text: "SELECT * FROM t", spill: spill)
    _ = state.update(.connected(version: "4.0.0"), now: 0)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: rows, batchSize: 4096, finish: finish)
    Fixtures.focus(.results, &state)
    return (state, id)
  }

  /// The screen without the count line (it says how much is in memory and on disk).
  static func screen(_ state: AppState) -> [String] {
    SnapshotText.render(AppRenderer.render(state)).split(separator: "\n").map(String.init)
      .filter { !$0.contains(" rows · ") }
  }

  /// Keys, then what the screen shows and which effects they asked for.
  static func press(_ events: [AppEvent], _ state: inout AppState) -> [[String]] {
    events.map { event in
      let effects = state.update(event, now: 2)
      var shown = screen(state)
      for case .copyToClipboard(let text) in effects { shown.append("copied: \(text)") }
      return shown
    }
  }

  @Test("Scrolling, G, the inspector, copy and column moves show the same as in memory")
  func spilledResultLooksTheSame() throws {
    let directory = try Self.spillDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let policy = SpillPolicy(
      budget: MemoryBudget(limit: 256 << 10), space: SpillSpace(directory: directory))
    var spilled = try Self.loaded(spill: policy).0
    var memory = try Self.loaded(spill: nil).0
    let result = try #require(spilled.tabs[0].result)
    #expect(result.isSpilled)
    #expect(result.byteCount <= 256 << 10)
    #expect(result.spilledBytes > 4 << 20)
    #expect(memory.tabs[0].result?.isSpilled == false)
    let keys: [AppEvent] = [
      Fixtures.char("G"), Fixtures.key(.pageUp), Fixtures.key(.up), Fixtures.key(.enter),
      Fixtures.key(.escape), Fixtures.char("y"), Fixtures.char("Y"), Fixtures.char("L"),
      Fixtures.key(.pageDown), Fixtures.char("g"), Fixtures.char("g"), Fixtures.key(.pageDown),
      Fixtures.key(.down, .shift), Fixtures.key(.down, .shift), Fixtures.char("y"),
      Fixtures.char("G"), Fixtures.key(.right), Fixtures.key(.enter),
    ]
    #expect(Self.press(keys, &spilled) == Self.press(keys, &memory))
    #expect(spilled.tabs[0].grid.selected.row == Self.rows - 1)
    let count = SnapshotText.render(AppRenderer.render(spilled))
    #expect(count.contains("on disk"))
  }

  @Test("Search runs over the spilled rows in the background, with progress")
  func searchOverSpilledRows() throws {
    let directory = try Self.spillDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let policy = SpillPolicy(
      budget: MemoryBudget(limit: 0), space: SpillSpace(directory: directory))
    var state = try Self.loaded(spill: policy).0
    _ = state.update(Fixtures.char("/"), now: 2)
    for character in "row 299995" { _ = state.update(Fixtures.char(character), now: 2) }
    let effects = state.update(Fixtures.key(.enter), now: 2)
    guard case .searchRows(let request) = effects.first else {
      Issue.record("expected .searchRows, got \(effects)")
      return
    }
    var reports: [Int] = []
    let match = request.run(progress: { reports.append($0) })
    #expect(match == GridPosition(row: 299_995, column: 1))
    #expect(reports.count >= 4)
    _ = state.update(.searchProgress(queryID: request.queryID, rows: 150_000), now: 3)
    #expect(SnapshotText.render(AppRenderer.render(state)).contains("searching… 50% (Esc stops)"))
    _ = state.update(.searchFinished(request, match: match), now: 4)
    #expect(state.tabs[0].grid.selected == GridPosition(row: 299_995, column: 1))
    #expect(state.message == "match at row 299996")
  }

  @Test("A sort of a spilled result goes to the server and says why")
  func sortOfASpilledResultRunsOnTheServer() throws {
    let directory = try Self.spillDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let policy = SpillPolicy(
      budget: MemoryBudget(limit: 64 << 10), space: SpillSpace(directory: directory))
    var state = try Self.loaded(spill: policy, rows: 20_000).0
    let effects = state.update(Fixtures.char("s"), now: 2)
    guard
      case .runQuery(_, let query, _) = effects.first(where: {
        if case .runQuery = $0 { return true } else { return false }
      })
    else {
      Issue.record("expected a server sort, got \(effects)")
      return
    }
    #expect("\(query)".contains("ORDER BY id"))
    #expect(
      state.message == "sorting on the server: the result is larger than the memory budget")
    // The same result in memory is sorted here.
    var memory = try Self.loaded(spill: nil, rows: 20_000).0
    let local = memory.update(Fixtures.char("s"), now: 2)
    #expect(!local.contains { if case .runQuery = $0 { return true } else { return false } })
  }

  @Test("A spill that fails stops loading, cancels the query and keeps the rows")
  func failedSpillStopsLoading() throws {
    let directory = try Self.spillDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let batch = try FakeSparkService.sampleBatch(start: 0, rows: 4096)
    let message = try ArrowBatchMessage.encode(batch).count
    let policy = SpillPolicy(
      budget: MemoryBudget(limit: 0),
      space: SpillSpace(directory: directory, limit: message * 5))
    var (state, id) = try Self.loaded(
      spill: policy, rows: 0, finish: false, size: Size(width: 200, height: 30))
    var cancels = 0
    for index in 0..<10 {
      let batch = try FakeSparkService.sampleBatch(start: index * 4096, rows: 4096)
      let effects = state.update(.query(id: id, .batch(batch, startOffset: 0)), now: 1)
      cancels +=
        effects.filter { if case .cancelQuery = $0 { return true } else { return false } }
        .count
    }
    #expect(cancels == 1)
    let kept = state.tabs[0].rowsReceived
    #expect(kept >= 3 * 4096 && kept <= 5 * 4096 && kept % 4096 == 0)
    #expect(
      state.tabs[0].result?.text(row: kept - 1, column: 0, formatter: CellFormatter())
        == String(kept - 1))
    _ = state.update(.queryCancelled(id: id), now: 2)
    let text = SnapshotText.render(AppRenderer.render(state))
    #expect(text.contains("stopped loading: the spill files reached spill_limit"))
    #expect(text.contains("\(kept / 1000),\(String(kept % 1000).leftPadded(3)) rows kept"))
    #expect(state.editor.text == "SELECT * FROM t")
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
