import ResultModel
import SparkConnectClient

/// What the export dialog writes: a local file Flint encodes, or files the server writes with
/// the DataFrame writer (for results too large to bring home).
public enum ExportTarget: Sendable, Hashable {
  case local(ExportFormat)
  case server(ServerFormat)

  /// The server's data sources the dialog offers.
  public enum ServerFormat: String, Sendable, Hashable, CaseIterable {
    case parquet, csv, json
  }

  /// Every target, in the order the dialog cycles through them.
  public static let all: [ExportTarget] =
    [.local(.csv), .local(.tsv), .local(.jsonLines), .local(.markdown), .local(.arrow)]
    + ServerFormat.allCases.map { .server($0) }

  /// The name the dialog shows.
  public var displayName: String {
    switch self {
    case .local(let format): format.displayName
    case .server(.parquet): "Parquet (server-side)"
    case .server(.csv): "CSV (server-side)"
    case .server(.json): "JSON (server-side)"
    }
  }

  /// The file name extension a default path gets, without the dot.
  public var fileExtension: String {
    switch self {
    case .local(let format): format.fileExtension
    case .server(let format): format.rawValue
    }
  }

  /// Whether the server writes (the path is on the server; the scope is the full result).
  public var isServerSide: Bool {
    if case .server = self { return true }
    return false
  }

  /// Whether the output is text Flint writes (CSV, TSV, JSON Lines, Markdown): the formats
  /// the clipboard takes.
  public var isText: Bool {
    switch self {
    case .local(.arrow), .server: false
    case .local: true
    }
  }

  /// Whether the CSV delimiter option applies.
  public var usesDelimiter: Bool { self == .local(.csv) || self == .server(.csv) }

  /// Whether the NULL marker option applies.
  public var usesNullMarker: Bool {
    switch self {
    case .local(.csv), .local(.tsv), .local(.markdown), .server(.csv): true
    default: false
    }
  }
}

/// Which rows a local export writes.
public enum ExportScope: Int, Sendable, Hashable, CaseIterable {
  /// The Shift-arrow cell range (its rows and columns); without a range, the current row.
  case selection
  /// The rows on screen in the grid.
  case visibleRows
  /// Every row loaded into the tab (up to the row cap).
  case loadedRows
  /// The whole result: the query runs again with no row cap and every batch is streamed to
  /// the file.
  case fullResult

  public var title: String {
    switch self {
    case .selection: "selection"
    case .visibleRows: "visible rows"
    case .loadedRows: "all loaded rows"
    case .fullResult: "full result (re-runs the query)"
    }
  }
}
