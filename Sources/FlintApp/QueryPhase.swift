/// The lifecycle of one query.
public enum QueryPhase: Sendable, Equatable {
  /// Sent; nothing back yet.
  case running
  /// The schema (and maybe rows) arrived; more may come.
  case streaming
  case finished
  case failed
  case cancelled

  /// Whether the query may still produce events.
  public var isActive: Bool { self == .running || self == .streaming }
}

/// The panes of the main screen, in focus order.
public enum Pane: Int, Sendable, CaseIterable {
  case catalog, editor, results

  public var title: String {
    switch self {
    case .catalog: "Catalog"
    case .editor: "SQL"
    case .results: "Results"
    }
  }
}

/// The state of the connection to the server.
public enum ConnectionState: Sendable, Equatable {
  case connecting(attempt: Int)
  case connected(version: String)
  /// The last attempt failed; `retrying` when another attempt is scheduled.
  case failed(message: String, retrying: Bool)
}
