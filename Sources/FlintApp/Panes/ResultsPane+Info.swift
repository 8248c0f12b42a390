import ResultModel
import SparkConnectClient
import TerminalUI

extension ResultsPane {
  /// The line under the grid: how many rows and how honestly counted, the time, the sort,
  /// and while running the server's progress as one bar over all stages.
  static func drawInfo(
    _ tab: ResultTab, now: Double, theme: Theme, _ area: Rect, _ buffer: inout ScreenBuffer
  ) {
    guard !area.isEmpty else { return }
    var (text, style) = countLine(tab, now: now, theme: theme)
    if let info = tab.statementInfo { text = info + " · " + text }
    if let pending = tab.pendingSort, pending.column < tab.columnNames.count {
      text += " · sorting by \(tab.columnNames[pending.column])…"
    } else if let sort = tab.sort, sort.column < tab.columnNames.count {
      text += " · sorted by \(tab.columnNames[sort.column]) \(sort.ascending ? "asc" : "desc")"
      text += sort.index == nil ? " (server)" : ""
    }
    if tab.searching != nil {
      // First, so that a narrow line still shows it.
      var searching = "searching…"
      if let rows = tab.searchedRows, tab.displayRowCount > 0, rows > 0 {
        searching += " \(min(99, rows * 100 / tab.displayRowCount))% (Esc stops)"
      }
      text = searching + " · " + text
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
      ProgressBar(
        fraction: progress.fraction, label: label, filledStyle: theme.progressDone,
        emptyStyle: theme.progressRemaining
      ).render(in: parts[1], into: &buffer)
    } else {
      buffer.put(text, x: area.x, y: area.y, maxWidth: area.width, style: style)
    }
  }

  /// What the count line says for the tab's phase, and in which style.
  private static func countLine(_ tab: ResultTab, now: Double, theme: Theme) -> (String, Style) {
    let elapsed = Format.seconds(tab.elapsed(now: now))
    let rows = Format.count(tab.displayRowCount)
    let bytes = memoryText(tab.result)
    let cancelling = tab.isCancelRequested ? "cancelling… " : ""
    switch tab.phase {
    case .running:
      return (tab.isCancelRequested ? "cancelling… \(elapsed)" : "running \(elapsed)", theme.hint)
    case .streaming:
      return (cancelling + "\(rows) rows · \(bytes) · \(elapsed)", theme.hint)
    case .finished:
      var text: String
      if tab.isFrequency {
        let shown = tab.displayRowCount
        if let groups = tab.groups {
          text =
            groups > shown
            ? "\(Format.count(shown)) most frequent of \(Format.count(Int(groups))) groups"
            : "\(Format.count(Int(groups))) group\(groups == 1 ? "" : "s")"
        } else {
          text = "\(Format.count(shown)) most frequent groups (counting all…)"
        }
        text += " · Enter: their rows · \(elapsed)"
      } else if let table = tab.previewOf {
        // Spark returns whichever partitions finish first: a sample, not the first rows.
        text =
          tab.moreOnServer
          ? "any \(rows) rows of \(table) · the table has more (m: load more) · \(elapsed)"
          : "all \(rows) row\(tab.displayRowCount == 1 ? "" : "s") of \(table) · \(bytes) · \(elapsed)"
      } else if tab.moreOnServer {
        text =
          "≥ \(Format.count(tab.maxRows ?? 0)) rows — more on the server (m: load more) · \(elapsed)"
      } else {
        text = "\(rows) row\(tab.displayRowCount == 1 ? "" : "s") · \(bytes) · \(elapsed)"
      }
      if let first = tab.firstRowAfter { text += " · first row \(Format.seconds(first))" }
      if tab.reattaches > 0 {
        text += " · \(tab.reattaches) reattach\(tab.reattaches == 1 ? "" : "es")"
      }
      let stages = tab.tracker.stages.count
      let skipped = tab.tracker.skippedStages.count
      if stages > 1 || skipped > 0 {
        text += " · \(stages) stages" + (skipped > 0 ? " (\(skipped) skipped)" : "")
      }
      return (text, .plain)
    case .failed:
      return ("failed after \(elapsed)", theme.errorText)
    case .cancelled:
      var text = "cancelled after \(elapsed)"
      switch tab.cancellation {
      case .answered(stoppedSomething: true)?: text += " (interrupt confirmed)"
      case .answered(stoppedSomething: false)?: text += " (server found nothing running)"
      case .requested?: text += " (interrupt sent…)"
      case nil: break
      }
      if tab.displayRowCount > 0 { text += " · \(rows) rows kept" }
      if let stopped = tab.loadStopped {
        return ("\(rows) rows kept — \(stopped) · \(bytes) · \(elapsed)", theme.errorText)
      }
      return (text, theme.statusBusy)
    }
  }

  /// "12 MB" in memory, or "256 MB + 1.1 GB on disk" when part of the result is spilled.
  static func memoryText(_ result: ResultSet?) -> String {
    guard let result else { return Format.bytes(0) }
    let memory = Format.bytes(result.byteCount)
    let spilled = result.spilledBytes
    return spilled > 0 ? "\(memory) + \(Format.bytes(spilled)) on disk" : memory
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
}
