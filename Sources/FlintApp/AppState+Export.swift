import Foundation
import ResultModel
import SparkConnectClient
import TerminalUI

extension AppState {
  // MARK: - Opening

  /// `e` in the results pane: opens the export dialog for the selected tab. The scope starts
  /// at the selection when a cell range is selected, else at all loaded rows (the full result
  /// when nothing is loaded yet).
  mutating func openExportDialog() -> [Effect] {
    guard let tab = currentTab else { return [] }
    if tab.phase == .failed && tab.result == nil {
      message = "nothing to export: the query failed"
      return []
    }
    let scope: ExportScope
    if tab.grid.anchor != nil {
      scope = .selection
    } else if tab.result == nil {
      scope = .fullResult
    } else {
      scope = .loadedRows
    }
    overlay = .export(
      ExportDialog(
        tabQueryID: tab.queryID, baseName: Self.exportBaseName(tab), directory: workingDirectory,
        scope: scope))
    return []
  }

  /// A file name stem for a tab: the table of `FROM name` (catalog previews, simple queries),
  /// else "result"; only letters, digits, `_` and `-`.
  static func exportBaseName(_ tab: ResultTab) -> String {
    let words = tab.sql.split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ")" })
    var name = "result"
    if let from = words.firstIndex(where: { $0.lowercased() == "from" }), from + 1 < words.count {
      let table = words[from + 1].split(separator: ".").last.map(String.init) ?? ""
      let cleaned = table.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
      if !cleaned.isEmpty, !cleaned.allSatisfy(\.isNumber) { name = cleaned }
    }
    return name
  }

  // MARK: - Keys

  /// Keys while the export dialog is open.
  mutating func handleExportKey(_ key: KeyEvent, _ dialog: ExportDialog) -> [Effect] {
    var dialog = dialog
    defer {
      if case .export = overlay { overlay = .export(dialog) }
    }
    switch dialog.phase {
    case .running(let id, let progress):
      if key.key == .escape || key == .ctrl("c") {
        dialog.phase = .cancelling(id: id, progress)
        return [.cancelExport(id: id)]
      }
      return []
    case .cancelling:
      return []
    case .confirmingOverwrite:
      switch key {
      case .char("y"), .char("Y"):
        return startExport(&dialog, overwrite: true)
      case .char("n"), .char("N"), KeyEvent(.escape):
        dialog.phase = .editing
      default:
        break
      }
      return []
    case .editing, .finished, .failed, .cancelled:
      break
    }
    switch key.key {
    case .escape:
      overlay = nil
      return []
    case .enter:
      return startExport(&dialog, overwrite: false)
    case .up, .backTab:
      dialog.moveFocus(-1)
      return []
    case .down, .tab:
      dialog.moveFocus(1)
      return []
    default:
      break
    }
    if let editor = dialog.focusedEditor {
      guard key.key != .pageUp, key.key != .pageDown else { return [] }
      let before = dialog[keyPath: editor].text
      dialog[keyPath: editor].handle(key)
      if dialog[keyPath: editor].text != before { dialog.phase = .editing }
    } else {
      switch key {
      case KeyEvent(.left), .char("h"): dialog.cycle(-1)
      case KeyEvent(.right), .char("l"), .char(" "): dialog.cycle(1)
      default: return []
      }
      dialog.phase = .editing
    }
    return []
  }

  /// Pasted text goes to the focused text field of the dialog (line breaks become spaces).
  mutating func pasteIntoExportDialog(_ text: String, _ dialog: ExportDialog) {
    var dialog = dialog
    guard dialog.isEditable, let editor = dialog.focusedEditor else { return }
    dialog[keyPath: editor].paste(text.split(whereSeparator: \.isNewline).joined(separator: " "))
    dialog.phase = .editing
    overlay = .export(dialog)
  }

  // MARK: - Starting

  /// Enter (or `y` to overwrite): validates the dialog and asks for the export's effect.
  mutating func startExport(_ dialog: inout ExportDialog, overwrite: Bool) -> [Effect] {
    guard let tab = results.tab(dialog.tabQueryID) else {
      dialog.phase = .failed("the result tab was closed or re-run; open the dialog again")
      return []
    }
    let clipboard = dialog.copiesToClipboard
    if clipboard && dialog.scope == .fullResult {
      dialog.phase = .failed(
        "the full result does not go to the clipboard: choose the selection, the visible or "
          + "the loaded rows, or write a file")
      dialog.focus(.scope)
      return []
    }
    var path = dialog.path.text.trimmingCharacters(in: .whitespaces)
    if clipboard, case .local(let format) = dialog.target {
      path = ExportJob.clipboardPath(for: format)
    }
    guard !path.isEmpty else {
      dialog.phase = .failed("give a path to write to")
      dialog.focus(.path)
      return []
    }
    let delimiter = dialog.delimiter.text == "\\t" ? "\t" : dialog.delimiter.text
    if dialog.target.usesDelimiter {
      guard delimiter.count == 1, let character = delimiter.first, character.isASCII,
        character != "\"", !character.isNewline
      else {
        dialog.phase = .failed(
          "the delimiter must be one ASCII character other than a quote (\\t for a tab)")
        dialog.focus(.delimiter)
        return []
      }
    }
    let nullMarker = dialog.nullMarker.text
    let needsServer = dialog.target.isServerSide || dialog.scope == .fullResult
    if needsServer {
      guard case .connected = connection else {
        dialog.phase = .failed("not connected: the full result and server-side formats need Spark")
        return []
      }
    }
    let id = results.takeID()
    let effect: Effect
    switch dialog.target {
    case .server(let format):
      guard let query = Self.exportQuery(tab) else {
        dialog.phase = .failed("the tab has no query to run")
        return []
      }
      var options: [String: String] = [:]
      if format == .csv {
        options["header"] = "true"
        options["sep"] = delimiter
        if !nullMarker.isEmpty { options["nullValue"] = nullMarker }
      }
      effect = .writeOnServer(
        id: id, query: query,
        ServerWrite(source: format.rawValue, path: path, mode: dialog.mode, options: options))
    case .local(let format):
      var options = ExportOptions(
        delimiter: dialog.target.usesDelimiter ? (delimiter.first ?? ",") : ",",
        nullMarker: nullMarker, formatter: formatter)
      options.intervalFields = tab.schema?.intervalFieldsByColumn ?? [:]
      var job = ExportJob(
        path: path, format: format, result: tab.result, options: options, overwrite: overwrite)
      job.toClipboard = clipboard
      if dialog.scope == .fullResult {
        guard let query = Self.exportQuery(tab) else {
          dialog.phase = .failed("the tab has no query to run")
          return []
        }
        job.columns = tab.rearrangedColumns
        effect = .exportQuery(id: id, query: query, job)
      } else {
        guard tab.result != nil, let (rows, columns) = exportSelection(tab, scope: dialog.scope),
          !rows.isEmpty
        else {
          dialog.phase = .failed(
            "no rows loaded for \"\(dialog.scope.title)\"; choose the full result")
          return []
        }
        let isWholeResult =
          dialog.scope == .loadedRows && tab.sort?.index == nil
          && tab.displayRowCount == tab.rowsReceived
        job.rows = isWholeResult ? nil : rows
        job.columns = columns
        effect = .exportRows(id: id, job)
      }
    }
    dialog.phase = .running(id: id, ExportProgress(startedAt: now))
    return [effect]
  }

  /// What a full-result or server-side export runs: an exploration's plan, or the tab's last
  /// statement (earlier ones, e.g. a temporary view, already ran in this session and are not
  /// repeated); a client-side sort is added as an ORDER BY (a sort step).
  static func exportQuery(_ tab: ResultTab) -> QuerySource? {
    if let exploration = tab.exploration {
      guard let sort = tab.sort, sort.index != nil, sort.column < tab.columnNames.count else {
        return .plan(exploration)
      }
      let key = SortKey(column: tab.columnNames[sort.column], ascending: sort.ascending)
      return .plan(exploration.pushing(.sort([key])))
    }
    return exportSQL(tab).map(QuerySource.sql)
  }

  /// The SQL text behind `exportQuery` for a tab of SQL as typed.
  static func exportSQL(_ tab: ResultTab) -> String? {
    guard let last = SQLScript.statements(in: tab.sql).last?.text else { return nil }
    guard let sort = tab.sort, sort.column < tab.columnNames.count else {
      return last.trimmingCharacters(in: CharacterSet(charactersIn: "; \n\t"))
    }
    return SQLText.ordered(last, by: tab.columnNames[sort.column], ascending: sort.ascending)
  }

  /// The global result rows (in display order, so a client-side sort is kept) and the source
  /// columns (in the grid's order, hidden ones left out; nil = all, in schema order) a local
  /// scope exports; nil for the full result.
  func exportSelection(_ tab: ResultTab, scope: ExportScope) -> (rows: [Int], columns: [Int]?)? {
    let count = tab.displayRowCount
    let columnCount = tab.displayColumns.count
    guard count > 0, columnCount > 0 else { return ([], nil) }
    let display: Range<Int>
    // The grid's column order without its hidden columns (nil: all, in schema order).
    var columns = tab.rearrangedColumns
    switch scope {
    case .selection:
      if tab.grid.anchor == nil {
        let row = min(tab.grid.selected.row, count - 1)
        display = row..<(row + 1)
      } else {
        let range = tab.grid.selectionRange
        let rows = range.rows.clamped(to: 0...(count - 1))
        display = rows.lowerBound..<(rows.upperBound + 1)
        let cols = range.columns.clamped(to: 0...(columnCount - 1))
        columns = cols.map { tab.resultColumn($0) }
      }
    case .visibleRows:
      display = Self.visibleRows(tab.grid, rowCount: count)
    case .loadedRows:
      display = 0..<count
    case .fullResult:
      return nil
    }
    return (display.map { tab.resultRow($0) }, columns)
  }

  /// The display rows the grid shows (from the layout it draws with).
  static func visibleRows(_ grid: Grid, rowCount: Int) -> Range<Int> {
    let area = Rect(x: 0, y: 0, width: grid.viewport.width, height: grid.viewport.height)
    let layout = grid.layout(in: area, rowCount: rowCount, columnCount: 1)
    return layout.topRow..<min(rowCount, layout.topRow + max(1, layout.bodyHeight))
  }

  /// How many rows a scope covers (for the dialog's labels); nil when unknown (full result).
  func exportRowCount(_ tab: ResultTab, scope: ExportScope) -> Int? {
    exportSelection(tab, scope: scope)?.rows.count
  }

  // MARK: - Answers

  /// Applies an export's progress or end to the dialog showing it (stale ids are dropped).
  mutating func handleExportEvent(id: Int, _ change: (inout ExportDialog) -> Void) {
    guard case .export(var dialog) = overlay, dialog.phase.activeID == id else { return }
    change(&dialog)
    overlay = .export(dialog)
  }

  mutating func exportProgressed(id: Int, rows: Int, bytes: Int64) {
    handleExportEvent(id: id) { dialog in
      switch dialog.phase {
      case .running(let id, var progress):
        progress.rows = rows
        progress.bytes = bytes
        dialog.phase = .running(id: id, progress)
      case .cancelling(let id, var progress):
        progress.rows = rows
        progress.bytes = bytes
        dialog.phase = .cancelling(id: id, progress)
      default: break
      }
    }
  }

  mutating func exportServerProgressed(id: Int, _ server: ExecutionProgress) {
    handleExportEvent(id: id) { dialog in
      switch dialog.phase {
      case .running(let id, var progress):
        progress.server = server
        dialog.phase = .running(id: id, progress)
      case .cancelling(let id, var progress):
        progress.server = server
        dialog.phase = .cancelling(id: id, progress)
      default: break
      }
    }
  }

  /// Shows the outcome; a clipboard copy's text goes to the clipboard.
  mutating func exportFinished(id: Int, _ outcome: ExportOutcome) -> [Effect] {
    let now = self.now
    var text: String?
    handleExportEvent(id: id) { dialog in
      let started: Double
      switch dialog.phase {
      case .running(_, let progress), .cancelling(_, let progress): started = progress.startedAt
      default: started = now
      }
      dialog.phase = .finished(outcome, seconds: max(0, now - started))
      text = Self.exportSummary(outcome)
    }
    guard let text else { return [] }
    message = text
    return outcome.clipboardText.map { [.copyToClipboard($0)] } ?? []
  }

  mutating func exportFailed(id: Int, _ failure: ExportFailure) {
    handleExportEvent(id: id) { dialog in
      if failure.isCancellation {
        dialog.phase = .cancelled
      } else if case .file(.fileExists) = failure {
        dialog.phase = .confirmingOverwrite
      } else {
        dialog.phase = .failed(failure.message)
      }
    }
  }

  mutating func exportCancelled(id: Int) {
    handleExportEvent(id: id) { $0.phase = .cancelled }
  }

  /// "wrote 12,345 rows (1.2 MB) to /tmp/trips.csv" / "the server wrote /data/trips.parquet".
  static func exportSummary(_ outcome: ExportOutcome) -> String {
    if outcome.onServer { return "the server wrote \(outcome.path)" }
    let rows = "\(Format.count(outcome.rows ?? 0)) row\(outcome.rows == 1 ? "" : "s")"
    if outcome.clipboardText != nil {
      return "copied \(rows) (\(Format.bytes(Int(outcome.bytes ?? 0)))) to the clipboard"
    }
    var text = "wrote " + rows
    if let bytes = outcome.bytes { text += " (\(Format.bytes(Int(bytes))))" }
    return text + " to \(outcome.path)"
  }

  /// The export in flight, if any (for the status bar and the ticker).
  var activeExport: ExportProgress? {
    guard case .export(let dialog) = overlay else { return nil }
    switch dialog.phase {
    case .running(_, let progress), .cancelling(_, let progress): return progress
    default: return nil
    }
  }
}
