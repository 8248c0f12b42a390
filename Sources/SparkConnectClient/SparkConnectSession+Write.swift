import SparkConnectProto

extension SparkConnectSession {
  /// Writes the result of one SQL query on the server with the DataFrame writer: sends a
  /// `Command.write_operation` whose input is the query's SQL relation and waits until the
  /// server has written every file.
  ///
  /// The stream yields `.operationStarted` (its id can be interrupted) and `.progress` while
  /// the job runs, and ends when the write is complete, or with a `SparkError` (for example
  /// `PATH_ALREADY_EXISTS` under `SaveMode.error`). Cancelling the consuming task interrupts
  /// the operation on the server. Query contexts of errors point into `sql`.
  ///
  /// - Parameters:
  ///   - sql: exactly one query (a trailing `;` is fine).
  ///   - destination: format, server-side path, save mode and writer options.
  ///   - tag: an operation tag, for `interrupt(tag:)`.
  public func write(sql: String, to destination: ServerWrite, tag: String? = nil)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    AsyncThrowingStream { continuation in
      let task = Task {
        do {
          try await self.runWrite(
            sql: sql, destination: destination, tag: tag,
            continuation: EventSink(continuation: continuation, gate: nil))
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  /// Writes the rows of an exploration on the server, as `write(sql:to:tag:)` does for one
  /// query: the write operation's input is the exploration's relation.
  public func write(exploration: Exploration, to destination: ServerWrite, tag: String? = nil)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    AsyncThrowingStream { continuation in
      let task = Task {
        do {
          guard !destination.path.isEmpty else {
            throw SparkError(
              kind: .server, code: "invalidArgument", message: "a server-side write needs a path")
          }
          _ = try await self.execute(
            plan: Plan.write(exploration.relation, to: destination), tag: tag,
            continuation: EventSink(continuation: continuation, gate: nil))
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  private func runWrite(
    sql: String, destination: ServerWrite, tag: String?,
    continuation: EventSink
  ) async throws(SparkError) {
    let statements = SQLScript.statements(in: sql)
    guard statements.count == 1, let statement = statements.first else {
      throw SparkError(
        kind: .server, code: "invalidArgument",
        message: statements.isEmpty
          ? "nothing to write: the text has no SQL statement"
          : "a server-side write takes one query; the text has \(statements.count) statements")
    }
    guard !destination.path.isEmpty else {
      throw SparkError(
        kind: .server, code: "invalidArgument", message: "a server-side write needs a path")
    }
    do {
      _ = try await execute(
        plan: Plan.write(.sql(statement.text), to: destination), tag: tag,
        continuation: continuation)
    } catch {
      throw error.located(in: statement, of: sql)
    }
  }
}

extension Plan {
  /// `df.write.format(source).mode(mode).options(options).save(path)` for the rows of
  /// `input`.
  static func write(_ input: Spark_Connect_Relation, to destination: ServerWrite)
    -> Spark_Connect_Plan
  {
    var operation = Spark_Connect_WriteOperation()
    operation.input = input
    operation.source = destination.source
    operation.path = destination.path
    operation.mode = destination.mode.proto
    operation.options = destination.options
    var command = Spark_Connect_Command()
    command.writeOperation = operation
    return Self.command(command)
  }
}

extension ServerWrite.SaveMode {
  var proto: Spark_Connect_WriteOperation.SaveMode {
    switch self {
    case .error: .errorIfExists
    case .overwrite: .overwrite
    case .append: .append
    case .ignore: .ignore
    }
  }
}
