extension TextEditor {
  /// Draws the visible lines into `area`: highlighter styles, the selection, the optional
  /// line-number gutter, and (when focused) the terminal cursor. Reads state only.
  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    buffer.fill(area, style: textStyle)
    let layout = layout(in: area)
    let gutter = layout.textArea.x - area.x
    let textArea = layout.textArea
    let top = layout.topLine
    let left = layout.leftCell
    let cursorCell = TextEditor.displayColumn(of: cursor.column, in: lines[cursor.line])
    let selected = selection
    let gutterStyle = textStyle.adding(.dim)
    // The line highlighter's state where the first visible line starts.
    var lineState = 0
    if let lineHighlighter {
      for index in 0..<min(top, lines.count) {
        lineState = lineHighlighter(String(lines[index]), lineState).end
      }
    }
    for row in 0..<area.height {
      let lineIndex = top + row
      guard lineIndex < lines.count else { break }
      let y = area.y + row
      if gutter > 0 {
        let number = String(lineIndex + 1)
        buffer.put(
          number, in: Rect(x: area.x, y: y, width: gutter - 1, height: 1), alignment: .right,
          style: gutterStyle)
      }
      guard textArea.width > 0 else { continue }
      let line = lines[lineIndex]
      let spans: [StyleSpan]
      if let lineHighlighter {
        let highlighted = lineHighlighter(String(line), lineState)
        spans = highlighted.spans
        lineState = highlighted.end
      } else {
        spans = highlighter?(String(line)) ?? []
      }
      var cell = 0
      for (column, character) in line.enumerated() {
        let w = DisplayWidth.of(character)
        if w == 0 { continue }
        defer { cell += w }
        if cell + w <= left { continue }
        let x = textArea.x + cell - left
        if x >= textArea.maxX { break }
        var style = textStyle
        for span in spans where span.range.contains(column) {
          style = style.patched(with: span.style)
        }
        if let selected, selected.contains(TextPosition(line: lineIndex, column: column)) {
          style = style.patched(with: selectionStyle)
        }
        if cell < left {  // wide grapheme cut by the left edge
          buffer.set(" ", x: textArea.x, y: y, style: style)
          continue
        }
        if x + w > textArea.maxX {
          buffer.set(" ", x: x, y: y, style: style)
          break
        }
        buffer.set(character, x: x, y: y, style: style)
      }
      // Show a selected line break as one reversed cell.
      if let selected, lineIndex < selected.upperBound.line,
        selected.contains(TextPosition(line: lineIndex, column: line.count))
      {
        let x = textArea.x + cell - left
        if x >= textArea.x && x < textArea.maxX {
          buffer.patchStyle(selectionStyle, in: Rect(x: x, y: y, width: 1, height: 1))
        }
      }
    }
    if isFocused, textArea.width > 0 {
      let x = textArea.x + cursorCell - left
      let y = area.y + cursor.line - top
      if textArea.contains(Point(x: x, y: y)) { buffer.cursor = Point(x: x, y: y) }
    }
  }
}
