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
  case query(id: Int, QueryEvent)
  case queryFinished(id: Int)
  case queryFailed(id: Int, SparkError)
  /// The stream of a query ended because it was cancelled.
  case queryCancelled(id: Int)
  /// The server answered the Interrupt for a query (`interrupted`: operation ids it stopped).
  case cancelConfirmed(id: Int, interrupted: [String])
  case catalogLoaded(nodeID: String, [CatalogItem])
  case catalogFailed(nodeID: String, SparkError)
  /// The terminal has no more input.
  case inputEnded
}
