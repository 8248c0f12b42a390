import ArrowIPC
import SparkConnectClient
import TerminalUI

@testable import FlintApp

/// Builders for app states and events in tests.
enum Fixtures {
  static let size = Size(width: 100, height: 30)

  /// A state connected to a fake server, with `text` in the editor.
  static func connected(
    text: String = "", size: Size = size, maxRows: Int? = 100_000, history: [String] = [],
    theme: Theme = .fallback, workingDirectory: String = ""
  ) -> AppState {
    var state = AppState(
      size: size, maxRows: maxRows, history: history, text: text, theme: theme,
      workingDirectory: workingDirectory)
    _ = state.update(.connected(version: "4.0.0"), now: 0)
    _ = state.update(.catalogLoaded(nodeID: "", catalogs), now: 0)
    return state
  }

  static func key(_ k: Key, _ modifiers: KeyModifiers = []) -> AppEvent {
    .terminal(.key(KeyEvent(k, modifiers: modifiers)))
  }

  static func char(_ c: Character) -> AppEvent { .terminal(.key(.char(c))) }

  /// Moves the focus to `pane` as a user does: Tab until it has it.
  static func focus(_ pane: Pane, _ state: inout AppState) {
    for _ in Pane.allCases where state.focus != pane { _ = state.update(key(.tab), now: state.now) }
  }

  /// Moves the editor's cursor to `position` with keys (Shift held when `extend`, selecting
  /// from where it was).
  static func moveCursor(
    to position: TextPosition, extend: Bool = false, _ state: inout AppState
  ) {
    let modifiers: KeyModifiers = extend ? .shift : []
    if !extend { _ = state.update(key(.home, .control), now: state.now) }
    let cursor = state.editor.cursor
    let lineKey: Key = position.line >= cursor.line ? .down : .up
    for _ in 0..<abs(position.line - cursor.line) {
      _ = state.update(key(lineKey, modifiers), now: state.now)
    }
    _ = state.update(key(.home, modifiers), now: state.now)
    for _ in 0..<position.column { _ = state.update(key(.right, modifiers), now: state.now) }
  }

  /// Types text into the focused pane, one key per character.
  static func type(_ text: String, into state: inout AppState) {
    for c in text { _ = state.update(c == "\n" ? key(.enter) : char(c), now: 0) }
  }

  /// The query id of the first `.runQuery` effect.
  static func queryID(_ effects: [Effect]) -> Int? {
    for effect in effects { if case .runQuery(let id, _, _) = effect { return id } }
    return nil
  }

  /// Feeds a finished sample result of `rows` rows (batches of `batchSize`) to query `id`.
  static func feed(
    _ state: inout AppState, id: Int, rows: Int, batchSize: Int = 1000, finish: Bool = true
  ) throws {
    _ = state.update(.query(id: id, .operationStarted(operationID: "op-\(id)")), now: 0.1)
    _ = state.update(.query(id: id, .schema(FakeSparkService.sampleSchema)), now: 0.2)
    var start = 0
    while start < rows {
      let n = min(batchSize, rows - start)
      let batch = try FakeSparkService.sampleBatch(start: start, rows: n)
      _ = state.update(.query(id: id, .batch(batch, startOffset: Int64(start))), now: 0.3)
      start += n
    }
    if finish { _ = state.update(.queryFinished(id: id), now: 1.5) }
  }

  static let catalogs = [CatalogEntry(kind: .catalog, name: "spark_catalog")]
  static let databases = [
    CatalogEntry(kind: .database, name: "default", namespace: ["spark_catalog"]),
    CatalogEntry(kind: .database, name: "sales", namespace: ["spark_catalog"]),
  ]
  static let tables = [
    CatalogEntry(
      kind: .table, name: "orders", namespace: ["spark_catalog", "sales"], detail: "MANAGED"),
    CatalogEntry(
      kind: .view, name: "big_orders", namespace: ["spark_catalog", "sales"], detail: "VIEW"),
  ]
  static let columns = [
    CatalogEntry(
      kind: .column, name: "order_id", namespace: ["spark_catalog", "sales", "orders"],
      detail: "bigint"),
    CatalogEntry(
      kind: .column, name: "amount", namespace: ["spark_catalog", "sales", "orders"],
      detail: "decimal(10,2)"),
  ]
}
