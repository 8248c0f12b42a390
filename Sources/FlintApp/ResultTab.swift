import ResultModel
import SparkConnectClient
import TerminalUI

/// One query's result, kept until its tab is closed.
public struct ResultTab: Sendable {
  /// The query currently feeding this tab (re-runs get a new id; older ids are dropped).
  public var queryID: Int
  public var title: String
  /// The SQL text sent.
  public var sql: String
  /// Where `sql` starts in the editor's text (for error underlines); nil when not from it.
  public var sqlOffset: Int?
  /// The editor's text when the query was sent (an underline is shown only if unchanged).
  public var editorText: String?
  /// Row cap sent with the query (nil = none).
  public var maxRows: Int?
  /// The table (qualified name) when this tab is the catalog's preview of it: the rows are
  /// whichever the server read first, not the table's first rows.
  public var previewOf: String?
  public var phase: QueryPhase = .running
  public var operationID: String?
  public var schema: SparkSchema?
  public var result: ResultSet?
  public var progress: ExecutionProgress?
  public var error: SparkError?
  /// Seconds (runtime clock) when sent / when ended.
  public var startedAt: Double
  public var endedAt: Double?
  /// Seconds from sending to the first row.
  public var firstRowAfter: Double?
  public var grid = Grid()
  public var widthsComputed = false
  public var cancelRequested = false
  /// The server named the operations it interrupted.
  public var cancelConfirmed = false
  /// The server answered the Interrupt (possibly with nothing interrupted).
  public var cancelAnswered = false
  public var statementInfo: String?
  public var reconnecting: String?
  /// Client-side sort: column, direction and the sorted row order.
  public var sort: SortOrder?
  /// A client-side sort running in the background (large results).
  public var sorting: PendingSort?
  /// The last search text.
  public var search: String?
  /// The grid's columns: source column indices in display order, hidden ones left out
  /// (`H`/`L` move a column, `-` hides it, `+` shows them all again). Applies only while its
  /// `names` are still the tab's columns, so a result with other columns starts over.
  public var columnLayout: ColumnLayout?

  /// A user's arrangement of a tab's columns.
  public struct ColumnLayout: Sendable, Equatable {
    /// Every source column, in display order.
    public var order: [Int]
    /// Source columns not shown.
    public var hidden: Set<Int>
    /// The column names the arrangement was made for.
    public var names: [String]

    public init(names: [String]) {
      order = Array(names.indices)
      hidden = []
      self.names = names
    }

    /// Shown source columns, in display order.
    public var shown: [Int] { order.filter { !hidden.contains($0) } }
  }

  public struct PendingSort: Sendable, Equatable {
    public var column: Int
    public var ascending: Bool
  }

  public struct SortOrder: Sendable {
    public var column: Int
    public var ascending: Bool
    /// Display row → result row; nil when the server sorted (re-run with ORDER BY).
    public var index: [Int]?
  }

  public init(queryID: Int, title: String, sql: String, maxRows: Int?, startedAt: Double) {
    self.queryID = queryID
    self.title = title
    self.sql = sql
    self.maxRows = maxRows
    self.startedAt = startedAt
  }

  /// Rows received (including the one beyond the cap, if any).
  public var rowsReceived: Int { result?.rowCount ?? 0 }

  /// Whether the server has more rows than the cap let through.
  public var moreOnServer: Bool {
    guard let maxRows else { return false }
    return rowsReceived > maxRows
  }

  /// Rows shown: what arrived, without the one fetched only to learn that more exist.
  public var displayRowCount: Int {
    guard let maxRows else { return rowsReceived }
    return min(rowsReceived, maxRows)
  }

  /// Whether every row of the result is loaded.
  public var isComplete: Bool { phase == .finished && !moreOnServer }

  /// Column titles: from the Spark schema, else the Arrow schema.
  public var columnNames: [String] {
    if let schema { return schema.fields.map(\.name) }
    return result?.columnNames ?? []
  }

  /// The layout in force: `columnLayout` while it names these columns, else every column in
  /// schema order.
  public var effectiveColumnLayout: ColumnLayout {
    let names = columnNames
    if let layout = columnLayout, layout.names == names { return layout }
    return ColumnLayout(names: names)
  }

  /// The source columns the grid shows, in display order.
  public var displayColumns: [Int] { effectiveColumnLayout.shown }

  /// The shown columns when the user rearranged or hid any; nil when the grid shows every
  /// column in schema order.
  public var rearrangedColumns: [Int]? {
    let shown = displayColumns
    return shown == Array(columnNames.indices) ? nil : shown
  }

  /// The source column shown at display column `column` (itself when out of range).
  public func resultColumn(_ column: Int) -> Int {
    let shown = displayColumns
    return shown.indices.contains(column) ? shown[column] : column
  }

  /// The display column of source column `column`, if shown.
  public func displayColumn(ofSource column: Int) -> Int? {
    displayColumns.firstIndex(of: column)
  }

  /// The result row shown at display row `row`.
  public func resultRow(_ row: Int) -> Int {
    if let index = sort?.index, row >= 0, row < index.count { return index[row] }
    return row
  }

  /// Elapsed seconds at `now`.
  public func elapsed(now: Double) -> Double { max(0, (endedAt ?? now) - startedAt) }
}
