import Foundation
import SparkConnectClient
import TerminalUI

/// Starting, failing, cancelling and quitting: where the editor, the results and the
/// connection meet.
extension AppState {
  /// Starts a query in a tab (new, or the one `request` reuses) when connected; a dropped
  /// connection is retried and the query is not sent.
  mutating func startQuery(_ request: QueryRequest) -> [Effect] {
    guard case .connected = connection else {
      if case .failed(_, false) = connection {
        connection = .connecting(attempt: 1)
        message = "not connected — reconnecting; run again when connected"
        return [.connect(attempt: 1, delay: 0)]
      }
      message = "not connected — the query was not sent"
      return []
    }
    if askForParameters(request) { return [] }
    let id = results.open(request, now: now, editorText: editorPane.editor.text)
    editorPane.clearError()
    message = nil
    var effects: [Effect] = [
      .runQuery(id: id, query: request.query, maxRows: request.maxRows)
    ]
    let entry = Self.historyEntry(request.sql, parameters: request.parameters)
    if request.recordsHistory, editorPane.record(entry) {
      effects.append(.appendHistory(entry))
    }
    return effects
  }

  /// F5: the selection, else the statement under the cursor.
  mutating func runStatement() -> [Effect] {
    guard let (sql, offset) = editorPane.statementToRun() else {
      message = "nothing to run"
      return []
    }
    return startQuery(
      QueryRequest(sql: sql, title: Self.title(for: sql), editorOffset: offset, maxRows: maxRows))
  }

  /// Ctrl-R: every statement of the buffer (split on `;` only).
  mutating func runAll() -> [Effect] {
    let text = editorPane.editor.text
    guard !SQLScript.statements(in: text).isEmpty else {
      message = "nothing to run"
      return []
    }
    return startQuery(
      QueryRequest(sql: text, title: Self.title(for: text), editorOffset: 0, maxRows: maxRows))
  }

  /// A tab title: the SQL on one line without comments, at most 24 characters.
  static func title(for sql: String) -> String {
    let code = sql.split(separator: "\n").filter {
      !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--")
    }.joined(separator: " ")
    let flat = code.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    return flat.count > 24 ? String(flat.prefix(23)) + "…" : flat
  }

  /// A query failed: the tab shows the error, the editor underlines the failing fragment
  /// while it still holds the text that was sent, a lost connection is retried.
  mutating func queryFailed(id: Int, _ error: SparkError) -> [Effect] {
    guard let tab = results.failed(id: id, error, now: now) else { return [] }
    var effects: [Effect] = []
    if error.kind == .sessionChanged {
      effects = renewSession()
    } else if error.kind == .connection || error.kind == .timeout {
      connection = .failed(message: Self.oneLine(error), retrying: true)
      effects.append(.connect(attempt: 1, delay: 1))
    }
    if let context = error.queryContexts.first, let base = tab.sqlOffset,
      tab.editorText == editorPane.editor.text
    {
      let start = base + max(0, context.startIndex)
      let end = base + max(context.startIndex, context.stopIndex) + 1
      editorPane.markError(start..<end)
      if focus != .editor {
        message = "error at line \(editorPane.position(ofOffset: start).line + 1)"
      }
    }
    return effects
  }

  /// The server no longer knows the session (it restarted): start a new one, then connect.
  mutating func renewSession() -> [Effect] {
    connection = .connecting(attempt: 1)
    message = "the server no longer knows this session (restarted?): starting a new one"
    return [.renewSession]
  }

  /// Esc: cancels a background search, else the shown tab's query (else any running one).
  mutating func cancel() -> [Effect] {
    let stopped = results.cancelSearch()
    if !stopped.isEmpty {
      message = "search stopped"
      return stopped
    }
    return results.cancel()
  }

  /// Ends the app: running queries are interrupted and a running export cancelled; the
  /// runtime stops once `ending` is set.
  mutating func quit(_ why: Ending = .quit) -> [Effect] {
    ending = why
    var effects = results.cancelAll()
    if case .export(let dialog) = overlay, let id = dialog.phase.activeID {
      effects.append(.cancelExport(id: id))
    }
    return effects
  }
}
