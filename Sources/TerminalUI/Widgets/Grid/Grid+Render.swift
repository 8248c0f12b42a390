extension Grid {
  /// Draws the header, row numbers and the visible cells of `data` into `area`.
  /// Numbers are right-aligned, NULLs use `nullStyle`, overflowing text ends in "…".
  public func render(in area: Rect, into buffer: inout ScreenBuffer, data: some GridDataSource) {
    guard !area.isEmpty else { return }
    buffer.fill(area)
    let rowCount = max(0, data.rowCount)
    let columnCount = max(0, data.columnCount)
    let layout = layout(in: area, rowCount: rowCount, columnCount: columnCount)
    let gutter = layout.gutter
    let bodyHeight = layout.bodyHeight
    let top = layout.topRow
    let columns = layout.columns
    if columnCount == 0 {
      buffer.put("(no columns)", x: area.x, y: area.y, maxWidth: area.width, style: rowNumberStyle)
      return
    }
    // Header.
    for col in columns {
      buffer.put(
        data.title(ofColumn: col.index), x: col.x, y: area.y, maxWidth: col.width,
        style: headerStyle)
      buffer.setStyle(headerStyle, in: Rect(x: col.x, y: area.y, width: col.width, height: 1))
      if col.x + col.width < area.maxX {
        buffer.set("│", x: col.x + col.width, y: area.y, style: separatorStyle)
      }
    }
    if gutter > 0 {
      buffer.put(
        "#", in: Rect(x: area.x, y: area.y, width: gutter - 1, height: 1), alignment: .right,
        style: headerStyle)
    }
    guard bodyHeight > 0 else { return }
    if rowCount == 0 {
      buffer.put(
        emptyText, x: area.x + gutter, y: area.y + 1, maxWidth: area.width - gutter,
        style: rowNumberStyle)
      return
    }
    let range = selectionRange
    for index in 0..<bodyHeight {
      let row = top + index
      guard row < rowCount else { break }
      let y = area.y + 1 + index
      if gutter > 0 {
        buffer.put(
          String(row + 1), in: Rect(x: area.x, y: y, width: gutter - 1, height: 1),
          alignment: .right,
          style: rowNumberStyle)
      }
      for col in columns {
        let cell = data.cell(row: row, column: col.index)
        var style: Style
        switch cell.kind {
        case .null: style = nullStyle
        case .text, .number: style = .plain
        }
        let isSelected = row == selected.row && col.index == selected.column
        let inRange = anchor != nil && range.rows.contains(row) && range.columns.contains(col.index)
        if isSelected {
          style = style.patched(with: selectedStyle)
        } else if inRange {
          style = style.patched(with: rangeStyle)
        }
        let cellRect = Rect(x: col.x, y: y, width: col.width, height: 1)
        if isSelected || inRange { buffer.fill(cellRect, style: style) }
        buffer.put(
          cell.text, in: cellRect, alignment: cell.kind == .number ? .right : .left, style: style)
        if col.x + col.width < area.maxX {
          buffer.set("│", x: col.x + col.width, y: y, style: separatorStyle)
        }
      }
    }
  }
}
