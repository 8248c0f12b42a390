/// IO the app asks for; `EffectRunner` performs it and answers with `AppEvent`s.
public enum Effect: Sendable, Equatable {
  /// Connect (after `delay` seconds); answers `.connected` or `.connectionFailed`.
  case connect(attempt: Int, delay: Double)
  /// Run SQL; answers `.query`, then `.queryFinished` / `.queryFailed` / `.queryCancelled`.
  case runQuery(id: Int, sql: String, maxRows: Int?)
  /// Stop a query: drop its stream and send Interrupt for `operationID` when known.
  case cancelQuery(id: Int, operationID: String?)
  /// List a catalog node's children; answers `.catalogLoaded` / `.catalogFailed`.
  case loadCatalog(nodeID: String, path: [String])
  /// Put text on the system clipboard (OSC 52).
  case copyToClipboard(String)
  /// Append a statement to the persisted history.
  case appendHistory(String)
  /// Interrupt running queries, close the session, end the app.
  case quit
}
