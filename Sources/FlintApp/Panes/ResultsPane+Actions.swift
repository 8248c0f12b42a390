import ResultModel
import SparkConnectClient
import TerminalUI

extension ResultsPane {
  /// Performs a results action; nil when it is not the grid's (the key falls through).
  mutating func perform(_ action: Action, formatter: CellFormatter, maxRows: Int?)
    -> [PaneRequest]?
  {
    guard tabs.indices.contains(selectedTab) else { return nil }
    if action != .gPrefix { keyPrefix = nil }
    switch action {
    case .up: gridKey(.up, formatter: formatter)
    case .down: gridKey(.down, formatter: formatter)
    case .left: gridKey(.left, formatter: formatter)
    case .right: gridKey(.right, formatter: formatter)
    case .pageUp: gridKey(.pageUp, formatter: formatter)
    case .pageDown: gridKey(.pageDown, formatter: formatter)
    case .firstColumn: gridKey(.home, formatter: formatter)
    case .lastColumn: gridKey(.end, formatter: formatter)
    case .firstRow: gridKey(.home, .control, formatter: formatter)
    case .lastRow: gridKey(.end, .control, formatter: formatter)
    case .gPrefix:
      if keyPrefix == .g {
        keyPrefix = nil
        gridKey(.home, .control, formatter: formatter)
      } else {
        keyPrefix = .g
      }
    case .narrower, .wider: resizeSelectedColumn(by: action == .wider ? 2 : -2)
    case .moveColumnLeft: return moveSelectedColumn(by: -1, formatter: formatter)
    case .moveColumnRight: return moveSelectedColumn(by: 1, formatter: formatter)
    case .hideColumn: return hideSelectedColumn(formatter: formatter)
    case .showColumns: return showAllColumns(formatter: formatter)
    case .sort: return sortSelectedColumn(formatter: formatter, maxRows: maxRows)
    case .search:
      let prompt = Prompt(title: "Search loaded rows", text: tabs[selectedTab].search ?? "")
      return [.openOverlay(.search(prompt))]
    case .searchNext: return findNext(forward: true, formatter: formatter)
    case .searchPrevious: return findNext(forward: false, formatter: formatter)
    case .inspect:
      if tabs[selectedTab].isFrequency, let requests = drillDown(maxRows: maxRows) {
        return requests
      }
      return inspect(formatter: formatter)
    case .inspectCell: return inspect(formatter: formatter)
    case .keepEqual: return filterOnSelection(keeping: true, maxRows: maxRows)
    case .dropEqual: return filterOnSelection(keeping: false, maxRows: maxRows)
    case .frequency: return frequency()
    case .back: return pop()
    case .pipeToEditor: return pipeSQLForEditor()
    case .copyPySpark: return copyPySpark()
    case .copyCell: return copySelection(formatter: formatter)
    case .copyRow: return copyRow(formatter: formatter)
    case .loadMore: return loadMore()
    case .closeTab: return closeTab().map { .effect($0) }
    case .nextTab: selectedTab = (selectedTab + 1) % tabs.count
    case .previousTab: selectedTab = (selectedTab + tabs.count - 1) % tabs.count
    default: return nil
    }
    return []
  }

  /// A key no action claimed (Shift-arrows extend the range selection).
  mutating func handle(_ key: KeyEvent, formatter: CellFormatter) {
    keyPrefix = nil
    guard tabs.indices.contains(selectedTab) else { return }
    let source = ResultGridSource(tab: tabs[selectedTab], formatter: formatter)
    tabs[selectedTab].grid.handle(key, data: source)
  }

  private mutating func gridKey(
    _ key: Key, _ modifiers: KeyModifiers = [], formatter: CellFormatter
  ) {
    let source = ResultGridSource(tab: tabs[selectedTab], formatter: formatter)
    tabs[selectedTab].grid.handle(KeyEvent(key, modifiers: modifiers), data: source)
  }

  // MARK: - Mouse

  /// A click in the grid area `area` selects the cell drawn under `point`.
  mutating func click(at point: Point, gridArea area: Rect, formatter: CellFormatter) {
    guard tabs.indices.contains(selectedTab) else { return }
    let source = ResultGridSource(tab: tabs[selectedTab], formatter: formatter)
    // The same layout the frame was drawn with, so the click gets the cell under it.
    let drawn = tabs[selectedTab].grid.layout(
      in: gridArea(in: area), rowCount: source.rowCount, columnCount: source.columnCount)
    if let position = drawn.position(at: point) {
      tabs[selectedTab].grid.select(
        position, rowCount: source.rowCount, columnCount: source.columnCount)
    }
  }

