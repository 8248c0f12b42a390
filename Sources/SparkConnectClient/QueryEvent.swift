import ArrowIPC

/// What happens while a SQL text runs, in order. Results for one statement follow its
/// `statementStarted`; the stream ends after the last statement or with a `SparkError`.
public enum QueryEvent: Sendable {
  /// A statement of the text begins (0-based index of `count`).
  case statementStarted(index: Int, count: Int, statement: SQLScript.Statement)
  /// The server accepted an execution; its id can be passed to `interrupt(operationID:)`.
  case operationStarted(operationID: String)
  /// The result's columns, known before any row (paint the header now).
  case schema(SparkSchema)
  /// A decoded record batch; `startOffset` is the 0-based row of its first row when the
  /// server says so.
  case batch(RecordBatch, startOffset: Int64?)
  /// The server's progress: stages, tasks and bytes read.
  case progress(ExecutionProgress)
  /// The executed plan with Spark's runtime metrics, sent near the end of an execution
  /// (after its rows, before `statementFinished`). A statement runs as up to two executions
  /// (its SQL command, then the query it returned); should both report, the last one is the
  /// run of the query whose rows were received.
  case metrics(ExecutionMetrics)
  /// The statement finished; `rows` is how many rows it returned.
  case statementFinished(index: Int, rows: Int)
  /// The stream was cut and is being resumed (attempt is 1-based).
  case reconnecting(attempt: Int, reason: String)
  /// The response stream ended before the result was complete and is being resumed with
  /// ReattachExecute from the last response processed; `count` is 1-based over the execution.
  /// Spark ends reattachable streams on purpose (`…reattachable.senderMaxStreamDuration`,
  /// 2 minutes, and `senderMaxStreamSize`, 1 GiB), so a large result sees these without any
  /// failure; no row is lost or repeated either way.
  case reattaching(count: Int, cause: ReattachCause)
}

/// Why a response stream is being resumed with ReattachExecute.
public enum ReattachCause: Sendable, Hashable {
  /// The server closed the stream on purpose (its stream duration or size limit).
  case serverEndedStream
  /// The stream broke (reset, cut, stalled); a `reconnecting` event came first.
  case streamBroke
}

/// The server's execution progress, summed by the client for a progress bar.
public struct ExecutionProgress: Sendable, Equatable {
  public struct Stage: Sendable, Equatable {
    public var stageID: Int64
    public var tasks: Int64
    public var completedTasks: Int64
    public var inputBytesRead: Int64
    public var done: Bool

    public init(
      stageID: Int64, tasks: Int64, completedTasks: Int64, inputBytesRead: Int64, done: Bool
    ) {
      self.stageID = stageID
      self.tasks = tasks
      self.completedTasks = completedTasks
      self.inputBytesRead = inputBytesRead
      self.done = done
    }
  }
  public var stages: [Stage]
  public var inflightTasks: Int64

  public init(stages: [Stage], inflightTasks: Int64) {
    self.stages = stages
    self.inflightTasks = inflightTasks
  }

  /// Total and completed tasks over all stages (wrapping sums: the counts come from the
  /// network, and a malformed report must not trap).
  public var tasks: (completed: Int64, total: Int64) {
    stages.reduce((0, 0)) { ($0.0 &+ $1.completedTasks, $0.1 &+ $1.tasks) }
  }
  /// Bytes read by all stages.
  public var inputBytesRead: Int64 { stages.reduce(0) { $0 &+ $1.inputBytesRead } }
  /// 0...1, or nil when no task is known yet.
  public var fraction: Double? {
    let (completed, total) = tasks
    return total > 0 ? min(1, Double(completed) / Double(total)) : nil
  }
}
