import SparkConnectClient

/// What the explorer needs from Spark. `SparkSessionService` implements it over a real
/// `SparkConnectSession`; `FakeSparkService` scripts it for tests.
public protocol SparkService: Sendable {
  /// Checks the server answers; returns its Spark version.
  func connect() async throws(SparkError) -> String
  /// Starts over with a new server session (a new session id) when the server no longer
  /// knows the old one (`SparkError.Kind.sessionChanged`: it restarted). Loaded results stay
  /// with the app; the old session's temporary views and settings are gone.
  func renewSession() async throws(SparkError)
  /// Runs a SQL text (see `SparkConnectSession.run(sql:maxRows:tag:)`); `maxRows` nil = no cap.
  func run(sql: String, maxRows: Int?, tag: String?) -> AsyncThrowingStream<QueryEvent, any Error>
  /// Runs a SQL text whose named markers get `parameters` (typed arguments, never text).
  func run(sql: String, parameters: [String: PlanValue], maxRows: Int?, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  /// Runs an exploration as one relation (see `SparkConnectSession.run(exploration:maxRows:tag:)`).
  func run(exploration: Exploration, maxRows: Int?, tag: String?) -> AsyncThrowingStream<
    QueryEvent, any Error
  >
  /// Writes the result of one query on the server with the DataFrame writer (see
  /// `SparkConnectSession.write(sql:to:tag:)`); the stream ends when every file is written.
  func write(sql: String, to destination: ServerWrite, tag: String?) -> AsyncThrowingStream<
    QueryEvent, any Error
  >
  /// Writes the rows of an exploration on the server.
  func write(exploration: Exploration, to destination: ServerWrite, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  /// Interrupts a running operation; returns the ids the server says it interrupted.
  func interrupt(operationID: String) async throws(SparkError) -> [String]
  /// Interrupts every operation carrying `tag`; returns the ids the server interrupted.
  func interrupt(tag: String) async throws(SparkError) -> [String]
  /// The children of a catalog path: [] lists catalogs, [c] databases, [c, d] tables and
  /// views, [c, d, t] columns.
  func listChildren(of path: [String]) async throws(SparkError) -> [CatalogEntry]
  /// The names of a scope, for completion (see `NameScope`).
  func names(in scope: NameScope) async throws(SparkError) -> [String]
  /// The plan of one SQL statement as Spark explains it in `mode`; a parse error carries its
  /// position in `sql`.
  func explain(sql: String, mode: SparkConnectSession.ExplainMode) async throws(SparkError)
    -> String
  /// The plan of an exploration as Spark explains it in `mode`.
  func explain(exploration: Exploration, mode: SparkConnectSession.ExplainMode)
    async throws(SparkError) -> String
  /// The result columns of an exploration, from analysis alone (checks a filter before it
  /// is pushed).
  func schema(exploration: Exploration) async throws(SparkError) -> SparkSchema
  /// The number of distinct groups behind a frequency on top of `exploration` (nil when the
  /// top step is no frequency).
  func distinctGroups(of exploration: Exploration, tag: String?) async throws(SparkError)
    -> Int64?
  /// The column profile of an exploration's rows, in one server query.
  func profile(of exploration: Exploration, columns: [String]?, tag: String?)
    async throws(SparkError) -> TableProfile
  /// Releases the server session and closes the connection.
  func close() async
}

extension SparkService {
  /// Runs a tab's query, whichever kind it is.
  func run(_ query: QuerySource, maxRows: Int?, tag: String?) -> AsyncThrowingStream<
    QueryEvent, any Error
  > {
    switch query {
    case .sql(let text): run(sql: text, maxRows: maxRows, tag: tag)
    case .parameterized(let text, let parameters):
      run(sql: text, parameters: parameters, maxRows: maxRows, tag: tag)
    case .plan(let exploration): run(exploration: exploration, maxRows: maxRows, tag: tag)
    }
  }

  /// Writes a tab's query on the server, whichever kind it is.
  func write(_ query: QuerySource, to destination: ServerWrite, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    switch query {
    // A parameterized text is written and explained as its text: Spark names the markers
    // it has no value for (UNBOUND_SQL_PARAMETER).
    case .sql(let text), .parameterized(let text, _): write(sql: text, to: destination, tag: tag)
    case .plan(let exploration): write(exploration: exploration, to: destination, tag: tag)
    }
  }

  /// Explains a tab's query, whichever kind it is.
  func explain(_ query: QuerySource, mode: SparkConnectSession.ExplainMode)
    async throws(SparkError) -> String
  {
    switch query {
    case .sql(let text), .parameterized(let text, _): try await explain(sql: text, mode: mode)
    case .plan(let exploration): try await explain(exploration: exploration, mode: mode)
    }
  }
}
