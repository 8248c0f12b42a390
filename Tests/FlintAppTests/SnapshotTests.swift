import ArrowIPC
import Foundation
import TerminalUI
import Testing

@testable import FlintApp
@testable import SparkConnectClient

/// Screens of the main states, as text snapshots (RECORD_SNAPSHOTS=1 re-records).
@Suite struct SnapshotTests {
  static let sql = "-- orders by day\nSELECT id, name\nFROM range(10) WHERE id > 2;"

  @Test func empty() {
    var state = AppState(size: Size(width: 80, height: 20), text: "")
    _ = state.update(.tick, now: 0)
    Snapshot.assert(AppRenderer.render(state), named: "empty-connecting")
    _ = state.update(.connected(version: "4.0.0"), now: 0)
    _ = state.update(.catalogLoaded(nodeID: "", Fixtures.catalogs), now: 0)
    Snapshot.assert(AppRenderer.render(state), named: "empty")
  }

  @Test func streamingWithProgress() throws {
    var state = Fixtures.connected(text: Self.sql, size: Size(width: 90, height: 22))
    Fixtures.moveCursor(to: TextPosition(line: 1, column: 0), &state)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 120, batchSize: 60, finish: false)
    let progress = ExecutionProgress(
      stages: [
        .init(stageID: 0, tasks: 8, completedTasks: 3, inputBytesRead: 5_000_000, done: false)
      ], inflightTasks: 5)
    _ = state.update(.query(id: id, .progress(progress)), now: 12.5)
    Snapshot.assert(AppRenderer.render(state), named: "streaming-progress")
  }

  @Test func finished() throws {
    var state = Fixtures.connected(text: Self.sql, size: Size(width: 90, height: 22))
    let id = try #require(Fixtures.queryID(state.update(.terminal(.key(.ctrl("r"))), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 12_345, batchSize: 4096)
    _ = state.update(Fixtures.key(.tab), now: 12)
    Snapshot.assert(AppRenderer.render(state), named: "finished")
    _ = state.update(Fixtures.char("G"), now: 12)
    Snapshot.assert(AppRenderer.render(state), named: "finished-end")
  }

  @Test func errorWithUnderline() throws {
    var state = Fixtures.connected(
      text: "SELECT 1;\nSELECT nope, id\nFROM range(3)", size: Size(width: 90, height: 22))
    Fixtures.moveCursor(to: TextPosition(line: 1, column: 2), &state)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    let error = SparkError(
      kind: .server, code: "AnalysisException",
      message:
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nope` cannot be resolved. Did you mean one of the following? [`id`]. SQLSTATE: 42703",
      errorClass: "UNRESOLVED_COLUMN.WITH_SUGGESTION", sqlState: "42703",
      queryContexts: [.init(startIndex: 7, stopIndex: 10, fragment: "nope", line: 1, column: 8)])
    _ = state.update(.queryFailed(id: id, error), now: 0.4)
    Snapshot.assert(AppRenderer.render(state), named: "error-underline")
  }

  @Test func inspectorOpen() throws {
    var state = Fixtures.connected(text: "SELECT v", size: Size(width: 80, height: 20))
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    let field = ArrowField(name: "v", type: .utf8)
    let schema = ArrowSchema(fields: [field])
    let batch = try ArrowColumnBuilder.batch(
      schema, columns: [[.string("{\"b\":[1,2],\"a\":{\"x\":null}}")]])
    _ = state.update(
      .query(
        id: id,
        .schema(SparkSchema(fields: [SparkField(name: "v", type: .variant, nullable: true)]))),
      now: 0)
    _ = state.update(.query(id: id, .batch(batch, startOffset: 0)), now: 0)
    _ = state.update(.queryFinished(id: id), now: 0.2)
    Fixtures.focus(.results, &state)
    _ = state.update(Fixtures.key(.enter), now: 0.2)
    Snapshot.assert(AppRenderer.render(state), named: "inspector")
  }

  @Test func catalogExpanded() {
    var state = Fixtures.connected(size: Size(width: 80, height: 20))
    _ = state.update(.catalogLoaded(nodeID: "", Fixtures.catalogs), now: 0)
    Fixtures.focus(.catalog, &state)
    _ = state.update(Fixtures.key(.right), now: 0)
    _ = state.update(.catalogLoaded(nodeID: "catalog:spark_catalog", Fixtures.databases), now: 0)
    _ = state.update(Fixtures.key(.down), now: 0)
    _ = state.update(Fixtures.key(.down), now: 0)
    _ = state.update(Fixtures.key(.right), now: 0)
    _ = state.update(
      .catalogLoaded(nodeID: "database:spark_catalog\u{1F}sales", Fixtures.tables), now: 0)
    _ = state.update(Fixtures.key(.down), now: 0)
    _ = state.update(Fixtures.key(.right), now: 0)
    Snapshot.assert(AppRenderer.render(state), named: "catalog-loading-columns")
    _ = state.update(
      .catalogLoaded(nodeID: "table:spark_catalog\u{1F}sales\u{1F}orders", Fixtures.columns), now: 0
    )
    Snapshot.assert(AppRenderer.render(state), named: "catalog-expanded")
  }

  @Test func helpOverlay() {
    var state = Fixtures.connected(size: Size(width: 100, height: 40))
    _ = state.update(Fixtures.key(.function(1)), now: 0)
    Snapshot.assert(AppRenderer.render(state), named: "help-editor")
  }

  @Test func tinyTerminals() throws {
    var state = Fixtures.connected(text: "SELECT 1", size: Size(width: 20, height: 5))
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 3)
    Snapshot.assert(AppRenderer.render(state), named: "tiny-20x5")
    _ = state.update(.terminal(.resize(Size(width: 1, height: 1))), now: 0)
    Snapshot.assert(AppRenderer.render(state), named: "tiny-1x1")
    _ = state.update(.terminal(.resize(Size(width: 60, height: 15))), now: 0)
    Snapshot.assert(AppRenderer.render(state), named: "minimum-60x15")
  }
}
