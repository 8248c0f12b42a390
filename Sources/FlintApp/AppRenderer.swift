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
      guard attempt > 1 || state.serverVersion != nil else { return }
      text = "⟳ reconnecting to Spark (attempt \(attempt))… your SQL and results are kept"
    case .failed(let message, let retrying):
      let head = state.serverVersion != nil ? "✕ connection lost: " : "✕ cannot connect: "
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

  // MARK: - Panes

  static func drawCatalog(_ state: AppState, _ rect: Rect, _ buffer: inout ScreenBuffer) {
    guard !rect.isEmpty else { return }
    frame(state, .catalog, rect, title: state.catalog.title, &buffer)
    let placeholder: String
    switch state.connection {
    case .connected: placeholder = "loading…"
    case .connecting: placeholder = "connecting…"
    case .failed: placeholder = "not connected"
    }
    state.catalog.render(
      in: Layout.inner(rect), placeholder: placeholder, theme: state.theme, into: &buffer)
  }

  static func drawEditor(_ state: AppState, _ rect: Rect, _ buffer: inout ScreenBuffer) {
    guard !rect.isEmpty else { return }
    frame(state, .editor, rect, title: state.editorPane.title, &buffer)
    state.editorPane.render(in: Layout.inner(rect), theme: state.theme, into: &buffer)
  }

  static func drawResults(_ state: AppState, _ rect: Rect, _ buffer: inout ScreenBuffer) {
    guard !rect.isEmpty else { return }
    frame(state, .results, rect, title: "Results", &buffer)
    state.results.render(
      in: rect, now: state.now, formatter: state.formatter, theme: state.theme,
      into: &buffer)
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
      let session = state.sessionNumber > 1 ? " · session \(state.sessionNumber)" : ""
      left.append(StatusItem("● Spark \(version)" + session, style: theme.statusOK))
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
    case .search(var prompt):
      prompt.borderStyle = theme.overlayBorder
      prompt.render(in: screen, into: &buffer)
    case .export(let dialog):
      drawExportDialog(state, dialog, &buffer)
    case .completion(let completion):
      drawCompletion(completion, state, &buffer)
    case .plan(let view):
      drawPlan(view, state, &buffer)
    case .profile(let view):
      drawProfile(view, state, &buffer)
    case .parameters(let form):
      drawParameterForm(form, state, &buffer)
    case .step(let step):
      var prompt = step.prompt
      prompt.borderStyle = theme.overlayBorder
      prompt.preferredWidth = StepPrompt.width
      if step.error != nil { prompt.hintStyle = theme.errorText }
      prompt.render(in: screen, into: &buffer)
    }
  }

  /// The completion popup, under the start of the word being completed (where the editor
  /// draws it), kept on screen.
  static func drawCompletion(
    _ completion: Completion, _ state: AppState, _ buffer: inout ScreenBuffer
  ) {
    let theme = state.theme
    let screen = buffer.area
    let inner = Layout.inner(state.layout.editor)
    let anchor =
      state.editorPane.completionAnchor(prefixLength: completion.typed.count, in: inner)
      ?? Point(x: inner.x, y: inner.y)
    let width = min(screen.width, (completion.candidates.map(\.count).max() ?? 4) + 2)
    let shown = min(8, completion.candidates.count)
    let top = max(0, min(completion.selected - shown + 1, completion.candidates.count - shown))
    let rect = Rect(
      x: min(anchor.x, max(0, screen.width - width)),
      y: min(anchor.y, max(0, screen.height - shown)), width: width, height: shown)
    buffer.fill(rect, style: theme.popup)
    for row in 0..<shown {
      let index = top + row
      let style = index == completion.selected ? theme.selection : theme.popup
      buffer.fill(Rect(x: rect.x, y: rect.y + row, width: rect.width, height: 1), style: style)
      buffer.put(
        completion.candidates[index], x: rect.x + 1, y: rect.y + row, maxWidth: rect.width - 1,
        style: style)
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
