import ResultModel
import SparkConnectClient
import TerminalUI

/// Exploring by plan: each grid action pushes a view whose plan is its parent's plus one step
/// (`=`, `!`, `|`, `F`, `%`, a server sort), Backspace pops it, `o` and `P` hand the stack over
/// as pipe SQL or PySpark. The views below the top one keep their rows (within
/// `keptViewBytes`), so going back is instant.
extension ResultsPane {
  /// Memory the rows of views below the top ones may keep, over all of a tab's views; older
  /// views let go of their rows first (Backspace then runs them again).
  static let keptViewBytes = 256 << 20

  /// The seed of `%` samples: the same fraction gives the same rows every time.
  static let sampleSeed: Int64 = 42

  /// Pushes `step` onto the shown tab's view (or replaces its top step, for a changed sort)
  /// and runs the new view in the same tab. A running view is cancelled first; it runs again
  /// if the user comes back to it.
  mutating func push(
    _ step: PlanStep, replacingTop: Bool = false, sort: ResultTab.SortState = .unsorted,
    maxRows: Int?
  ) -> [PaneRequest] {
    guard tabs.indices.contains(selectedTab) else { return [] }
    guard let base = tabs[selectedTab].explorationBase else {
      return [.say("nothing to build on yet: wait for the query to start")]
    }
    if replacingTop, let parent = base.parent {
      return show(parent.pushing(step), keepingCurrent: false, sort: sort, maxRows: maxRows)
    }
    return show(base.pushing(step), keepingCurrent: true, sort: sort, maxRows: maxRows)
  }

  /// Runs `exploration` as the shown tab's new top view; the current view goes below it
  /// when `keepingCurrent` (else it is replaced).
  private mutating func show(
    _ exploration: Exploration, keepingCurrent: Bool, sort: ResultTab.SortState, maxRows: Int?
  ) -> [PaneRequest] {
    let tab = tabs[selectedTab]
    var below = tab.below
    if keepingCurrent {
      var view = tab
      view.below = []
      below.append(view)
    }
    var requests: [PaneRequest] = []
    if tab.phase.isActive {
      requests.append(.effect(.cancelQuery(id: tab.queryID, operationID: tab.operationID)))
    }
    requests.append(
      .run(
        QueryRequest(
          sql: exploration.pipeSQL, title: tab.title, maxRows: maxRows, reuse: selectedTab,
          recordsHistory: false, sort: sort, exploration: exploration,
          below: Self.trimmed(below, budget: keptBytes))))
    return requests
  }

  /// Backspace: back to the view below (its kept rows at once, else it runs again).
  mutating func pop() -> [PaneRequest] {
    let tab = tabs[selectedTab]
    guard var view = tab.below.last else {
      return [
        .say(
          tab.exploration?.steps.isEmpty == false
            ? "this is the first view" : "no step to go back from (Backspace pops a view)")
      ]
    }
    var requests: [PaneRequest] = []
    if tab.phase.isActive {
      requests.append(.effect(.cancelQuery(id: tab.queryID, operationID: tab.operationID)))
    }
    let rest = Array(tab.below.dropLast())
    if view.phase == .finished && !view.rowsDropped {
      view.below = rest
      view.grid.viewport = gridSize
      tabs[selectedTab] = view
      return requests
    }
    var sort = ResultTab.SortState.unsorted
    if let order = view.sort, order.index == nil { sort = .sorted(order) }
    let sql = view.exploration == nil ? view.statement ?? view.sql : view.sql
    requests.append(
      .run(
        QueryRequest(
          sql: sql, title: view.title, maxRows: view.maxRows, reuse: selectedTab,
          recordsHistory: false, previewOf: view.previewOf, sort: sort,
          exploration: view.exploration, below: rest, parameters: view.parameters)))
    return requests
  }

  /// What the views below the top one may keep in memory: `keptViewBytes`, and at most a
  /// quarter of the memory budget, so the top view's rows are the ones that stay in memory.
  var keptBytes: Int {
    min(Self.keptViewBytes, (spill?.budget.limit ?? Int.max) / 4)
  }

  /// Views below the top one, the oldest letting go of their rows first while all of them
  /// would keep more than `budget` bytes.
  static func trimmed(_ views: [ResultTab], budget: Int = keptViewBytes) -> [ResultTab] {
    var views = views
    var kept = 0
    for index in views.indices.reversed() {
      let bytes = views[index].result?.byteCount ?? 0
      if kept + bytes > budget {
        views[index].result = nil
        views[index].rowsDropped = true
      } else {
        kept += bytes
      }
    }
    return views
  }

  // MARK: - Filters

