import ResultModel
import SparkConnectClient
import TerminalUI

/// Column arrangement, the inspector and copying: what the grid's keys do to one tab.
extension ResultsPane {
  // MARK: - Columns

  /// `<` / `>`: the selected column's width by `step` display cells (1 to 200).
  mutating func resizeSelectedColumn(by step: Int) {
    let column = tabs[selectedTab].grid.selected.column
    var widths = tabs[selectedTab].grid.columnWidths
    while widths.count <= column { widths.append(tabs[selectedTab].grid.defaultColumnWidth) }
    widths[column] = max(1, min(200, widths[column] + step))
    tabs[selectedTab].grid.columnWidths = widths
  }

  /// `H` / `L`: swaps the selected column with its shown neighbour; the selection follows it.
  mutating func moveSelectedColumn(by step: Int, formatter: CellFormatter) -> [PaneRequest] {
    let tab = tabs[selectedTab]
    let shown = tab.displayColumns
    let from = tab.grid.selected.column
    let to = from + step
    guard shown.indices.contains(from), shown.indices.contains(to) else { return [] }
    var layout = tab.effectiveColumnLayout
    guard let a = layout.order.firstIndex(of: shown[from]),
      let b = layout.order.firstIndex(of: shown[to])
    else { return [] }
    layout.order.swapAt(a, b)
    rearrangeColumns(layout, selecting: shown[from], formatter: formatter)
    return []
  }

  /// `-`: hides the selected column (never the last one shown); the selection moves to its
  /// right-hand neighbour (the left one at the end).
  mutating func hideSelectedColumn(formatter: CellFormatter) -> [PaneRequest] {
    let tab = tabs[selectedTab]
    let shown = tab.displayColumns
    let column = tab.grid.selected.column
    guard shown.indices.contains(column) else { return [] }
    guard shown.count > 1 else { return [.say("the last column stays shown")] }
    var layout = tab.effectiveColumnLayout
    layout.hidden.insert(shown[column])
    rearrangeColumns(
      layout, selecting: column + 1 < shown.count ? shown[column + 1] : shown[column - 1],
      formatter: formatter)
    let hidden = layout.hidden.count
    return [
      .say(
        "hid \(tab.columnNames[shown[column]]) · \(hidden) hidden column\(hidden == 1 ? "" : "s")"
          + " · + shows them")
    ]
  }

  /// `+`: shows every hidden column again, where the order puts it.
  mutating func showAllColumns(formatter: CellFormatter) -> [PaneRequest] {
    let tab = tabs[selectedTab]
    var layout = tab.effectiveColumnLayout
    guard !layout.hidden.isEmpty else { return [.say("no hidden columns")] }
    layout.hidden = []
    rearrangeColumns(
      layout, selecting: tab.resultColumn(tab.grid.selected.column), formatter: formatter)
    return [.say("all \(tab.columnNames.count) columns shown")]
  }

  /// Applies `layout` to the selected tab, carrying each shown column's width along with it
  /// (a column shown again gets its suggested width), and selects source column `selected`
  /// in the same row.
  private mutating func rearrangeColumns(
    _ layout: ResultTab.ColumnLayout, selecting selected: Int, formatter: CellFormatter
  ) {
    var tab = tabs[selectedTab]
    var widthBySource: [Int: Int] = [:]
    for (display, column) in tab.displayColumns.enumerated() {
      widthBySource[column] = tab.grid.width(ofColumn: display)
    }
    tab.columnLayout = layout
    let source = ResultGridSource(tab: tab, formatter: formatter)
    var suggested: [Int]?  // sampled only when a column comes back
    var widths: [Int] = []
    for (display, column) in tab.displayColumns.enumerated() {
      if let width = widthBySource[column] {
        widths.append(width)
      } else {
        if suggested == nil { suggested = source.suggestedWidths() }
        widths.append(suggested?[display] ?? tab.grid.defaultColumnWidth)
      }
    }
    tab.grid.columnWidths = widths
    tab.grid.select(
      GridPosition(row: tab.grid.selected.row, column: tab.displayColumn(ofSource: selected) ?? 0),
      rowCount: source.rowCount, columnCount: source.columnCount)
    tabs[selectedTab] = tab
  }

  // MARK: - Inspector and copy

  /// Enter: the selected cell's whole value in the inspector (JSON and nested values
  /// pretty-printed).
  func inspect(formatter: CellFormatter) -> [PaneRequest] {
    let tab = tabs[selectedTab]
    let source = ResultGridSource(tab: tab, formatter: formatter)
    let position = tab.grid.selected
    guard position.row < source.rowCount, position.column < source.columnCount else { return [] }
    let column = tab.resultColumn(position.column)
    let type =
      tab.schema.map { column < $0.fields.count ? $0.fields[column].type.description : "" } ?? ""
    let title = "\(tab.columnNames[column]) \(type) · row \(position.row + 1)"
    guard let text = source.fullText(row: position.row, column: position.column) else {
      return [.openOverlay(.inspector(title: title, TextView(text: "NULL"), copyText: "NULL"))]
    }
    var body = text
    if let pretty = ValuePrinter.prettyJSON(text) {
      body = pretty
    } else if let result = tab.result,
      let (values, inner) = result.cell(row: tab.resultRow(position.row), column: column)
    {
      switch values.type {
      case .list, .largeList, .fixedSizeList, .struct, .map:
        body = text + "\n\n" + ValuePrinter.pretty(values.value(at: inner))
      default: break
      }
    }
    return [.openOverlay(.inspector(title: title, TextView(text: body), copyText: text))]
  }

  /// `y`: the selected cell, or the range as tab-separated lines.
  func copySelection(formatter: CellFormatter) -> [PaneRequest] {
    let tab = tabs[selectedTab]
    let source = ResultGridSource(tab: tab, formatter: formatter)
    let range = tab.grid.selectionRange
    guard source.rowCount > 0, source.columnCount > 0 else { return [] }
    let rows = range.rows.clamped(to: 0...(source.rowCount - 1))
    let columns = range.columns.clamped(to: 0...(source.columnCount - 1))
    let text = rows.map { row in
      columns.map { source.fullText(row: row, column: $0) ?? "NULL" }.joined(separator: "\t")
    }.joined(separator: "\n")
    let what =
      rows.count * columns.count == 1
      ? "copied cell" : "copied \(rows.count)×\(columns.count) cells"
    return [.effect(.copyToClipboard(text)), .say(what)]
  }

  /// `Y`: the selected row, tab-separated.
  func copyRow(formatter: CellFormatter) -> [PaneRequest] {
    let tab = tabs[selectedTab]
    let source = ResultGridSource(tab: tab, formatter: formatter)
    let row = tab.grid.selected.row
    guard row < source.rowCount else { return [] }
    let text = (0..<source.columnCount).map { source.fullText(row: row, column: $0) ?? "NULL" }
      .joined(separator: "\t")
    return [.effect(.copyToClipboard(text)), .say("copied row \(row + 1)")]
  }
}