  /// The wheel scrolls three rows.
  mutating func scroll(down: Bool, formatter: CellFormatter) {
    guard tabs.indices.contains(selectedTab) else { return }
    for _ in 0..<3 { gridKey(down ? .down : .up, formatter: formatter) }
  }

  // MARK: - Re-running

  /// `m`: runs the tab's query again with ten times the cap, in the same tab.
  mutating func loadMore() -> [PaneRequest] {
    let tab = tabs[selectedTab]
    guard tab.moreOnServer, !tab.phase.isActive, let cap = tab.maxRows else {
      return [.say("all rows are loaded")]
    }
    // A server-side sort is a step of the plan and comes again; a client-side one was of the
    // fewer rows.
    var sort = ResultTab.SortState.unsorted
    if let order = tab.sort, order.index == nil { sort = .sorted(order) }
    return [
      .run(
        QueryRequest(
          sql: tab.sql, title: tab.title, editorOffset: tab.sqlOffset,
          maxRows: cap * 10, reuse: selectedTab, recordsHistory: false, previewOf: tab.previewOf,
          sort: sort, exploration: tab.exploration, parameters: tab.parameters))
    ]
  }

  // MARK: - Sorting

  /// Results up to this many rows are sorted inside `update` (well under a frame's worth of
  /// work); larger ones by an effect in the background.
  static let inlineSortLimit = 100_000

  /// `s`: ascending, descending, then back to the original order. On the client when every
  /// row is loaded, else on the server: a `Sort` step on the view (a changed sort replaces
  /// it, the third press pops it).
  mutating func sortSelectedColumn(formatter: CellFormatter, maxRows: Int?) -> [PaneRequest] {
    let tab = tabs[selectedTab]
    let column = tab.resultColumn(tab.grid.selected.column)
    guard column < tab.columnNames.count else { return [] }
    guard tab.pendingSort == nil else { return [.say("still sorting — wait a moment")] }
    var ascending = true
    if let sort = tab.sort, sort.column == column {
      if !sort.ascending {
        // Third press: back to the original order.
        if sort.index != nil {
          tabs[selectedTab].sortState = .unsorted
          return []
        }
        return Self.topIsSort(tab) ? pop() : []
      }
      ascending = false
    }
    let spilled = tab.result?.isSpilled == true
    if tab.isComplete, let result = tab.result, !spilled {
      let sorter = RowSorter(column: column, ascending: ascending, formatter: formatter)
      if tab.displayRowCount <= Self.inlineSortLimit {
        let index = sorter.order(of: result, rows: tab.displayRowCount) ?? []
        tabs[selectedTab].sortState = .sorted(
          ResultTab.SortOrder(column: column, ascending: ascending, index: index))
        return []
      }
      // Too many rows to sort between two frames: sort in the background, keep scrolling.
      tabs[selectedTab].sortState = .sorting(
        ResultTab.PendingSort(column: column, ascending: ascending), showing: tab.sort)
      return [
        .say("sorting \(Format.count(tab.displayRowCount)) rows…"),
        .effect(
          .sortRows(
            SortRequest(
              queryID: tab.queryID, sorter: sorter, result: result, rows: tab.displayRowCount))),
      ]
    }
    guard !tab.phase.isActive else { return [.say("wait for the query to finish to sort")] }
    // Not all rows are here, or they are too many to sort in memory: the server sorts the
    // whole relation.
    let run = push(
      .sort([SortKey(column: tab.columnNames[column], ascending: ascending)]),
      replacingTop: Self.topIsSort(tab),
      sort: .sorted(ResultTab.SortOrder(column: column, ascending: ascending, index: nil)),
      maxRows: tab.maxRows ?? maxRows)
    // Said after the run, which clears the status line.
    guard spilled else { return run }
    return run + [.say("sorting on the server: the result is larger than the memory budget")]
  }

  /// Whether the tab's top step is a sort (a new sort replaces it).
  static func topIsSort(_ tab: ResultTab) -> Bool {
    if case .sort? = tab.exploration?.steps.last { return true }
    return false
  }

