extension ProgressTracker {
  /// The progress as one line of at most `width` characters (all of them one display cell
  /// wide), for a status line or `flint query`'s stderr:
  /// `45% · 120/264 tasks · stage 3 120/200 · 1 waiting · 2 done · 8 in flight · 12 tasks/s ·
  /// 28.6 MiB read · ETA 12.0 s · 4.10 s`. Parts come in order of importance, so what does not
  /// fit is the end. Empty until a report names a stage (Spark reports nothing but empty lists
  /// while it plans, and for commands that run no job).
  public func line(at now: Double, width: Int = 100) -> String {
    let parts: [String]
    switch phase {
    case .idle: return ""
    case .running:
      guard !stages.isEmpty else { return "" }
      parts = runningParts(at: now)
    case .ended(let ending, _, _): parts = endedParts(ending, at: now)
    }
    return Self.fit(parts, width: width)
  }

  /// At most this many running stages are named in `line`; the rest are counted.
  static let namedStages = 2

  private func runningParts(at now: Double) -> [String] {
    var parts: [String] = []
    let (completed, total) = tasks
    if let fraction { parts.append(MetricText.percent(fraction)) }
    parts.append("\(MetricText.count(completed))/\(MetricText.count(total)) tasks")
    let running = stages.filter { $0.state == .running }
    for stage in running.prefix(Self.namedStages) {
      parts.append(
        "stage \(stage.stageID) \(MetricText.count(stage.completedTasks))/\(MetricText.count(stage.tasks))"
      )
    }
    if running.count > Self.namedStages {
      parts.append("\(running.count - Self.namedStages) more running")
    }
    let waiting = stages.filter { $0.state == .waiting }.count
    if waiting > 0 { parts.append("\(waiting) waiting") }
    if !doneStages.isEmpty { parts.append("\(doneStages.count) done") }
    parts.append("\(MetricText.count(inflightTasks)) in flight")
    if let rate = completedTaskRate { parts.append(MetricText.taskRate(rate)) }
    if inputBytesRead > 0 { parts.append("\(MetricText.bytes(inputBytesRead)) read") }
    if let eta = estimatedSecondsRemaining(at: now) {
      parts.append("ETA \(MetricText.seconds(eta))")
    }
    if let elapsed = elapsedSeconds(at: now) { parts.append(MetricText.seconds(elapsed)) }
    return parts
  }

  private func endedParts(_ ending: Ending, at now: Double) -> [String] {
    let (completed, total) = tasks
    let word =
      switch ending {
      case .finished: "finished"
      case .failed: "failed"
      case .cancelled: "cancelled"
      }
    var parts = [word, "\(MetricText.count(completed))/\(MetricText.count(total)) tasks"]
    if !doneStages.isEmpty { parts.append("\(doneStages.count) stages done") }
    if !skippedStages.isEmpty { parts.append("\(skippedStages.count) skipped") }
    if !unfinishedStages.isEmpty { parts.append("\(unfinishedStages.count) unfinished") }
    if inputBytesRead > 0 { parts.append("\(MetricText.bytes(inputBytesRead)) read") }
    if let elapsed = elapsedSeconds(at: now) { parts.append(MetricText.seconds(elapsed)) }
    return parts
  }

  /// Joins parts with ` · ` while they fit in `width` characters.
  static func fit(_ parts: [String], width: Int) -> String {
    var line = ""
    for part in parts {
      let next = line.isEmpty ? part : line + " · " + part
      guard next.count <= width else { break }
      line = next
    }
    return line
  }
}
