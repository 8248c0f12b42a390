import SparkConnectClient
import TerminalUI

/// While a query runs, the bottom of the grid area shows Spark's stages: a summary line (tasks,
/// stages waiting and done, tasks in flight, the rate, an estimate once it means something)
/// and a bar for each active stage. Finished stages collapse into the summary.
extension ResultsPane {
  /// Active stages drawn as bars at most; the rest are counted in the summary.
  static let stageBars = 3

  /// Lines the stage display takes from a grid area `height` lines high (0 when nothing runs
  /// or Spark has not named a stage yet); the grid keeps at least its header and two rows.
  static func stageLines(_ tab: ResultTab, height: Int) -> Int {
    guard tab.phase.isActive, !tab.tracker.stages.isEmpty else { return 0 }
    let wanted = 1 + min(stageBars, tab.tracker.activeStages.count)
    return max(0, min(wanted, height - 3))
  }

  /// The grid's part of the grid area `area` for the shown tab (the breadcrumb takes the top,
  /// the stages the bottom).
  func gridArea(in area: Rect) -> Rect {
    guard let tab = current else { return area }
    let body = Self.bodyArea(tab, in: area)
    let lines = Self.stageLines(tab, height: body.height)
    return Rect(x: body.x, y: body.y, width: body.width, height: body.height - lines)
  }

  /// The line above the bars, most telling first (the bars show each stage's tasks): all
  /// tasks, tasks in flight, the rate, the estimate once it means something, then the stages
  /// done and waiting, and the bytes read.
  static func summary(_ tracker: ProgressTracker, at now: Double) -> String {
    let (completed, total) = tracker.tasks
    var parts = ["\(MetricText.count(completed))/\(MetricText.count(total)) tasks"]
    parts.append("\(MetricText.count(tracker.inflightTasks)) in flight")
    if let rate = tracker.completedTaskRate { parts.append(MetricText.taskRate(rate)) }
    if let eta = tracker.estimatedSecondsRemaining(at: now) {
      parts.append("ETA \(MetricText.seconds(eta))")
    }
    let done = tracker.doneStages.count
    if done > 0 { parts.append("\(done) stage\(done == 1 ? "" : "s") done") }
    let waiting = tracker.stages.filter { $0.state == .waiting }.count
    if waiting > 0 { parts.append("\(waiting) waiting") }
    if tracker.inputBytesRead > 0 {
      parts.append("\(MetricText.bytes(tracker.inputBytesRead)) read")
    }
    return parts.joined(separator: " · ")
  }

  /// Draws the stage display into `area`: the summary line, then one bar per active stage.
  static func drawStages(
    _ tab: ResultTab, now: Double, theme: Theme, _ area: Rect, _ buffer: inout ScreenBuffer
  ) {
    guard !area.isEmpty else { return }
    buffer.fill(area)
    let tracker = tab.tracker
    buffer.put(
      summary(tracker, at: now), x: area.x + 1, y: area.y, maxWidth: area.width - 1,
      style: theme.hint)
    for (row, stage) in tracker.activeStages.prefix(area.height - 1).enumerated() {
      let y = area.y + 1 + row
      let name = "stage \(stage.stageID)"
      buffer.put(name, x: area.x + 1, y: y, maxWidth: area.width - 1, style: theme.hint)
      var label = "\(MetricText.count(stage.completedTasks))/\(MetricText.count(stage.tasks)) tasks"
      if stage.state == .waiting { label += " · waiting" }
      if stage.inputBytesRead > 0 { label += " · \(MetricText.bytes(stage.inputBytesRead)) read" }
      let x = area.x + 2 + max(10, DisplayWidth.of(name))
      let bar = Rect(x: x, y: y, width: max(0, min(area.maxX - x, 60)), height: 1)
      ProgressBar(
        fraction: stage.fraction ?? 0, label: label, filledStyle: theme.progressDone,
        emptyStyle: theme.progressRemaining
      ).render(in: bar, into: &buffer)
    }
  }
}
