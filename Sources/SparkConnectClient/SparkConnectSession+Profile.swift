import ArrowIPC
import SparkConnectProto

extension SparkConnectSession {
  /// The column profile of an exploration's relation: every column, or those named in
  /// `columns` in that order (an unknown name is an error).
  ///
  /// One AnalyzePlan for the schema, then exactly one ExecutePlan: a single `Aggregate`
  /// without grouping over the exploration's relation (`ProfileQuery`), so Spark scans the
  /// rows once whatever the number of columns. The statistics of a column depend only on its
  /// type (`ColumnProfile.Statistic.applicable(to:)`), so a map, variant or other unusual
  /// column gets what Spark can compute for it and never fails the profile. Whatever the last
  /// step is (a frequency, a sample, a limit), the profile is that of its result rows.
  public func profile(of exploration: Exploration, columns: [String]? = nil, tag: String? = nil)
    async throws(SparkError) -> TableProfile
  {
    try await profileRun(of: exploration, columns: columns, tag: tag).profile
  }

  /// The profile and every event of its one execution (tests count the operations, the
  /// stages and the scans in them).
  func profileRun(of exploration: Exploration, columns: [String]?, tag: String?)
    async throws(SparkError) -> (profile: TableProfile, events: [QueryEvent])
  {
    let schema = try await schema(exploration: exploration)
    let query = try ProfileQuery(input: exploration.relation, schema: schema, only: columns)
    let (stream, continuation) = AsyncThrowingStream<QueryEvent, any Error>.makeStream()
    _ = try await execute(
      plan: Plan.root(query.relation), tag: tag,
      continuation: EventSink(continuation: continuation, gate: nil))
    continuation.finish()
    var events: [QueryEvent] = []
    do {
      for try await event in stream { events.append(event) }
    } catch {
      throw SparkError.from(error)
    }
    let batches = events.compactMap { event -> RecordBatch? in
      if case .batch(let batch, _) = event { return batch }
      return nil
    }
    return (try query.profile(from: batches), events)
  }
}