  /// A background sort landed; applied only while the tab still waits for that one.
  mutating func rowsSorted(queryID: Int, column: Int, ascending: Bool, index: [Int]) -> Bool {
    withTab(queryID) { tab in
      guard tab.pendingSort == ResultTab.PendingSort(column: column, ascending: ascending)
      else { return }
      tab.sortState = .sorted(
        ResultTab.SortOrder(column: column, ascending: ascending, index: index))
    }
  }

  // MARK: - Search

  /// Sets the search text (from the `/` prompt) and finds its first match.
  mutating func search(for text: String, formatter: CellFormatter) -> [PaneRequest] {
    guard tabs.indices.contains(selectedTab) else { return [] }
    tabs[selectedTab].search = text
    return findNext(forward: true, formatter: formatter)
  }

  /// `n` / `N`: the next or previous cell whose text contains the search text. Large results
  /// are searched in the background (Esc stops it).
  mutating func findNext(forward: Bool, formatter: CellFormatter) -> [PaneRequest] {
    guard tabs.indices.contains(selectedTab), let needle = tabs[selectedTab].search,
      !needle.isEmpty
    else { return [.say("no search — press / to search")] }
    let tab = tabs[selectedTab]
    guard tab.searching == nil else { return [.say("still searching — Esc stops it")] }
    let request = SearchRequest(
      queryID: tab.queryID, needle: needle, start: tab.grid.selected, forward: forward,
      source: ResultGridSource(tab: tab, formatter: formatter))
    guard request.cells > 0 else { return [] }
    if request.cells <= SearchRequest.inlineCells {
      return show(request, match: request.run())
    }
    tabs[selectedTab].searching = request.pending
    tabs[selectedTab].searchedRows = 0
    return [
      .say("searching \(Format.count(request.source.rowCount)) rows… (Esc stops)"),
      .effect(.searchRows(request)),
    ]
  }

  /// A background search ended: its match is shown while the tab still waits for it (not
  /// after Esc stopped it, or another query replaced the rows).
  mutating func searchFinished(_ request: SearchRequest, match: GridPosition?) -> [PaneRequest] {
    guard let index = tabs.firstIndex(where: { $0.queryID == request.queryID }),
      tabs[index].searching == request.pending
    else { return [] }
    tabs[index].searching = nil
    tabs[index].searchedRows = nil
    return show(request, match: match)
  }

  /// A background search got `rows` rows far (shown in the count line).
  mutating func searchProgressed(queryID: Int, rows: Int) {
    withTab(queryID) { tab in
      if tab.searching != nil { tab.searchedRows = rows }
    }
  }

  /// Selects a search's match and says where it is, or that there is none.
  private mutating func show(_ request: SearchRequest, match: GridPosition?) -> [PaneRequest] {
    guard let index = tabs.firstIndex(where: { $0.queryID == request.queryID }) else { return [] }
    guard let match else {
      return [
        .say(
          "\"\(request.needle)\" not found in \(Format.count(request.source.rowCount)) loaded rows")
      ]
    }
    tabs[index].grid.select(
      match, rowCount: request.source.rowCount, columnCount: request.source.columnCount)
    return [.say("match at row \(match.row + 1)")]
  }

  /// Esc while a background search runs: stops it.
  mutating func cancelSearch() -> [Effect] {
    guard let index = tabs.indices.first(where: { tabs[$0].searching != nil }) else { return [] }
    tabs[index].searching = nil
    tabs[index].searchedRows = nil
    return [.cancelSearch(queryID: tabs[index].queryID)]
  }
}

extension ResultsPane {
  /// Selects row `row` of the shown tab (clamped), keeping the column: the benchmark probe's
  /// way to a row in the middle of a result (`flint fetch --render`).
  mutating func selectRow(_ row: Int, formatter: CellFormatter) {
    guard tabs.indices.contains(selectedTab) else { return }
    let source = ResultGridSource(tab: tabs[selectedTab], formatter: formatter)
    let column = tabs[selectedTab].grid.selected.column
    tabs[selectedTab].grid.select(
      GridPosition(row: row, column: column), rowCount: source.rowCount,
      columnCount: source.columnCount)
  }
}

extension AppState {
  /// Selects row `row` of the shown result (for the benchmark probe; no key does this).
  public mutating func selectRow(_ row: Int) {
    results.selectRow(row, formatter: formatter)
  }
}
