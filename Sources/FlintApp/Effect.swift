import ResultModel
import SparkConnectClient

/// IO the app asks for; `EffectRunner` performs it and answers with `AppEvent`s.
public enum Effect: Sendable, Equatable {
  /// Connect (after `delay` seconds); answers `.connected` or `.connectionFailed`.
  case connect(attempt: Int, delay: Double)
  /// After `delay` seconds, check the server still answers (while connected, so a lost
  /// connection shows and is retried even when nothing runs); answers `.heartbeatAnswered`.
  case heartbeat(id: Int, delay: Double)
  /// Start over with a new server session; answers `.sessionRenewed` / `.connectionFailed`.
  case renewSession
  /// Run a query; answers `.query`, then `.queryFinished` / `.queryFailed` /
  /// `.queryCancelled`.
  case runQuery(id: Int, query: QuerySource, maxRows: Int?)
  /// Stop a query: drop its stream and send Interrupt for `operationID` when known.
  case cancelQuery(id: Int, operationID: String?)
  /// List a catalog node's children; answers `.catalogLoaded` / `.catalogFailed`.
  case loadCatalog(nodeID: String, path: [String])
  /// Fetch the names of `scope` for completion (`generation`: the name cache's, so answers
  /// to a request made before the cache was emptied are dropped); answers `.namesLoaded`.
  case loadNames(NameScope, generation: Int)
  /// Write loaded rows to a local file off the main actor; answers `.exportProgressed`, then
  /// `.exportFinished` / `.exportFailed` / `.exportCancelled`.
  case exportRows(id: Int, ExportJob)
  /// Run `query` with no row cap and stream every batch into a local file (constant memory);
  /// answers like `.exportRows`, plus `.exportServerProgressed`.
  case exportQuery(id: Int, query: QuerySource, ExportJob)
  /// Have the server write the result of `query` with the DataFrame writer; answers
  /// `.exportServerProgressed`, then `.exportFinished` / `.exportFailed` / `.exportCancelled`.
  case writeOnServer(id: Int, query: QuerySource, ServerWrite)
  /// Stop export `id`: its file is removed and its server operation interrupted.
  case cancelExport(id: Int)
  /// Open `text` in the user's editor (`$VISUAL`, `$EDITOR`, `vi`); the runtime gives it the
  /// terminal and answers `.externallyEdited`.
  case editExternally(String)
  /// Put text on the system clipboard (the runtime hands it to the terminal: OSC 52).
  case copyToClipboard(String)
  /// Append a statement to the persisted history.
  case appendHistory(String)
  /// Sort a finished result's rows off the main actor; answers `.rowsSorted`.
  case sortRows(SortRequest)
  /// Ask Spark to explain `query` (one statement, or a plan) in `mode`; answers `.explained`.
  case explain(id: Int, query: QuerySource, mode: SparkConnectSession.ExplainMode)
  /// Analyze `exploration` (a filter about to be pushed): answers `.planChecked`.
  case checkPlan(id: Int, Exploration)
  /// Profile `columns` of `exploration` in one server query (tag of query `id`, so
  /// `cancelQuery(id:)` stops it); answers `.profiled`.
  case profile(id: Int, Exploration, columns: [String])
  /// Count the distinct groups behind the frequency of query `id`; answers `.groupsCounted`.
  case countGroups(id: Int, Exploration)
  /// Search a tab's loaded rows off the main actor; answers `.searchFinished`.
  case searchRows(SearchRequest)
  /// Stop the background search of query `queryID`'s rows.
  case cancelSearch(queryID: Int)
}

/// What `Effect.sortRows` sorts: a finished tab's rows by one column.
public struct SortRequest: Sendable, Equatable {
  public var queryID: Int
  public var sorter: RowSorter
  public var result: ResultSet
  public var rows: Int

  public init(queryID: Int, sorter: RowSorter, result: ResultSet, rows: Int) {
    self.queryID = queryID
    self.sorter = sorter
    self.result = result
    self.rows = rows
  }

  public static func == (a: SortRequest, b: SortRequest) -> Bool {
    a.queryID == b.queryID && a.result === b.result && a.rows == b.rows
      && a.sorter.column == b.sorter.column && a.sorter.ascending == b.sorter.ascending
  }
}
