/// Where a grid draws its parts in one frame: the scroll position clamped to the area it is
/// drawn in, the row-number gutter and each visible column. Drawing, hit testing and "where
/// is this cell" all come from here, so a click selects the cell that was drawn there.
public struct GridLayout: Sendable, Equatable {
  /// One visible column: its data index, its left edge and its width in display cells (the
  /// last one may be cut by the area's right edge).
  public struct Column: Sendable, Equatable {
    public var index: Int
    public var x: Int
    public var width: Int
  }

  /// The area the grid is drawn in (the header is its first line).
  public var area: Rect
  /// First data row drawn (0-based), after clamping to the data and the selection.
  public var topRow: Int
  /// Rows of data that fit under the header.
  public var bodyHeight: Int
  /// Width of the row-number gutter in display cells.
  public var gutter: Int
  public var columns: [Column]
  public var rowCount: Int

  /// The data cell drawn at `point`, or nil for the header, the gutter, separators' right of
  /// the last column, or past the last row.
  public func position(at point: Point) -> GridPosition? {
    guard area.contains(point), point.y > area.y else { return nil }
    let row = topRow + point.y - area.y - 1
    guard row < rowCount, row < topRow + bodyHeight else { return nil }
    // A click on the separator after a column belongs to that column.
    guard let column = columns.first(where: { point.x >= $0.x && point.x <= $0.x + $0.width })
    else { return nil }
    return GridPosition(row: row, column: column.index)
  }

  /// Where the cell at `position` is drawn, or nil when it is scrolled out of view.
  public func rect(of position: GridPosition) -> Rect? {
    guard position.row >= topRow, position.row < min(rowCount, topRow + bodyHeight),
      let column = columns.first(where: { $0.index == position.column })
    else { return nil }
    return Rect(x: column.x, y: area.y + 1 + position.row - topRow, width: column.width, height: 1)
  }
}

extension Grid {
  /// The layout of a frame drawn in `area` over `rowCount` × `columnCount` cells.
  public func layout(in area: Rect, rowCount: Int, columnCount: Int) -> GridLayout {
    let rowCount = max(0, rowCount)
    let columnCount = max(0, columnCount)
    let gutter = min(gutterWidth(rowCount: rowCount), max(0, area.width))
    let bodyHeight = max(0, area.height - 1)
    // Clamp scroll positions to this area (the viewport may be stale).
    var top = min(topRow, max(0, rowCount - 1))
    if bodyHeight > 0 {
      if selected.row >= top + bodyHeight { top = selected.row - bodyHeight + 1 }
      if selected.row < top { top = selected.row }
    }
    top = max(0, top)
    let left =
      columnCount == 0
      ? 0
      : firstColumn(
        showing: min(selected.column, columnCount - 1), from: leftColumn, width: area.width - gutter
      )
    var columns: [GridLayout.Column] = []
    var x = area.x + gutter
    var column = left
    while column < columnCount && x < area.maxX {
      let width = min(width(ofColumn: column), area.maxX - x)
      columns.append(GridLayout.Column(index: column, x: x, width: width))
      x += width + 1
      column += 1
    }
    return GridLayout(
      area: area, topRow: top, bodyHeight: bodyHeight, gutter: gutter, columns: columns,
      rowCount: rowCount)
  }
}
