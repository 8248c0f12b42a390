import ResultModel
import SparkConnectClient
import TerminalUI

/// One query's result, kept until its tab is closed.
public struct ResultTab: Sendable {
  /// The query currently feeding this tab (re-runs get a new id; older ids are dropped).
  public internal(set) var queryID: Int
  public internal(set) var title: String
  /// The SQL text the tab is about: as typed, or an exploration's pipe SQL.
  public internal(set) var sql: String
  /// The plan this tab shows when it is an exploration (a catalog preview, or grid actions on
  /// a result); nil for SQL as typed.
  public internal(set) var exploration: Exploration?
  /// The views this one was built on, bottom first: Backspace brings back the last one (its
  /// rows at once while they are kept, else by running it again).
  public internal(set) var below: [ResultTab] = []
  /// Whether the rows were let go to stay within the memory kept for views below the top one.
  public internal(set) var rowsDropped = false
  /// The statement whose rows the tab shows (the last one of a script).
  public internal(set) var statement: String?
  /// For a frequency view: the number of distinct groups (it shows at most 1,000 of them).
  public internal(set) var groups: Int64?
  /// Values of the text's named markers (`:zone`), as the user gave them in the form.
  public internal(set) var parameters: [String: PlanValue] = [:]
  /// Where `sql` starts in the editor's text (for error underlines); nil when not from it.
  public internal(set) var sqlOffset: Int?
  /// The editor's text when the query was sent (an underline is shown only if unchanged).
  public internal(set) var editorText: String?
  /// Row cap sent with the query (nil = none).
  public internal(set) var maxRows: Int?
  /// The table (`database.table`) when this tab is the catalog's preview of it: the rows are
  /// whichever the server read first, not the table's first rows.
  public internal(set) var previewOf: String?
  public internal(set) var phase: QueryPhase = .running
  public internal(set) var operationID: String?
  public internal(set) var schema: SparkSchema?
  public internal(set) var result: ResultSet?
  public internal(set) var progress: ExecutionProgress?
  /// Per-stage progress, task rate and estimate, fed with every `progress`.
  public internal(set) var tracker = ProgressTracker()
  /// The executed plan with Spark's runtime metrics, once the server sent them.
  public internal(set) var metrics: ExecutionMetrics?
  public internal(set) var error: SparkError?
  /// Seconds (runtime clock) when sent / when ended.
  public internal(set) var startedAt: Double
  public internal(set) var endedAt: Double?
  /// Seconds from sending to the first row.
  public internal(set) var firstRowAfter: Double?
  public internal(set) var grid = Grid()
  public internal(set) var widthsComputed = false
  /// Set once the user asked to cancel; nil while nobody did.
  public internal(set) var cancellation: Cancellation?
  public internal(set) var statementInfo: String?
  public internal(set) var reconnecting: String?
  /// Why loading stopped before the end (the spill file could not take more rows).
  public internal(set) var loadStopped: String?
  /// How often the result's streams were resumed with ReattachExecute (the server ends
  /// streams on purpose after its duration or size limit; a broken one is reattached too).
  public internal(set) var reattaches = 0
  public internal(set) var sortState: SortState = .unsorted
  /// The last search text.
  public internal(set) var search: String?
  /// A search over the loaded rows running in the background (large results).
  public internal(set) var searching: PendingSearch?
  /// How many rows the background search has looked at.
  public internal(set) var searchedRows: Int?
  /// The grid's columns: source column indices in display order, hidden ones left out
  /// (`H`/`L` move a column, `-` hides it, `+` shows them all again). Applies only while its
  /// `names` are still the tab's columns, so a result with other columns starts over.
  public internal(set) var columnLayout: ColumnLayout?

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

  /// How far a cancel got.
  public enum Cancellation: Sendable, Equatable {
    /// The Interrupt is sent (or will be, once the operation id is known).
    case requested
    /// The server answered; `stoppedSomething` when it named operations it interrupted.
    case answered(stoppedSomething: Bool)
  }

  /// The order the rows are shown in.
  public enum SortState: Sendable {
    case unsorted
    /// Sorted by the client (`index`) or by the server (a re-run with ORDER BY, no index).
    case sorted(SortOrder)
    /// A background sort is under way; the rows keep the order `showing` until it lands.
    case sorting(PendingSort, showing: SortOrder?)
  }

  /// The sort the rows are shown in (nil: the server's order).
  public var sort: SortOrder? {
    switch sortState {
    case .unsorted: nil
    case .sorted(let order): order
    case .sorting(_, let showing): showing
    }
  }

  /// The sort running in the background, if any.
  public var pendingSort: PendingSort? {
    if case .sorting(let pending, _) = sortState { return pending }
    return nil
  }

  /// Whether the user asked to cancel this tab's query.
  public var isCancelRequested: Bool { cancellation != nil }

  /// A search of the loaded rows running in the background.
  public struct PendingSearch: Sendable, Equatable {
    public var needle: String
    public var start: GridPosition
    public var forward: Bool
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

  /// What the tab runs: its exploration, else its SQL.
  public var query: QuerySource {
    if let exploration { return .plan(exploration) }
    return parameters.isEmpty ? .sql(sql) : .parameterized(sql, parameters)
  }

  /// The exploration a grid action builds on: this tab's, or its statement as an SQL base;
  /// nil while no statement has started.
  public var explorationBase: Exploration? {
    if let exploration { return exploration }
    guard let text = statement ?? SQLScript.statements(in: sql).last?.text else { return nil }
    return Exploration(base: .sql(text))
  }

  /// The breadcrumb: the stack of views as the user built it (the bottom view's base and
  /// steps, then the step each view above it added), so a drill-down shows the frequency it
  /// came from.
  public var breadcrumb: [String] {
    let bottom = below.first ?? self
    var crumbs = bottom.exploration?.breadcrumb(sqlTitle: bottom.title) ?? [bottom.title]
    for view in below.dropFirst() + (below.isEmpty ? [] : [self]) {
      crumbs.append(view.exploration?.steps.last?.label ?? view.title)
    }
    return crumbs
  }

  /// Whether this view is a frequency table (Enter drills down).
  public var isFrequency: Bool { exploration?.frequencyColumns != nil }

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
