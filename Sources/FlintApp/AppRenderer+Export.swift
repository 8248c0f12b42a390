import ResultModel
import SparkConnectClient
import TerminalUI

extension AppRenderer {
  /// Draws the export dialog: one row per field (the focused one highlighted, fields that do
  /// not apply to the format dimmed), then the export's state and the keys.
  static func drawExportDialog(
    _ state: AppState, _ dialog: ExportDialog, _ buffer: inout ScreenBuffer
  ) {
    let theme = state.theme
    let screen = buffer.area
    let rect = screen.centered(
      width: min(76, screen.width - 2), height: min(14, screen.height - 2))
    guard rect.width >= 20, rect.height >= 5 else { return }
    let tab = state.tabs.first { $0.queryID == dialog.tabQueryID }
    buffer.fill(rect)
    buffer.drawBorder(
      rect, border: .rounded, style: theme.overlayBorder,
      title: "Export" + (tab.map { " — " + $0.title } ?? ""))
    let inner = rect.inset(top: 1, left: 2, bottom: 1, right: 2)
    let labelWidth = 13
    let valueX = inner.x + labelWidth
    let valueWidth = max(1, inner.maxX - valueX)
    var y = inner.y
    for field in ExportDialog.Field.allCases where y < inner.maxY {
      let applies = dialog.applies(field)
      let focused = applies && dialog.field == field && dialog.isEditable
      let labelStyle = applies ? (focused ? theme.title : Style.plain) : theme.hint
      buffer.put(
        (focused ? "▸ " : "  ") + field.label, x: inner.x, y: y, maxWidth: labelWidth - 1,
        style: labelStyle)
      let row = Rect(x: valueX, y: y, width: valueWidth, height: 1)
      switch field {
      case .path, .delimiter, .nullMarker:
        var editor: TextEditor
        switch field {
        case .path: editor = dialog.path
        case .delimiter: editor = dialog.delimiter
        default: editor = dialog.nullMarker
        }
        editor.isFocused = focused
        editor.viewport = Size(width: valueWidth, height: 1)
        if !applies {
          buffer.put(
            notApplicable(field, dialog.target), x: valueX, y: y, maxWidth: valueWidth,
            style: theme.hint)
        } else {
          editor.render(in: row, into: &buffer)
          if editor.text.isEmpty && !focused {
            buffer.put(
              field == .nullMarker ? "(empty)" : "(none)", x: valueX, y: y, maxWidth: valueWidth,
              style: theme.hint)
          }
          if field == .path && dialog.target.isServerSide && !focused {
            let note = "  (on the server)"
            let used = DisplayWidth.of(editor.text)
            if used + DisplayWidth.of(note) < valueWidth {
              buffer.put(note, x: valueX + used, y: y, style: theme.hint)
            }
          }
        }
      case .scope, .format, .destination, .mode:
        let text: String
        if !applies {
          text = notApplicable(field, dialog.target)
        } else {
          text = "‹ " + choiceText(field, dialog, tab: tab, state: state) + " ›"
        }
        buffer.put(
          text, x: valueX, y: y, maxWidth: valueWidth,
          style: applies ? (focused ? theme.selection : .plain) : theme.hint)
      }
      y += 1
    }
    y += 1
    let statusArea = Rect(x: inner.x, y: y, width: inner.width, height: max(0, inner.maxY - y - 1))
    drawExportStatus(state, dialog, statusArea, &buffer)
    if inner.height >= 2 {
      let keys: String
      switch dialog.phase {
      case .running: keys = "Esc cancel the export"
      case .cancelling: keys = "cancelling…"
      case .confirmingOverwrite: keys = "y overwrite · n / Esc back"
      default: keys = "↑↓ field · ←→ change · Enter export · Esc close"
      }
      buffer.put(keys, x: inner.x, y: inner.maxY - 1, maxWidth: inner.width, style: theme.hint)
    }
  }

