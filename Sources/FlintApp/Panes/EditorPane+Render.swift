import TerminalUI

extension EditorPane {
  /// The pane's title: "SQL", and where in the history the text comes from.
  var title: String {
    guard let browse else { return "SQL" }
    return "SQL · history \(browse.index + 1)/\(history.count)"
  }

  /// Draws the text inside the pane's border, a hint when it is empty, and the error
  /// underline where the editor draws the failing fragment.
  func render(in inner: Rect, theme: Theme, into buffer: inout ScreenBuffer) {
    editor.render(in: inner, into: &buffer)
    if editor.text.isEmpty && inner.width > 4 {
      buffer.put(
        "Type SQL; F5 runs the statement, Ctrl-R all, F1 help", x: inner.x + 2, y: inner.y,
        maxWidth: inner.width - 2, style: theme.hint)
    }
    guard let mark = errorMark else { return }
    let start = position(ofOffset: mark.lowerBound)
    let end = position(ofOffset: mark.upperBound)
    for rect in editor.rects(from: start, to: end, in: inner) {
      buffer.patchStyle(theme.errorUnderline, in: rect)
    }
  }

  /// Where the completion popup opens: under the start of the word being completed.
  func completionAnchor(prefixLength: Int, in inner: Rect) -> Point? {
    let cursor = editor.cursor
    let start = TextPosition(line: cursor.line, column: max(0, cursor.column - prefixLength))
    return editor.screenPoint(of: start, in: inner).map { Point(x: $0.x, y: $0.y + 1) }
  }
}
