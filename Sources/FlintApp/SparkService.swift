import SparkConnectClient

/// What the explorer needs from Spark. `SparkSessionService` implements it over a real
/// `SparkConnectSession`; `FakeSparkService` scripts it for tests.
public protocol SparkService: Sendable {
  /// Checks the server answers; returns its Spark version.
  func connect() async throws(SparkError) -> String
  /// Runs a SQL text (see `SparkConnectSession.run(sql:maxRows:tag:)`); `maxRows` nil = no cap.
  func run(sql: String, maxRows: Int?, tag: String?) -> AsyncThrowingStream<QueryEvent, any Error>
  /// Writes the result of one query on the server with the DataFrame writer (see
  /// `SparkConnectSession.write(sql:to:tag:)`); the stream ends when every file is written.
  func write(sql: String, to destination: ServerWrite, tag: String?) -> AsyncThrowingStream<
    QueryEvent, any Error
  >
  /// Interrupts a running operation; returns the ids the server says it interrupted.
  func interrupt(operationID: String) async throws(SparkError) -> [String]
  /// Interrupts every operation carrying `tag`; returns the ids the server interrupted.
  func interrupt(tag: String) async throws(SparkError) -> [String]
  /// The children of a catalog path: [] lists catalogs, [c] databases, [c, d] tables and
  /// views, [c, d, t] columns.
  func listChildren(of path: [String]) async throws(SparkError) -> [CatalogEntry]
  /// The plan of one SQL statement as Spark explains it in `mode`; a parse error carries its
  /// position in `sql`.
  func explain(sql: String, mode: SparkConnectSession.ExplainMode) async throws(SparkError)
    -> String
  /// Releases the server session and closes the connection.
  func close() async
}
