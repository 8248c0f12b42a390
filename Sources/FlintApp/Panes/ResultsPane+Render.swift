import ResultModel
import SparkConnectClient
import TerminalUI

extension ResultsPane {
  /// Draws the tabs, the shown tab's grid (or its error) and its count line inside the border
  /// of the pane at `rect`.
  func render(
    in rect: Rect, now: Double, formatter: CellFormatter, theme: Theme,
    into buffer: inout ScreenBuffer
  ) {
    let parts = Layout.resultParts(rect)
    guard let tab = current else {
      let lines = [
        "No results yet.", "",
        "F5 / Ctrl-Enter  run the statement under the cursor",
        "Ctrl-R           run the whole buffer",
        "Tab              next pane · F1 help · Ctrl-Q quit",
      ]
      for (index, line) in lines.enumerated() where index < parts.grid.height {
        buffer.put(
          line, x: parts.grid.x + 1, y: parts.grid.y + index, maxWidth: parts.grid.width - 1,
          style: theme.hint)
      }
      return
    }
    var strip = TabStrip(titles: tabs.map(Self.title), selectedIndex: selectedTab)
    strip.selectedStyle = theme.cursor
    strip.render(in: parts.tabs, into: &buffer)
    // The breadcrumb takes the top line; while the query runs, Spark's stages the bottom.
    Self.drawBreadcrumb(tab, theme: theme, parts.grid, &buffer)
    let body = Self.bodyArea(tab, in: parts.grid)
    let above = gridArea(in: parts.grid)
    if tab.phase == .failed, let error = tab.error {
      Self.drawError(error, tab, body, theme, &buffer)
    } else if tab.schema == nil && tab.result == nil {
      let text = tab.phase.isActive ? "running…" : "(no result)"
      buffer.put(
        text, x: body.x + 1, y: body.y, maxWidth: body.width - 1, style: theme.hint)
    } else {
      var grid = tab.grid
      grid.viewport = above.size
      grid.nullStyle = theme.null
      grid.headerStyle = theme.gridHeader
      grid.rowNumberStyle = theme.rowNumber
      grid.selectedStyle = theme.cursor
      grid.rangeStyle = theme.selection
      grid.separatorStyle = theme.border
      // The schema comes first: until a batch arrives, no rows means none yet.
      grid.emptyText = tab.phase.isActive ? "waiting for the first rows…" : "(no rows)"
      grid.render(
        in: above, into: &buffer, data: ResultGridSource(tab: tab, formatter: formatter))
    }
    Self.drawStages(
      tab, now: now, theme: theme,
      Rect(x: body.x, y: above.maxY, width: body.width, height: body.height - above.height),
      &buffer)
    Self.drawInfo(tab, now: now, theme: theme, parts.info, &buffer)
  }

  /// A tab's title with a mark for how its query stands.
  static func title(_ tab: ResultTab) -> String {
    let mark: String
    switch tab.phase {
    case .running, .streaming: mark = "⟳ "
    case .failed: mark = "✕ "
    case .cancelled: mark = "⊘ "
    case .finished: mark = ""
    }
    return mark + tab.title
  }

  static func drawError(
    _ error: SparkError, _ tab: ResultTab, _ area: Rect, _ theme: Theme,
    _ buffer: inout ScreenBuffer
  ) {
    guard !area.isEmpty else { return }
    var lines: [(String, Style)] = []
    var head = "✕ " + (error.errorClass ?? "ERROR")
    if let state = error.sqlState { head += "  SQLSTATE " + state }
    if error.kind == .connection { head = "✕ connection lost" }
    lines.append((head, theme.errorText))
    for line in TextWrap.lines(error.headline, width: max(1, area.width - 1)) {
      lines.append((line, .plain))
    }
    if let caret = error.caretDisplay(sql: tab.sql) {
      lines.append(("", .plain))
      for line in caret.split(separator: "\n", omittingEmptySubsequences: false) {
        lines.append((String(line), theme.hint))
      }
    }
    for (index, line) in lines.enumerated() where index < area.height {
      buffer.put(line.0, x: area.x + 1, y: area.y + index, maxWidth: area.width - 1, style: line.1)
    }
  }
}
