import SparkConnectClient
import TerminalUI

extension AppRenderer {
  /// Where the plan overlay goes: the whole screen above the status bar (plans are wide and
  /// long).
  static func planRect(in screen: Rect) -> Rect {
    Rect(x: screen.x, y: screen.y, width: screen.width, height: max(0, screen.height - 1))
  }

  /// Clears the full-screen overlay box (`planRect`) and draws its border with `title`;
  /// returns the inside, nil when the screen is too small for it.
  static func drawFullScreenBox(title: String, _ theme: Theme, _ buffer: inout ScreenBuffer)
    -> Rect?
  {
    let rect = planRect(in: buffer.area)
    guard rect.width >= 10, rect.height >= 3 else { return nil }
    buffer.fill(rect)
    buffer.drawBorder(rect, border: .rounded, style: theme.overlayBorder, title: title)
    let inner = rect.inset(top: 1, left: 2, bottom: 1, right: 2)
    return inner.isEmpty ? nil : inner
  }

  /// The plan overlay: a bordered box with the plan's lines from `topLine`, operator names
  /// and headers in the theme's styles, heavy operators marked; while loading or failed, what
  /// is going on.
  static func drawPlan(_ view: PlanView, _ state: AppState, _ buffer: inout ScreenBuffer) {
    let theme = state.theme
    guard let inner = drawFullScreenBox(title: view.title, theme, &buffer) else { return }
    switch view.phase {
    case .loading:
      buffer.put("asking Spark…", x: inner.x, y: inner.y, maxWidth: inner.width, style: theme.hint)
    case .failed(let error):
      var sql = ""
      if case .explain(_, .sql(let text), _, _) = view.content { sql = text }
      var lines: [(String, Style)] = [
        (
          "✕ " + (error.errorClass ?? "ERROR") + (error.sqlState.map { "  SQLSTATE " + $0 } ?? ""),
          theme.errorText
        )
      ]
      lines += TextWrap.lines(error.headline, width: max(1, inner.width)).map { ($0, Style.plain) }
      if let caret = error.caretDisplay(sql: sql) {
        lines.append(("", .plain))
        lines += caret.split(separator: "\n", omittingEmptySubsequences: false).map {
          (String($0), theme.hint)
        }
      }
      for (row, line) in lines.prefix(inner.height).enumerated() {
        buffer.put(line.0, x: inner.x, y: inner.y + row, maxWidth: inner.width, style: line.1)
      }
    case .shown:
      for row in 0..<inner.height {
        let index = view.topLine + row
        guard index < view.lines.count else { break }
        drawPlanLine(
          view.lines[index], x: inner.x, y: inner.y + row, width: inner.width, theme, &buffer)
      }
      if view.lines.count > inner.height {
        let shown =
          "\(view.topLine + 1)–\(min(view.lines.count, view.topLine + inner.height)) of \(view.lines.count)"
        buffer.put(
          // On the bottom border (2 right of the inside, 1 below it).
          " \(shown) ", x: inner.maxX - DisplayWidth.of(shown) - 2, y: inner.maxY,
          maxWidth: DisplayWidth.of(shown) + 2, style: theme.hint)
      }
    }
  }

  /// One plan line: `== Section ==` headers as titles, the operator name highlighted, a heavy
  /// operator's `[N% of time]` marked.
  static func drawPlanLine(
    _ line: String, x: Int, y: Int, width: Int, _ theme: Theme, _ buffer: inout ScreenBuffer
  ) {
    if line.hasPrefix("==") || line.hasPrefix("Look first:") {
      buffer.put(line, x: x, y: y, maxWidth: width, style: theme.title)
      return
    }
    buffer.put(line, x: x, y: y, maxWidth: width)
    let characters = Array(line)
    func mark(_ range: Range<Int>, _ style: Style) {
      let start = DisplayWidth.of(String(characters[..<range.lowerBound]))
      let length = DisplayWidth.of(String(characters[range]))
      let clipped = Rect(x: x + start, y: y, width: length, height: 1)
        .intersection(Rect(x: x, y: y, width: width, height: 1))
      if !clipped.isEmpty { buffer.patchStyle(style, in: clipped) }
    }
    if let range = PlanView.operatorRange(in: line) { mark(range, theme.keyword) }
    if let open = line.range(of: "["), let close = line.range(of: "% of time]") {
      let start = line.distance(from: line.startIndex, to: open.lowerBound)
      let end = line.distance(from: line.startIndex, to: close.upperBound)
      if start < end { mark(start..<end, theme.errorText) }
    }
  }
}
