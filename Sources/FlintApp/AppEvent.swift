import SparkConnectClient
import TerminalUI

/// Everything that can change the app: input, ticks, and results of effects. Async results
/// carry the id of the query or catalog node they belong to.
public enum AppEvent: Sendable {
  case terminal(TerminalEvent)
  /// Time passed (redraw elapsed times).
  case tick
  case connected(version: String)
  case connectionFailed(SparkError, attempt: Int)
  /// What the server said to heartbeat `id`: its version, or why not.
  case heartbeatAnswered(id: Int, Result<String, SparkError>)
  /// A new server session replaced one the server no longer knew.
  case sessionRenewed
  case query(id: Int, QueryEvent)
  case queryFinished(id: Int)
  case queryFailed(id: Int, SparkError)
  /// The stream of a query ended because it was cancelled.
  case queryCancelled(id: Int)
  /// The server answered the Interrupt for a query (`interrupted`: operation ids it stopped).
  case cancelConfirmed(id: Int, interrupted: [String])
  /// A background sort of query `queryID`'s rows finished (`index`: display row → row).
  case rowsSorted(queryID: Int, column: Int, ascending: Bool, index: [Int])
  /// Spark's explanation of the plan asked for with `Effect.explain(id:…)`, or why not.
  case explained(id: Int, mode: SparkConnectSession.ExplainMode, Result<String, SparkError>)
  /// The analysis of a plan asked for with `Effect.checkPlan(id:…)`: its columns, or Spark's
  /// error (a filter expression that does not parse or resolve).
  case planChecked(id: Int, Result<SparkSchema, SparkError>)
  /// The column profile asked for with `Effect.profile(id:…)`, or why not.
  case profiled(id: Int, Result<TableProfile, SparkError>)
  /// The number of distinct groups behind the frequency of query `id`.
  case groupsCounted(id: Int, Result<Int64, SparkError>)
  /// A background search of a tab's rows ended (`match` nil: none, or it was stopped).
  case searchFinished(SearchRequest, match: GridPosition?)
  /// A background search of tab `queryID` has looked at `rows` rows.
  case searchProgress(queryID: Int, rows: Int)
  case catalogLoaded(nodeID: String, [CatalogEntry])
  case catalogFailed(nodeID: String, SparkError)
  /// The names of a scope fetched for completion, or why not.
  case namesLoaded(NameScope, generation: Int, Result<[String], SparkError>)
  /// An export wrote `rows` rows, `bytes` bytes so far.
  case exportProgressed(id: Int, rows: Int, bytes: Int64)
  /// The server's progress on the query or write behind an export.
  case exportServerProgressed(id: Int, ExecutionProgress)
  /// An export is complete: the file is at its path.
  case exportFinished(id: Int, ExportOutcome)
  /// An export failed; nothing was left at the local path.
  case exportFailed(id: Int, ExportFailure)
  /// An export stopped after a cancel; nothing was left at the local path.
  case exportCancelled(id: Int)
  /// The user's editor exited: the edited text, or why not.
  case externallyEdited(Result<String, ExternalEditor.EditFailure>)
  /// The terminal has no more input.
  case inputEnded
  /// The process was told to end (SIGTERM, SIGINT from outside, or SIGHUP when the terminal or
  /// the SSH connection went away): wind down as on quit, keeping the editor's text.
  case terminated(signal: Int32)
}

/// Why the app ended.
public enum Ending: Equatable, Sendable {
  /// The user quit.
  case quit
  /// The terminal's input ended.
  case inputEnded
  /// A signal (its number) told the process to end.
  case signal(Int32)

  /// Whether the editor's text is kept for the next start: the user did not choose to leave.
  public var keepsDraft: Bool { self != .quit }
}
