/// Where an editor draws its text in one frame: the line-number gutter, the text area and the
/// scroll position clamped so the cursor is visible in the area it is drawn in. Drawing, the
/// cursor, an error underline and a popup at a word all come from here.
public struct EditorLayout: Sendable, Equatable {
  /// The whole area (gutter included).
  public var area: Rect
  /// The area right of the gutter where text goes.
  public var textArea: Rect
  /// First line drawn (0-based).
  public var topLine: Int
  /// First display cell drawn of every line.
  public var leftCell: Int
}

extension TextEditor {
  /// The layout of a frame drawn in `area`.
  public func layout(in area: Rect) -> EditorLayout {
    let gutter = min(gutterWidth, max(0, area.width))
    let textArea = area.inset(left: gutter)
    // Keep the cursor visible even if the viewport was not updated for this area.
    var top = scrollTop
    if cursor.line >= top + area.height { top = cursor.line - area.height + 1 }
    if cursor.line < top { top = cursor.line }
    var left = scrollLeft
    let cursorCell = TextEditor.displayColumn(of: cursor.column, in: lines[cursor.line])
    if textArea.width > 0 {
      if cursorCell >= left + textArea.width { left = cursorCell - textArea.width + 1 }
      if cursorCell < left { left = cursorCell }
    }
    return EditorLayout(area: area, textArea: textArea, topLine: max(0, top), leftCell: left)
  }

  /// Where the text position `position` is drawn in `area` (the cell its grapheme starts in),
  /// or nil when it is scrolled out of view.
  public func screenPoint(of position: TextPosition, in area: Rect) -> Point? {
    let layout = layout(in: area)
    guard position.line >= 0, position.line < lines.count else { return nil }
    let line = lines[position.line]
    let cell =
      TextEditor.displayColumn(of: min(position.column, line.count), in: line)
      + max(0, position.column - line.count)
    let point = Point(
      x: layout.textArea.x + cell - layout.leftCell, y: area.y + position.line - layout.topLine)
    return layout.textArea.contains(point) ? point : nil
  }

  /// The screen cells that show the text from `start` up to (not including) `end`, one
  /// rectangle per visible line, clipped to the text area. An empty range on a line still
  /// marks one cell, so an error at the end of a line is visible.
  public func rects(from start: TextPosition, to end: TextPosition, in area: Rect) -> [Rect] {
    let layout = layout(in: area)
    guard !layout.textArea.isEmpty, start.line < lines.count, start <= end else { return [] }
    var rects: [Rect] = []
    for lineIndex in start.line...min(end.line, lines.count - 1) {
      let row = lineIndex - layout.topLine
      guard row >= 0, row < area.height else { continue }
      let line = lines[lineIndex]
      let from = lineIndex == start.line ? start.column : 0
      let to = lineIndex == end.line ? end.column : line.count
      guard to > from || line.isEmpty else { continue }
      func cell(_ column: Int) -> Int {
        TextEditor.displayColumn(of: min(column, line.count), in: line)
          + max(0, column - line.count)
      }
      let x0 = layout.textArea.x + cell(from) - layout.leftCell
      let x1 = layout.textArea.x + cell(max(from + 1, to)) - layout.leftCell
      let rect = Rect(x: x0, y: area.y + row, width: x1 - x0, height: 1)
        .intersection(layout.textArea)
      if !rect.isEmpty { rects.append(rect) }
    }
    return rects
  }
}
