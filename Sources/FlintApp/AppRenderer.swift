import Foundation
import ResultModel
import SparkConnectClient
import TerminalUI

/// Draws an `AppState` into a fresh `ScreenBuffer`. Pure: the same state gives the same frame.
public enum AppRenderer {
  public static func render(_ state: AppState) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: state.size)
    guard buffer.width > 0, buffer.height > 0 else { return buffer }
    let layout = state.layout
    drawCatalog(state, layout.catalog, &buffer)
    drawEditor(state, layout.editor, &buffer)
    drawResults(state, layout.results, &buffer)
    drawStatus(state, layout.status, &buffer)
    drawConnectionBanner(state, &buffer)
    drawOverlay(state, &buffer)
    return buffer
  }

  /// A full-width line at the top while the connection is down: what happened and what the
  /// app does about it. Everything below keeps working; nothing typed or loaded is lost.
  static func drawConnectionBanner(_ state: AppState, _ buffer: inout ScreenBuffer) {
    let text: String
    switch state.connection {
    case .connected: return
    case .connecting(let attempt):
      guard attempt > 1 || state.wasConnected else { return }
      text = "⟳ reconnecting to Spark (attempt \(attempt))… your SQL and results are kept"
    case .failed(let message, let retrying):
      let head = state.wasConnected ? "✕ connection lost: " : "✕ cannot connect: "
      let tail = retrying ? " — retrying automatically" : " — F5 reconnects"
      text = head + message + tail
    }
    guard buffer.height >= 3 else { return }
    let row = Rect(x: 0, y: 0, width: buffer.width, height: 1)
    buffer.fill(row, style: state.theme.banner)
    buffer.put(" " + text, x: 0, y: 0, maxWidth: buffer.width, style: state.theme.banner)
  }

  static func frame(
    _ state: AppState, _ pane: Pane, _ rect: Rect, title: String, _ buffer: inout ScreenBuffer
  ) {
    let theme = state.theme
    guard rect.width >= 3, rect.height >= 3 else { return }
    let focused = state.focus == pane
    buffer.drawBorder(
      rect, border: .rounded, style: focused ? theme.focusedBorder : theme.border, title: title,
      titleStyle: focused ? theme.focusedBorder : theme.title)
  }

  // MARK: - Catalog

  static func drawCatalog(_ state: AppState, _ rect: Rect, _ buffer: inout ScreenBuffer) {
    let theme = state.theme
    guard !rect.isEmpty else { return }
    var title = "Catalog"
    if state.catalogFiltering || !state.tree.filter.isEmpty { title += " /" + state.tree.filter }
    frame(state, .catalog, rect, title: title, &buffer)
    let inner = Layout.inner(rect)
    if state.tree.roots.isEmpty {
      let text: String
      switch state.connection {
      case .connected: text = "loading…"
      case .connecting: text = "connecting…"
      case .failed: text = "not connected"
      }
      buffer.put(text, x: inner.x, y: inner.y, maxWidth: inner.width, style: theme.hint)
      return
    }
    var tree = state.tree
    tree.viewportHeight = max(1, inner.height)
    tree.render(in: inner, into: &buffer)
  }

  // MARK: - Editor

  static func drawEditor(_ state: AppState, _ rect: Rect, _ buffer: inout ScreenBuffer) {
    let theme = state.theme
    guard !rect.isEmpty else { return }
    var title = "SQL"
    if let index = state.historyIndex { title += " · history \(index + 1)/\(state.history.count)" }
    frame(state, .editor, rect, title: title, &buffer)
    let inner = Layout.inner(rect)
    state.editor.render(in: inner, into: &buffer)
    if state.editor.text.isEmpty && inner.width > 4 {
      buffer.put(
        "Type SQL; F5 runs the statement, Ctrl-R all, F1 help", x: inner.x + 2, y: inner.y,
        maxWidth: inner.width - 2, style: theme.hint)
    }
    if let mark = state.errorMark { underline(mark, state, inner, &buffer) }
  }

  /// Underlines buffer offsets `mark` where they are visible in the editor area.
  static func underline(
    _ mark: Range<Int>, _ state: AppState, _ area: Rect, _ buffer: inout ScreenBuffer
  ) {
    let theme = state.theme
    let editor = state.editor
    let gutter = min(String(editor.lines.count).count + 1, area.width)
    let textArea = area.inset(left: gutter)
    guard !textArea.isEmpty else { return }
    var top = editor.scrollTop
    if editor.cursor.line >= top + area.height { top = editor.cursor.line - area.height + 1 }
    if editor.cursor.line < top { top = editor.cursor.line }
    var left = editor.scrollLeft
    let cursorCell = cells(editor.lines[editor.cursor.line], upTo: editor.cursor.column)
    if cursorCell >= left + textArea.width { left = cursorCell - textArea.width + 1 }
    if cursorCell < left { left = cursorCell }
    let start = state.position(ofOffset: mark.lowerBound)
    let end = state.position(ofOffset: mark.upperBound)
    guard start.line < editor.lines.count else { return }
    for line in start.line...min(end.line, editor.lines.count - 1) {
      let row = line - top
      guard row >= 0, row < area.height else { continue }
      let chars = editor.lines[line]
      let from = line == start.line ? start.column : 0
      let to = line == end.line ? end.column : chars.count
      guard to > from || chars.isEmpty else { continue }
      let x0 = textArea.x + cells(chars, upTo: from) - left
      let x1 = textArea.x + cells(chars, upTo: max(from + 1, to)) - left
      let clipped = Rect(x: x0, y: area.y + row, width: x1 - x0, height: 1).intersection(textArea)
      buffer.patchStyle(theme.errorUnderline, in: clipped)
    }
  }

  static func cells(_ line: [Character], upTo column: Int) -> Int {
    var total = 0
    for character in line.prefix(max(0, column)) { total += DisplayWidth.of(character) }
    return total + max(0, column - line.count)
  }

  // MARK: - Results

  static func drawResults(_ state: AppState, _ rect: Rect, _ buffer: inout ScreenBuffer) {
    let theme = state.theme
    guard !rect.isEmpty else { return }
    frame(state, .results, rect, title: "Results", &buffer)
    let parts = Layout.resultParts(rect)
    guard let tab = state.currentTab else {
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
    var strip = TabStrip(titles: state.tabs.map { tabTitle($0) }, selectedIndex: state.selectedTab)
    strip.selectedStyle = Style(attributes: [.bold, .reverse])
    strip.render(in: parts.tabs, into: &buffer)
    if tab.phase == .failed, let error = tab.error {
      drawError(error, tab, parts.grid, theme, &buffer)
    } else if tab.schema == nil && tab.result == nil {
      let text = tab.phase.isActive ? "running…" : "(no result)"
      buffer.put(
        text, x: parts.grid.x + 1, y: parts.grid.y, maxWidth: parts.grid.width - 1,
        style: theme.hint)
    } else {
      var grid = tab.grid
      grid.viewport = parts.grid.size
      grid.nullStyle = theme.null
      grid.headerStyle = theme.gridHeader
      // The schema comes first: until a batch arrives, no rows means none yet.
      grid.emptyText = tab.phase.isActive ? "waiting for the first rows…" : "(no rows)"
      grid.render(
        in: parts.grid, into: &buffer, data: ResultGridSource(tab: tab, formatter: state.formatter))
    }
    drawInfo(state, tab, parts.info, &buffer)
  }

  static func tabTitle(_ tab: ResultTab) -> String {
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

  static func drawInfo(
    _ state: AppState, _ tab: ResultTab, _ area: Rect, _ buffer: inout ScreenBuffer
  ) {
    let theme = state.theme
    guard !area.isEmpty else { return }
    let elapsed = Format.seconds(tab.elapsed(now: state.now))
    let rows = Format.count(tab.displayRowCount)
    let bytes = Format.bytes(tab.result?.byteCount ?? 0)
    var text: String
    var style = theme.hint
    switch tab.phase {
    case .running:
      text = tab.cancelRequested ? "cancelling… \(elapsed)" : "running \(elapsed)"
    case .streaming:
      text = tab.cancelRequested ? "cancelling… " : ""
      text += "\(rows) rows · \(bytes) · \(elapsed)"
    case .finished:
      if let table = tab.previewOf {
        // Spark returns whichever partitions finish first: a sample, not the first rows.
        text =
          tab.moreOnServer
          ? "\(rows) rows of \(table) (any \(rows), not the first) — the table has more (m: load more) · \(elapsed)"
          : "\(rows) row\(tab.displayRowCount == 1 ? "" : "s") — all of \(table) · \(bytes) · \(elapsed)"
      } else if tab.moreOnServer {
        text =
          "≥ \(Format.count(tab.maxRows ?? 0)) rows — more on the server (m: load more) · \(elapsed)"
      } else {
        text = "\(rows) row\(tab.displayRowCount == 1 ? "" : "s") · \(bytes) · \(elapsed)"
      }
      if let first = tab.firstRowAfter { text += " · first row \(Format.seconds(first))" }
      style = .plain
    case .failed:
      text = "failed after \(elapsed)"
      style = theme.errorText
    case .cancelled:
      text = "cancelled after \(elapsed)"
      if tab.cancelConfirmed {
        text += " (interrupt confirmed)"
      } else if tab.cancelAnswered {
        text += " (server found nothing running)"
      } else if tab.cancelRequested {
        text += " (interrupt sent…)"
      }
      if tab.displayRowCount > 0 { text += " · \(rows) rows kept" }
      style = theme.statusBusy
    }
    if let info = tab.statementInfo { text = info + " · " + text }
    if let sorting = tab.sorting, sorting.column < tab.columnNames.count {
      text += " · sorting by \(tab.columnNames[sorting.column])…"
    } else if let sort = tab.sort, sort.column < tab.columnNames.count {
      text += " · sorted by \(tab.columnNames[sort.column]) \(sort.ascending ? "asc" : "desc")"
      text += sort.index == nil ? " (server)" : ""
    }
    if let reconnecting = tab.reconnecting {
      text = reconnecting
      style = theme.banner
    }
    buffer.fill(area)
    if tab.phase.isActive, let progress = tab.progress, area.width >= 40 {
      let label = taskLabel(progress, countingStages: true)
      let barWidth = min(area.width / 2, max(20, DisplayWidth.of(label) + 9))
      let parts = area.splitHorizontally([.min(1), .fixed(barWidth)])
      buffer.put(text, x: parts[0].x, y: parts[0].y, maxWidth: parts[0].width - 1, style: style)
      ProgressBar(fraction: progress.fraction, label: label).render(in: parts[1], into: &buffer)
    } else {
      buffer.put(text, x: area.x, y: area.y, maxWidth: area.width, style: style)
    }
  }

  /// "3/8 tasks · 2 stages · 5.0 MB read": the stage count only when asked for and above one,
  /// the bytes only when the server reported any (Spark counts them for some sources only,
  /// and "0 B read" while a table is being read would be wrong).
  static func taskLabel(_ progress: ExecutionProgress, countingStages: Bool) -> String {
    let (done, total) = progress.tasks
    var label = "\(done)/\(total) tasks"
    if countingStages && progress.stages.count > 1 {
      label += " · \(progress.stages.count) stages"
    }
    if progress.inputBytesRead > 0 {
      label += " · \(Format.bytes(Int(progress.inputBytesRead))) read"
    }
    return label
  }

  // MARK: - Status bar

  static func drawStatus(_ state: AppState, _ rect: Rect, _ buffer: inout ScreenBuffer) {
    let theme = state.theme
    guard !rect.isEmpty else { return }
    var left: [StatusItem] = []
    switch state.connection {
    case .connecting(let attempt):
      left.append(
        StatusItem(
          attempt > 1 ? "reconnecting… (\(attempt))" : "connecting…", style: theme.statusBusy))
    case .connected(let version):
      left.append(StatusItem("● Spark \(version)", style: theme.statusOK))
    case .failed(let message, let retrying):
      left.append(
        StatusItem("✕ " + message + (retrying ? " — retrying" : ""), style: theme.statusError))
    }
    left.append(StatusItem(state.focus.title + (state.zoomed ? " (zoomed)" : "")))
    if let message = state.message { left.append(StatusItem(message)) }
    var right: [StatusItem] = []
    if let tab = state.tabs.first(where: { $0.phase.isActive }) {
      right.append(
        StatusItem(
          "⟳ \(Format.count(tab.displayRowCount)) rows · \(Format.seconds(tab.elapsed(now: state.now)))",
          style: theme.statusBusy))
    }
    if let export = state.activeExport {
      right.append(
        StatusItem(
          "⇣ export \(Format.count(export.rows)) rows · \(Format.bytes(Int(export.bytes)))",
          style: theme.statusBusy))
    }
    right.append(StatusItem("F1 help · Ctrl-Q quit"))
    StatusBar(left: left, right: right, style: theme.statusBar).render(in: rect, into: &buffer)
  }

  // MARK: - Overlays

  static func drawOverlay(_ state: AppState, _ buffer: inout ScreenBuffer) {
    let theme = state.theme
    guard let overlay = state.overlay else { return }
    let screen = buffer.area
    switch overlay {
    case .help(let view):
      box(
        view, title: "Keys — \(state.focus.title) (Esc closes)", width: 96, height: 44, screen,
        theme, &buffer)
    case .inspector(let title, let view, _):
      box(
        view, title: title + " (y copy, Esc close)", width: 100, height: 40, screen, theme, &buffer)
    case .search(let prompt):
      prompt.render(in: screen, into: &buffer)
    case .export(let dialog):
      drawExportDialog(state, dialog, &buffer)
    case .completion(let completion):
      let inner = Layout.inner(state.layout.editor)
      let cursor = state.editor.cursor
      let gutter = String(state.editor.lines.count).count + 1
      let x =
        inner.x + gutter + max(0, cursor.column - completion.prefix.count - state.editor.scrollLeft)
      let y = inner.y + cursor.line - state.editor.scrollTop + 1
      let width = min(screen.width, (completion.candidates.map(\.count).max() ?? 4) + 2)
      let shown = min(8, completion.candidates.count)
      let top = max(0, min(completion.selected - shown + 1, completion.candidates.count - shown))
      let rect = Rect(
        x: min(x, max(0, screen.width - width)), y: min(y, max(0, screen.height - shown)),
        width: width, height: shown)
      buffer.fill(rect, style: Style(background: .indexed(236)))
      for row in 0..<shown {
        let index = top + row
        let style =
          index == completion.selected ? theme.selection : Style(background: .indexed(236))
        buffer.fill(Rect(x: rect.x, y: rect.y + row, width: rect.width, height: 1), style: style)
        buffer.put(
          completion.candidates[index], x: rect.x + 1, y: rect.y + row, maxWidth: rect.width - 1,
          style: style)
      }
    }
  }

  static func box(
    _ view: TextView, title: String, width: Int, height: Int, _ screen: Rect, _ theme: Theme,
    _ buffer: inout ScreenBuffer
  ) {
    let lines = view.displayLines(width: max(1, min(width, screen.width) - 4)).count
    let rect = screen.centered(
      width: min(width, screen.width - 2), height: min(height, lines + 2, screen.height - 2))
    guard !rect.isEmpty else { return }
    buffer.fill(rect)
    buffer.drawBorder(rect, border: .rounded, style: theme.overlayBorder, title: title)
    var view = view
    let inner = rect.inset(top: 1, left: 2, bottom: 1, right: 2)
    view.viewport = inner.size
    view.render(in: inner, into: &buffer)
  }
}

/// Number, byte and time text for the status lines.
public enum Format {
  /// 12345 → "12,345".
  public static func count(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return value < 0 ? "-" + out : out
  }

  /// Bytes as B / KB / MB / GB (1024-based, one decimal).
  public static func bytes(_ value: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var amount = Double(max(0, value))
    var unit = 0
    while amount >= 1024 && unit < units.count - 1 {
      amount /= 1024
      unit += 1
    }
    return unit == 0 ? "\(Int(amount)) B" : String(format: "%.1f %@", amount, units[unit])
  }

  /// Seconds as "0.42s", "12.3s", "2m 05s".
  public static func seconds(_ value: Double) -> String {
    let value = value.isFinite ? max(0, value) : 0
    if value < 10 { return String(format: "%.2fs", value) }
    if value < 60 { return String(format: "%.1fs", value) }
    let total = Int(value)
    return String(format: "%dm %02ds", total / 60, total % 60)
  }
}