  /// The text of a choice field: the scope with its row count, the format, the save mode.
  static func choiceText(
    _ field: ExportDialog.Field, _ dialog: ExportDialog, tab: ResultTab?, state: AppState
  ) -> String {
    switch field {
    case .scope:
      guard let tab, dialog.scope != .fullResult,
        let count = state.exportRowCount(tab, scope: dialog.scope)
      else { return dialog.scope.title }
      var text = "\(dialog.scope.title) · \(Format.count(count)) row\(count == 1 ? "" : "s")"
      let selection = state.exportSelection(tab, scope: .selection)
      if dialog.scope == .selection, let columns = selection?.columns {
        text += " × \(columns.count) column\(columns.count == 1 ? "" : "s")"
      }
      return text
    case .format: return dialog.target.displayName
    case .destination: return dialog.toClipboard ? "the clipboard (OSC 52)" : "a file"
    case .mode:
      switch dialog.mode {
      case .error: return "error if it exists"
      case .overwrite: return "overwrite"
      case .append: return "append"
      case .ignore: return "ignore if it exists"
      }
    default: return ""
    }
  }

  /// What a field that does not apply says instead of its value.
  static func notApplicable(_ field: ExportDialog.Field, _ target: ExportTarget) -> String {
    switch field {
    case .scope: "full result, written by the server"
    case .mode: "— (server-side formats only)"
    case .destination: "a file (the clipboard takes text formats)"
    case .path: "— (copied to the clipboard)"
    default: "— (not used by this format)"
    }
  }

  /// The export's state: a hint, the overwrite question, progress, the outcome or the error.
  static func drawExportStatus(
    _ state: AppState, _ dialog: ExportDialog, _ area: Rect, _ buffer: inout ScreenBuffer
  ) {
    let theme = state.theme
    guard !area.isEmpty else { return }
    var lines: [(String, Style)] = []
    switch dialog.phase {
    case .editing:
      if dialog.target.isServerSide {
        lines.append(
          ("The server runs the query and writes a directory of part files.", theme.hint))
      } else if dialog.copiesToClipboard {
        lines.append(
          ("Copies the rows as text to your terminal's clipboard (up to 1 MiB).", theme.hint))
      } else if dialog.scope == .fullResult {
        lines.append(("Runs the query again with no row cap, streaming every row.", theme.hint))
      } else {
        lines.append(
          ("Rows and columns as the grid shows them; the file appears when complete.", theme.hint))
      }
    case .confirmingOverwrite:
      let name = dialog.path.text.split(separator: "/").last.map(String.init) ?? dialog.path.text
      lines.append(("\(name) exists. Overwrite it? (y / n)", theme.errorText))
    case .running(_, let progress), .cancelling(_, let progress):
      let cancelling = dialog.phase.activeID != nil && !isRunning(dialog.phase)
      var text = cancelling ? "cancelling… " : "writing… "
      if dialog.target.isServerSide {
        text = cancelling ? "cancelling… " : "the server is writing… "
      } else {
        text += "\(Format.count(progress.rows)) rows · \(Format.bytes(Int(progress.bytes))) · "
      }
      text += Format.seconds(max(0, state.now - progress.startedAt))
      lines.append((text, theme.statusBusy))
      if let server = progress.server, area.height > 1 {
        let label = ResultsPane.taskLabel(server, countingStages: false)
        let row = Rect(x: area.x, y: area.y + 1, width: min(area.width, 50), height: 1)
        ProgressBar(fraction: server.fraction, label: label).render(in: row, into: &buffer)
        lines.append(("", .plain))
      }
    case .finished(let outcome, let seconds):
      lines.append(
        ("✓ " + AppState.exportSummary(outcome) + " in " + Format.seconds(seconds), theme.statusOK))
    case .failed(let message):
      for line in TextWrap.lines("✕ " + message, width: max(1, area.width)) {
        lines.append((line, theme.errorText))
      }
    case .cancelled:
      lines.append(("⊘ export cancelled — nothing was written", theme.statusBusy))
    }
    for (index, line) in lines.enumerated() where index < area.height && !line.0.isEmpty {
      buffer.put(line.0, x: area.x, y: area.y + index, maxWidth: area.width, style: line.1)
    }
  }

  static func isRunning(_ phase: ExportDialog.Phase) -> Bool {
    if case .running = phase { return true }
    return false
  }
}
