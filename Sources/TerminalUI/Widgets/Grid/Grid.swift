/// A spreadsheet-like view over a `GridDataSource`: frozen header, optional row numbers,
/// per-column widths, horizontal (by column) and vertical scrolling, a selected cell and a
/// rectangular range selection.
///
/// Drawing asks the data source only for the visible cells, so the cost of a frame does not
/// depend on `rowCount`. Set `viewport` to the size the grid is drawn at before handling keys.
public struct Grid: Sendable {
  /// The selected cell (0-based row and column).
  public private(set) var selected = GridPosition(row: 0, column: 0)
  /// The other corner of a range selection; nil when only one cell is selected.
  public private(set) var anchor: GridPosition?
  /// First visible data row.
  public private(set) var topRow = 0
  /// First visible column.
  public private(set) var leftColumn = 0
  /// Widths (display cells) of columns; missing entries use `defaultColumnWidth`.
  public var columnWidths: [Int] = []
  public var defaultColumnWidth = 12
  public var showsRowNumbers = true
  /// Size the grid is drawn at (header and row numbers included).
  public var viewport = Size(width: 80, height: 24)
  public var headerStyle = Style(attributes: [.bold, .underline])
  public var rowNumberStyle = Style(attributes: .dim)
  public var nullStyle = Style(foreground: .brightBlack, attributes: .italic)
  public var separatorStyle = Style(attributes: .dim)
  public var selectedStyle = Style(attributes: .reverse)
  public var rangeStyle = Style(background: .indexed(238))
  /// What the body says when there are columns but no rows.
  public var emptyText = "(no rows)"

  public init() {}

  /// The selected rectangle (inclusive rows and columns).
  public var selectionRange: (rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
    let other = anchor ?? selected
    return (
      min(selected.row, other.row)...max(selected.row, other.row),
      min(selected.column, other.column)...max(selected.column, other.column)
    )
  }

  /// Width of column `column` in display cells (at least 1).
  public func width(ofColumn column: Int) -> Int {
    max(1, column < columnWidths.count ? columnWidths[column] : defaultColumnWidth)
  }

  /// Row-number gutter width for `rowCount` rows (digits + 1 separator cell), 0 when hidden.
  public func gutterWidth(rowCount: Int) -> Int {
    showsRowNumbers ? max(3, String(max(rowCount, 1)).count) + 1 : 0
  }

  // MARK: - Movement

  /// Selects a cell (clamped to the data), optionally extending the range selection.
  public mutating func select(
    _ position: GridPosition, rowCount: Int, columnCount: Int, extend: Bool = false
  ) {
    if extend {
      if anchor == nil { anchor = selected }
    } else {
      anchor = nil
    }
    selected = GridPosition(
      row: min(max(0, position.row), max(0, rowCount - 1)),
      column: min(max(0, position.column), max(0, columnCount - 1)))
    reveal(rowCount: rowCount, columnCount: columnCount)
  }

  /// Applies one key over `data`. Bindings: arrows move (Shift extends the range),
  /// PageUp/PageDown by a screen, Home/End first/last column (Ctrl: first/last row),
  /// Tab/BackTab next/previous column. Returns false for keys it does not use.
  @discardableResult
  public mutating func handle(_ event: KeyEvent, data: some GridDataSource) -> Bool {
    let rows = data.rowCount
    let columns = data.columnCount
    let shift = event.modifiers.contains(.shift)
    let page = max(1, viewport.height - 2)
    var target = selected
    switch event.key {
    case .up: target.row -= 1
    case .down: target.row += 1
    case .left: target.column -= 1
    case .right: target.column += 1
    case .tab: target.column += 1
    case .backTab: target.column -= 1
    case .pageUp: target.row -= page
    case .pageDown: target.row += page
    case .home:
      if event.modifiers.contains(.control) { target.row = 0 } else { target.column = 0 }
    case .end:
      if event.modifiers.contains(.control) {
        target.row = rows - 1
      } else {
        target.column = columns - 1
      }
    default:
      return false
    }
    select(target, rowCount: rows, columnCount: columns, extend: shift)
    return true
  }

  /// Scrolls so the selected cell is visible in `viewport`.
  mutating func reveal(rowCount: Int, columnCount: Int) {
    let bodyHeight = max(1, viewport.height - 1)
    if selected.row < topRow { topRow = selected.row }
    if selected.row >= topRow + bodyHeight { topRow = selected.row - bodyHeight + 1 }
    topRow = max(0, min(topRow, max(0, rowCount - 1)))
    leftColumn = firstColumn(
      showing: selected.column, from: leftColumn,
      width: viewport.width - gutterWidth(rowCount: rowCount))
  }

  /// The left-most column such that `column` is fully visible, starting from `current`.
  func firstColumn(showing column: Int, from current: Int, width: Int) -> Int {
    if column < current { return max(0, column) }
    var left = current
    while left < column {
      // Columns left..column plus one separator each must fit.
      var used = 0
      for c in left...column { used += self.width(ofColumn: c) + 1 }
      if used <= width + 1 { break }
      left += 1
    }
    return left
  }
}
