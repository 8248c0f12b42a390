/// What a query's progress reports add up to: per-stage state, the rate at which tasks
/// complete, and an estimate of the time left once one means something.
///
/// Pure: it is fed the server's cumulative `ExecutionProgress` snapshots with the time each
/// arrived (seconds on any monotonic clock, e.g. `AppState.now`), and the end of the query.
/// The server sends a report every couple of seconds while tasks run, so rates are taken
/// over a window of several reports rather than between two.
public struct ProgressTracker: Sendable, Equatable {
  /// How the query ended.
  public enum Ending: Sendable, Equatable {
    case finished, failed, cancelled
  }

  /// The tracker's lifecycle: `idle` → `running` (first report) → `ended` (`finish`);
  /// `reset()` returns to `idle` (a new execution). Reports after the end are ignored.
  public enum Phase: Sendable, Equatable {
    /// No report yet.
    case idle
    /// Reports are arriving; `since` is when the first one did.
    case running(since: Double)
    /// The query ended at `at`; `since` is when the first report arrived, nil without any.
    case ended(Ending, since: Double?, at: Double)
  }

  /// The completed-task count at one report.
  struct Sample: Sendable, Equatable {
    var at: Double
    var completed: Int64
  }

  public private(set) var phase: Phase = .idle
  /// Every stage reported, by stage id.
  public private(set) var stages: [StageProgress] = []
  /// Tasks running now, over all stages (Spark does not split them by stage).
  public private(set) var inflightTasks: Int64 = 0
  /// When the last report arrived.
  public private(set) var lastReportAt: Double?
  private var samples: [Sample] = []

  /// The completed-task rate is measured over the reports of this many seconds.
  public static let rateWindowSeconds = 10.0
  /// An estimate of the time left needs at least this long since the first report (the
  /// first tasks of a stage include JVM warm-up and scheduling) …
  public static let estimateMinimumSeconds = 5.0
  /// … and at least this many tasks completed within the rate window, so that the rate
  /// rests on several tasks (not one lucky one) and a stall shows as "no estimate".
  public static let estimateMinimumTasks: Int64 = 4

  public init() {}

  /// Forgets everything: a new execution begins.
  public mutating func reset() { self = ProgressTracker() }

  /// Applies what a query stream reports: a new operation starts afresh (Spark numbers its
  /// reports per operation), a progress report is observed, anything else is ignored.
  public mutating func observe(_ event: QueryEvent, at seconds: Double) {
    switch event {
    case .operationStarted: reset()
    case .progress(let progress): observe(progress, at: seconds)
    default: break
    }
  }

  /// Applies one progress report received at `seconds`.
  public mutating func observe(_ progress: ExecutionProgress, at seconds: Double) {
    switch phase {
    case .ended: return
    case .idle: phase = .running(since: seconds)
    case .running: break
    }
    // Counts from the network are clamped and summed with wrapping arithmetic: a malformed
    // report shows odd numbers but never traps.
    for var reported in progress.stages {
      reported.tasks = max(0, reported.tasks)
      reported.completedTasks = max(0, reported.completedTasks)
      reported.inputBytesRead = max(0, reported.inputBytesRead)
      let state: StageProgress.State =
        reported.done ? .done : (reported.completedTasks > 0 ? .running : .waiting)
      if let index = stages.firstIndex(where: { $0.stageID == reported.stageID }) {
        if state == .done && stages[index].doneAt == nil { stages[index].doneAt = seconds }
        stages[index].tasks = reported.tasks
        stages[index].completedTasks = reported.completedTasks
        stages[index].inputBytesRead = reported.inputBytesRead
        stages[index].state = state
      } else {
        stages.append(
          StageProgress(
            stageID: reported.stageID, tasks: reported.tasks,
            completedTasks: reported.completedTasks, inputBytesRead: reported.inputBytesRead,
            state: state, firstSeenAt: seconds, doneAt: state == .done ? seconds : nil))
      }
    }
    stages.sort { $0.stageID < $1.stageID }
    inflightTasks = max(0, progress.inflightTasks)
    lastReportAt = seconds
    samples.append(Sample(at: seconds, completed: tasks.completed))
    // Keep the window, plus the newest report before it as the baseline of the rate.
    let windowStart = seconds - Self.rateWindowSeconds
    if let firstInside = samples.firstIndex(where: { $0.at >= windowStart }), firstInside > 1 {
      samples.removeFirst(firstInside - 1)
    }
  }

