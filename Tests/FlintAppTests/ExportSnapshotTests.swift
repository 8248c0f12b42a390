import Foundation
import TerminalUI
import Testing

@testable import FlintApp
@testable import SparkConnectClient

/// Screens of the export dialog, as text snapshots (RECORD_SNAPSHOTS=1 re-records).
@Suite struct ExportSnapshotTests {
  static func opened() throws -> AppState {
    var state = Fixtures.connected(
      text: "SELECT id, name FROM sales.orders", size: Size(width: 90, height: 24),
      workingDirectory: "/home/ana/reports")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 12_345, batchSize: 4096)
    Fixtures.focus(.results, &state)
    _ = state.update(Fixtures.char("e"), now: 2)
    return state
  }

  @Test func dialog() throws {
    let state = try Self.opened()
    Snapshot.assert(AppRenderer.render(state), named: "export-dialog")
  }

  @Test func fullResultInProgress() throws {
    var state = try Self.opened()
    _ = state.update(Fixtures.key(.up), now: 2)
    _ = state.update(Fixtures.key(.right), now: 2)  // full result
    let id = try #require(
      state.update(Fixtures.key(.enter), now: 2).first.flatMap { effect in
        if case .exportQuery(let id, _, _) = effect { return id }
        return nil
      })
    _ = state.update(.exportProgressed(id: id, rows: 1_250_000, bytes: 48_300_000), now: 6.5)
    let progress = ExecutionProgress(
      stages: [
        .init(stageID: 0, tasks: 16, completedTasks: 9, inputBytesRead: 0, done: false)
      ], inflightTasks: 2)
    _ = state.update(.exportServerProgressed(id: id, progress), now: 6.5)
    Snapshot.assert(AppRenderer.render(state), named: "export-progress")
  }

  @Test func serverSideError() throws {
    var state = try Self.opened()
    for _ in 0..<5 { _ = state.update(Fixtures.key(.right), now: 2) }  // Parquet (server)
    let id = try #require(
      state.update(Fixtures.key(.enter), now: 2).first.flatMap { effect in
        if case .writeOnServer(let id, _, _) = effect { return id }
        return nil
      })
    let error = SparkError(
      kind: .server, code: "AnalysisException",
      message:
        "[PATH_ALREADY_EXISTS] Path file:/home/ana/reports/orders.parquet already exists. Set mode as \"overwrite\" to overwrite the existing path. SQLSTATE: 42K04",
      errorClass: "PATH_ALREADY_EXISTS", sqlState: "42K04")
    _ = state.update(.exportFailed(id: id, .spark(error)), now: 3)
    Snapshot.assert(AppRenderer.render(state), named: "export-server-error")
  }
}