  /// `=` (keep) and `!` (drop): rows whose value in the selected column equals the cell's
  /// (a NULL cell: IS NULL / IS NOT NULL), or for `=` on a range in one column, is one of its
  /// values.
  mutating func filterOnSelection(keeping: Bool, maxRows: Int?) -> [PaneRequest] {
    let tab = tabs[selectedTab]
    let range = tab.grid.selectionRange
    guard range.columns.count == 1 else {
      return [.say("= and ! filter on one column: select cells of one column")]
    }
    let display = range.columns.lowerBound
    guard let (name, type) = Self.field(tab, display: display) else { return [] }
    if let refusal = type.comparisonRefusal { return [.say(refusal)] }
    let rows = range.rows.clamped(to: 0...max(0, tab.displayRowCount - 1))
    guard tab.displayRowCount > 0 else { return [.say("no rows to filter on")] }
    guard keeping || rows.count == 1 else {
      return [.say("! drops one value: select a single cell")]
    }
    var values: [PlanValue] = []
    for row in rows {
      guard let value = Self.value(tab, row: row, display: display, type: type) else {
        return [.say("Flint cannot filter on values of type \(type)")]
      }
      values.append(value)
    }
    let predicate =
      keeping
      ? RowPredicate.keeping(column: name, values: values)
      : RowPredicate.dropping(column: name, value: values[0])
    return push(.filter(predicate), maxRows: maxRows)
  }

  /// `F`: the frequency table of the selected column, or of the range's columns.
  mutating func frequency() -> [PaneRequest] {
    let tab = tabs[selectedTab]
    var columns: [String] = []
    for display in tab.grid.selectionRange.columns {
      guard let (name, type) = Self.field(tab, display: display) else { continue }
      if let refusal = type.comparisonRefusal { return [.say(refusal)] }
      columns.append(name)
    }
    guard !columns.isEmpty else { return [] }
    return frequency(of: columns)
  }

  /// A frequency table of `columns` of the shown view. The frequency's own limit caps it (its
  /// 1,000 groups are all shown), not the row cap.
  mutating func frequency(of columns: [String]) -> [PaneRequest] {
    push(.frequency(columns: columns, limit: PlanStep.frequencyLimit), maxRows: nil)
  }

  /// Enter in a frequency table: its parent, filtered on the selected row's values.
  mutating func drillDown(maxRows: Int?) -> [PaneRequest]? {
    let tab = tabs[selectedTab]
    guard let exploration = tab.exploration, let columns = exploration.frequencyColumns,
      tab.displayRowCount > 0
    else { return nil }
    let row = tab.grid.selected.row
    var values: [PlanValue] = []
    for column in columns {
      guard let source = tab.columnNames.firstIndex(of: column),
        let type = tab.schema?.fields[source].type,
        let cell = tab.result?.cell(row: tab.resultRow(row), column: source),
        let value = PlanValue.cell(cell.column, row: cell.row, type: type)
      else { return [.say("cannot drill down on this row")] }
      values.append(value)
    }
    guard let drilled = exploration.drillingDown(into: values) else { return nil }
    // The filter goes on the frequency's parent; the frequency stays below it, so Backspace
    // comes back to it.
    return show(drilled, keepingCurrent: true, sort: .unsorted, maxRows: maxRows)
  }

  /// `%`: a sample of `fraction` of the rows, with a fixed seed.
  mutating func sample(_ fraction: Double, maxRows: Int?) -> [PaneRequest] {
    push(.sample(fraction: fraction, seed: Self.sampleSeed), maxRows: maxRows)
  }

  // MARK: - Handing the stack over

  /// `o`: the view as pipe SQL, appended to the editor's text.
  func pipeSQLForEditor() -> [PaneRequest] {
    let tab = tabs[selectedTab]
    guard let exploration = tab.explorationBase else { return [.say("no query to hand over")] }
    return [.appendToEditor(exploration.pipeSQL), .say("the view as pipe SQL is in the editor")]
  }

  /// `P`: the view as PySpark DataFrame code, copied.
  func copyPySpark() -> [PaneRequest] {
    let tab = tabs[selectedTab]
    guard let exploration = tab.explorationBase else { return [.say("no query to hand over")] }
    let code = exploration.pySpark
    let lines = code.split(separator: "\n").count
    return [
      .effect(.copyToClipboard(code)),
      .say("copied the view as PySpark (\(lines) line\(lines == 1 ? "" : "s"))"),
    ]
  }

  // MARK: - Cells as values

  /// The name and Spark type of the column at display column `display`.
  static func field(_ tab: ResultTab, display: Int) -> (String, SparkType)? {
    let source = tab.resultColumn(display)
    guard let fields = tab.schema?.fields, fields.indices.contains(source) else { return nil }
    return (fields[source].name, fields[source].type)
  }

  /// The typed value of a cell (display coordinates).
  static func value(_ tab: ResultTab, row: Int, display: Int, type: SparkType) -> PlanValue? {
    guard
      let cell = tab.result?.cell(row: tab.resultRow(row), column: tab.resultColumn(display))
    else { return nil }
    return PlanValue.cell(cell.column, row: cell.row, type: type)
  }
}
