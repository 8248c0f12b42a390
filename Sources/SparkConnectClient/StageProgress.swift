/// One Spark stage of a running query, as a progress display shows it: a bar of completed
/// over total tasks, bytes read, and what became of it.
public struct StageProgress: Sendable, Equatable, Identifiable {
  /// Where a stage stands. Spark reports per stage only its task counts and a done flag
  /// (tasks in flight are counted per query), so a stage whose first tasks run but none has
  /// finished is indistinguishable from one that waits for slots: both are `waiting`.
  public enum State: Sendable, Equatable {
    /// Submitted; no task has finished yet.
    case waiting
    /// Some tasks finished; not done.
    case running
    /// Spark reported the stage done.
    case done
    /// The query finished without this stage ever finishing a task or being done, and it is
    /// not the final result stage: adaptive execution reused the shuffle output an earlier
    /// job wrote, so the stage never ran (the Spark UI's "skipped"). Not stuck.
    case skipped
    /// The query failed or was cancelled before the stage was done.
    case unfinished
  }

  public var stageID: Int64
  /// Tasks of the stage (its partitions), and how many finished.
  public var tasks: Int64
  public var completedTasks: Int64
  /// Input bytes read by the stage's finished tasks (0 when the server reports none, e.g.
  /// for a `range` or a shuffle read).
  public var inputBytesRead: Int64
  public var state: State
  /// When the stage was first reported, and when it was first reported done: seconds on the
  /// clock the tracker is fed with.
  public var firstSeenAt: Double
  public var doneAt: Double?

  public init(
    stageID: Int64, tasks: Int64, completedTasks: Int64, inputBytesRead: Int64, state: State,
    firstSeenAt: Double, doneAt: Double? = nil
  ) {
    self.stageID = stageID
    self.tasks = tasks
    self.completedTasks = completedTasks
    self.inputBytesRead = inputBytesRead
    self.state = state
    self.firstSeenAt = firstSeenAt
    self.doneAt = doneAt
  }

  public var id: Int64 { stageID }

  /// Completed over total tasks, 0...1; nil for a stage without tasks.
  public var fraction: Double? {
    tasks > 0 ? min(1, max(0, Double(completedTasks) / Double(tasks))) : nil
  }

  /// Waiting or running: drawn as a bar while the query runs (finished stages collapse).
  public var isActive: Bool { state == .waiting || state == .running }
}
