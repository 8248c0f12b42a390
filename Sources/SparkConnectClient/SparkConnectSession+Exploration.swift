import ArrowIPC
import SparkConnectProto

extension SparkConnectSession {
  /// Runs an exploration as one relation, streaming what happens as `run(sql:maxRows:tag:)`
  /// does for a one-statement text.
  ///
  /// The events are `statementStarted` (index 0 of 1, its statement the exploration's pipe
  /// SQL), `operationStarted`, `schema`, `batch`es and `progress`, then `statementFinished`.
  /// With `maxRows` the relation is wrapped in `LIMIT maxRows + 1`, so the caller learns
  /// exactly whether more rows exist. Backpressure, reattach and cancellation are those of
  /// `run(sql:maxRows:tag:)`.
  public func run(exploration: Exploration, maxRows: Int? = nil, tag: String? = nil)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    let relation = exploration.relation
    let statement = SQLScript.Statement(text: exploration.pipeSQL, offset: 0)
    return FlowGate.stream(limit: options.bufferedResultBytes) { sink in
      sink.yield(.statementStarted(index: 0, count: 1, statement: statement))
      var root = relation
      if let maxRows, maxRows > 0 { root = .limit(relation, maxRows + 1) }
      let outcome = try await self.execute(plan: Plan.root(root), tag: tag, continuation: sink)
      sink.yield(.statementFinished(index: 0, rows: outcome.rows))
    }
  }

  /// The query plan of an exploration as Spark explains it (AnalyzePlan on its relation).
  public func explain(exploration: Exploration, mode: ExplainMode = .simple)
    async throws(SparkError) -> String
  {
    try await explain(plan: Plan.root(exploration.relation), mode: mode)
  }

  /// The result schema of an exploration, without running it.
  public func schema(exploration: Exploration) async throws(SparkError) -> SparkSchema {
    try await schema(plan: Plan.root(exploration.relation))
  }

  /// For an exploration whose last step is a frequency: the number of distinct groups of its
  /// columns over all rows (the frequency itself shows at most its limit), NULL forming a
  /// group as in GROUP BY. Nil when the last step is not a frequency.
  ///
  /// Exact, by a second small query (`count(1)` over the grouped parent), not
  /// `count(DISTINCT …)`, which skips rows with a NULL in any column, nor
  /// `approx_count_distinct`, whose error would show beside exact counts. It costs one more
  /// scan of the parent; a caller that received fewer rows than the limit already knows it.
  public func distinctGroups(of exploration: Exploration, tag: String? = nil)
    async throws(SparkError) -> Int64?
  {
    guard let relation = exploration.distinctGroupsRelation else { return nil }
    let (stream, continuation) = AsyncThrowingStream<QueryEvent, any Error>.makeStream()
    _ = try await execute(
      plan: Plan.root(relation), tag: tag,
      continuation: EventSink(continuation: continuation, gate: nil))
    continuation.finish()
    do {
      for try await case .batch(let batch, _) in stream
      where batch.rowCount > 0 && !batch.columns.isEmpty {
        let column = batch.columns[0]
        guard case .int = column.type, !column.isNull(0) else { break }
        return column.int64(at: 0)
      }
    } catch {
      throw SparkError.from(error)
    }
    throw SparkError(
      kind: .protocolViolation, code: "dataLoss",
      message: "the server sent no count of distinct groups")
  }
}
