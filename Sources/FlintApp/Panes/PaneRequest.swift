import SparkConnectClient

/// What a pane asks of the app after a key. Focus, overlays, the status line and starting a
/// query belong to the app, so a pane asks instead of doing; IO goes out as an `Effect`.
enum PaneRequest: Sendable {
  case effect(Effect)
  /// Start a query (in a new tab, or in the tab the request names).
  case run(QueryRequest)
  /// Put text into the editor at its cursor and focus it.
  case insertIntoEditor(String)
  case openOverlay(AppState.Overlay)
  /// A message for the status bar.
  case say(String)
  /// Put text at the end of the editor's text after a blank line, cursor there, and focus it.
  case appendToEditor(String)
}

/// A query to start, and what its tab should know about it.
struct QueryRequest: Sendable {
  /// The text the tab is about (its title, re-runs, exports).
  var sql: String
  var title: String
  /// Where `sql` starts in the editor's text; nil when it did not come from the editor.
  var editorOffset: Int?
  var maxRows: Int?
  /// The tab to run in (its sort and column layout are kept), else a new tab.
  var reuse: Int?
  var recordsHistory = true
  /// The qualified table name when this is a catalog preview.
  var previewOf: String?
  /// The order the rows will arrive in (a server-side sort).
  var sort: ResultTab.SortState = .unsorted
  /// What is sent when it is not `sql` as a script: an exploration.
  var exploration: Exploration?
  /// The views below the new one (a push or a pop); nil keeps those of the reused tab.
  var below: [ResultTab]?

  /// Values of the text's named markers, once the user gave them.
  var parameters: [String: PlanValue]?

  /// What is sent.
  var query: QuerySource {
    if let exploration { return .plan(exploration) }
    if let parameters, !parameters.isEmpty { return .parameterized(sql, parameters) }
    return .sql(sql)
  }
}