  /// The query ended at `seconds`: no task is in flight any more, and the stages not
  /// reported done are settled.
  ///
  /// After a successful end, the stage with the highest id is the last job's result stage.
  /// Spark takes its last report while that stage still sends the result (0 of 1 tasks, 1 in
  /// flight), and a report can predate the end of any stage; the query succeeded, so the
  /// result stage and every stage with a completed task did finish: they become `done` with
  /// all their tasks. A stage that never completed a task is `skipped` (adaptive execution
  /// reused shuffle output and never ran it). After a failure or a cancel, every stage not
  /// done is `unfinished`.
  public mutating func finish(_ ending: Ending, at seconds: Double) {
    let since: Double?
    switch phase {
    case .ended: return
    case .idle: since = nil
    case .running(let start): since = start
    }
    phase = .ended(ending, since: since, at: seconds)
    inflightTasks = 0
    let resultStage = stages.last?.stageID
    for index in stages.indices where stages[index].isActive {
      guard ending == .finished else {
        stages[index].state = .unfinished
        continue
      }
      if stages[index].state == .running || stages[index].stageID == resultStage {
        stages[index].state = .done
        stages[index].completedTasks = stages[index].tasks
        stages[index].doneAt = seconds
      } else {
        stages[index].state = .skipped
      }
    }
  }

  public var isEnded: Bool {
    if case .ended = phase { return true }
    return false
  }

  /// Completed and total tasks of the stages that ran or may run (skipped ones excluded).
  public var tasks: (completed: Int64, total: Int64) {
    stages.filter { $0.state != .skipped }.reduce((0, 0)) {
      ($0.0 &+ $1.completedTasks, $0.1 &+ $1.tasks)
    }
  }

  /// Completed over total tasks, 0...1; nil before any task is known.
  public var fraction: Double? {
    let (completed, total) = tasks
    return total > 0 ? min(1, Double(completed) / Double(total)) : nil
  }

  /// Input bytes read by all stages.
  public var inputBytesRead: Int64 { stages.reduce(0) { $0 &+ $1.inputBytesRead } }

  /// Waiting and running stages, the ones a display draws as bars.
  public var activeStages: [StageProgress] { stages.filter(\.isActive) }
  /// Finished stages, which a display collapses into a count.
  public var doneStages: [StageProgress] { stages.filter { $0.state == .done } }
  public var skippedStages: [StageProgress] { stages.filter { $0.state == .skipped } }
  public var unfinishedStages: [StageProgress] { stages.filter { $0.state == .unfinished } }

  /// Seconds from the first report to `now` (or to the end, once ended).
  public func elapsedSeconds(at now: Double) -> Double? {
    switch phase {
    case .idle: return nil
    case .running(let since): return max(0, now - since)
    case .ended(_, let since, let end): return since.map { max(0, end - $0) }
    }
  }

  /// Tasks completed per second over the last `rateWindowSeconds` of reports; nil before
  /// two reports at least a second apart.
  public var completedTaskRate: Double? {
    guard let first = samples.first, let last = samples.last, last.at - first.at >= 1,
      last.completed >= first.completed
    else { return nil }
    return Double(last.completed &- first.completed) / (last.at - first.at)
  }

  /// Tasks completed within the rate window.
  var recentlyCompletedTasks: Int64 {
    guard let first = samples.first, let last = samples.last else { return 0 }
    return max(0, last.completed &- first.completed)
  }

  /// Estimated seconds until the stages known so far are done, at `now`; nil until the
  /// estimate means something: the query runs, `estimateMinimumSeconds` have passed since
  /// the first report, and `estimateMinimumTasks` tasks completed within the rate window.
  /// Also nil once the estimate has run out without the tasks finishing. Adaptive execution
  /// plans later stages only when earlier ones are done, so the estimate covers known stages.
  public func estimatedSecondsRemaining(at now: Double) -> Double? {
    guard case .running(let since) = phase, now - since >= Self.estimateMinimumSeconds,
      recentlyCompletedTasks >= Self.estimateMinimumTasks, let rate = completedTaskRate,
      rate > 0, let lastReportAt
    else { return nil }
    let (completed, total) = tasks
    guard total > completed else { return nil }
    let remaining = Double(total &- completed) / rate - max(0, now - lastReportAt)
    return remaining > 0 ? remaining : nil
  }
}
