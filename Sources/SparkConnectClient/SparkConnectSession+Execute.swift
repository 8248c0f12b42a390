import ArrowIPC
import Foundation
import GRPCCore
import GRPCProtobuf
import SparkConnectProto
import Synchronization

extension SparkConnectSession {
  /// Runs every statement of a SQL text in order, streaming what happens.
  ///
  /// The stream has backpressure: once `SessionOptions.bufferedResultBytes` of batches are
  /// yielded but not yet taken by the consumer, reading from the server pauses (and gRPC's
  /// flow control holds the server back), so a slow consumer — an export writing CSV — keeps
  /// memory bounded instead of buffering the whole result.
  ///
  /// Each statement goes through Spark's SqlCommand two-step: a command (DDL, DML, SHOW, SET…)
  /// runs exactly once and its local result is returned; a query comes back as a relation
  /// that is then executed — wrapped in `LIMIT maxRows + 1` when `maxRows` is given, so the
  /// caller learns exactly whether more rows exist. Cancelling the consuming task interrupts
  /// the running operation on the server. Errors are `SparkError`s whose query contexts point
  /// into the whole text (offsets, lines and columns).
  ///
  /// `parameters` are the values of named markers (`:zone`, see `SQLParameters`): each
  /// statement gets those of its own markers as the named arguments of its `SQL` relation.
  public func run(
    sql: String, maxRows: Int? = nil, tag: String? = nil, parameters: [String: PlanValue] = [:]
  )
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    FlowGate.stream(limit: options.bufferedResultBytes) { sink in
      try await self.runScript(
        sql, maxRows: maxRows, tag: tag, parameters: parameters, continuation: sink)
    }
  }

  private func runScript(
    _ sql: String, maxRows: Int?, tag: String?, parameters: [String: PlanValue],
    continuation: EventSink
  ) async throws(SparkError) {
    let statements = SQLScript.statements(in: sql)
    guard !statements.isEmpty else {
      throw SparkError(
        kind: .server, code: "invalidArgument",
        message: "nothing to run: the text has no SQL statement")
    }
    for (index, statement) in statements.enumerated() {
      continuation.yield(
        .statementStarted(index: index, count: statements.count, statement: statement))
      do {
        let own = parameters.filter {
          SQLParameters.markers(in: statement.text).contains($0.key)
        }
        let rows = try await runStatement(
          statement.text, maxRows: maxRows, tag: tag, parameters: own,
          continuation: continuation)
        continuation.yield(.statementFinished(index: index, rows: rows))
      } catch {
        throw error.located(in: statement, of: sql)
      }
    }
  }

  /// Runs one statement; returns the number of rows it produced.
  private func runStatement(
    _ text: String, maxRows: Int?, tag: String?, parameters: [String: PlanValue],
    continuation: EventSink
  ) async throws(SparkError) -> Int {
    let first = try await execute(
      plan: Plan.sqlCommand(text, parameters: parameters), tag: tag, continuation: continuation)
    guard let relation = first.commandResult else {
      return first.rows
    }
    if case .localRelation(let local) = relation.relType {
      guard local.hasData, !local.data.isEmpty else { return 0 }
      let batches: [RecordBatch]
      do {
        batches = try ArrowStreamReader.readAll(local.data).batches
      } catch {
        throw SparkError(
          kind: .protocolViolation, code: "dataLoss",
          message: "the server sent a command result Flint cannot read: \(error)")
      }
      var rows = 0
      for batch in batches {
        continuation.yield(.batch(batch, startOffset: Int64(rows)))
        rows += batch.rowCount
      }
      return rows
    }
    var root = relation
    if let maxRows, maxRows > 0 { root = .limit(relation, maxRows + 1) }
    return try await execute(plan: Plan.root(root), tag: tag, continuation: continuation).rows
  }

  /// What one execution produced besides the events it yielded.
  struct ExecutionOutcome: Sendable {
    var rows = 0
    var commandResult: Spark_Connect_Relation?
  }

  /// Executes a plan reattachably: a stream that ends without ResultComplete, or breaks
  /// with a retryable error, is resumed with ReattachExecute from the last processed
  /// response; batches are checked for continuity so no row is lost or duplicated.
  ///
  /// However it ends, the operation is released on the server exactly once: after
  /// ResultComplete, after a failure the server answered, and when the consumer goes away
  /// (the task is cancelled: Interrupt, then release, started at the moment of cancellation
  /// so that a `close()` right after waits for them).
  func execute(
    plan: Spark_Connect_Plan, tag: String?,
    continuation: EventSink
  ) async throws(SparkError) -> ExecutionOutcome {
    let operationID = UUID().uuidString.lowercased()
    var request = Spark_Connect_ExecutePlanRequest()
    stamp(&request)
    request.operationID = operationID
    request.plan = plan
    if let tag { request.tags = [tag] }
    var reattach = Spark_Connect_ExecutePlanRequest.RequestOption()
    reattach.reattachOptions.reattachable = true
    var chunking = Spark_Connect_ExecutePlanRequest.RequestOption()
    chunking.resultChunkingOptions.allowArrowBatchChunking = true
    chunking.resultChunkingOptions.preferredArrowChunkSize = Int64(options.preferredChunkSize)
    request.requestOptions = [reattach, chunking]

    continuation.yield(.operationStarted(operationID: operationID))
    let cursor = ExecutionCursor(operationID: operationID)
    let result = await withTaskCancellationHandler {
      () async -> Result<ExecutionOutcome, SparkError> in
      do throws(SparkError) {
        return .success(
          try await drive(request, cursor: cursor, continuation: continuation))
      } catch {
        return .failure(error)
      }
    } onCancel: {
      self.abandon(cursor)
    }
    return try result.get()
  }

  /// Sends the ExecutePlan and reattaches until ResultComplete (see `execute`).
  private func drive(
    _ request: Spark_Connect_ExecutePlanRequest, cursor: ExecutionCursor,
    continuation: EventSink
  ) async throws(SparkError) -> ExecutionOutcome {
    let operationID = cursor.operationID
    let responseDeserializer = ExecutePlanResponseDeserializer(
      sharesBatchBytes: options.resultBuffers == .shared)
    var sendExecute = true
    var attempt = 0
    // Retries are bounded in count and in time since progress last stopped.
    var failingSince = ContinuousClock.now
    var progressMark: String? = nil
    while true {
      // A cancelled call may end its stream quietly instead of throwing: check here too.
      if Task.isCancelled {
        abandon(cursor)
        throw SparkError(kind: .cancelled, code: "cancelled", message: "cancelled")
      }
      // The first call and every reattach stream the same responses, read the same way.
      let consume:
        @Sendable (StreamingClientResponse<Spark_Connect_ExecutePlanResponse>)
          async throws -> Void = { response in
            for try await message in response.messages {
              try self.process(message, cursor: cursor, continuation: continuation)
              await continuation.waitForRoom()
            }
          }
      do {
        if sendExecute {
          sendExecute = false
          try await service.executePlan(
            request: ClientRequest(message: request, metadata: metadata),
            serializer: ProtobufSerializer(), deserializer: responseDeserializer,
            options: callOptions, onResponse: consume)
        } else {
          var reattachRequest = Spark_Connect_ReattachExecuteRequest()
          stamp(&reattachRequest)
          reattachRequest.operationID = operationID
          if let last = cursor.lastResponseID { reattachRequest.lastResponseID = last }
          try await service.reattachExecute(
            request: ClientRequest(message: reattachRequest, metadata: metadata),
            serializer: ProtobufSerializer(), deserializer: responseDeserializer,
            options: callOptions, onResponse: consume)
        }
        if cursor.isComplete { break }
        // The server ends streams on purpose (2 minutes or 1 GiB): resume where we were.
        attempt = 0
        continuation.yield(.reattaching(count: cursor.reattaching(), cause: .serverEndedStream))
      } catch {
        if Task.isCancelled {
          abandon(cursor)
          throw SparkError(kind: .cancelled, code: "cancelled", message: "cancelled")
        }
        // The stream broke after ResultComplete: every response is already here.
        if cursor.isComplete { break }
        let spark = SparkError.from(error)
        if spark.errorClass?.hasPrefix("INVALID_HANDLE.OPERATION_NOT_FOUND") == true,
          !cursor.receivedAny, attempt < options.retryPolicy.maxRetries
        {
          // The ExecutePlan never reached the server: send it again, same operation id.
          attempt += 1
          sendExecute = true
          continue
        }
        if spark.isOperationGone {
          // Rows arrived, then the server forgot the operation: its rows cannot be had again.
          releaseOnce(cursor)
          throw SparkError.operationForgotten(spark, rowsReceived: cursor.outcome.rows)
        }
        if attempt == 0 || cursor.lastResponseID != progressMark {
          failingSince = ContinuousClock.now
          progressMark = cursor.lastResponseID
          attempt = 0
        }
        let elapsed = ContinuousClock.now - failingSince
        let delay = options.retryPolicy.delay(
          forAttempt: attempt + 1, serverDelay: spark.retryDelay)
        guard spark.isRetryable, spark.kind != .sessionChanged,
          options.retryPolicy.allows(attempt: attempt + 1, after: delay, elapsed: elapsed)
        else {
          if spark.kind != .connection { releaseOnce(cursor) }
          var failure = await enrich(error)
          if attempt > 0, failure.kind == .connection {
            failure.message += " (gave up after \(attempt) reconnection attempts)"
          }
          throw failure
        }
        attempt += 1
        continuation.yield(.reconnecting(attempt: attempt, reason: spark.message))
        do {
          try await Task.sleep(for: delay)
        } catch {
          abandon(cursor)
          throw SparkError(kind: .cancelled, code: "cancelled", message: "cancelled")
        }
        if !sendExecute {
          continuation.yield(.reattaching(count: cursor.reattaching(), cause: .streamBroke))
        }
      }
    }
    releaseOnce(cursor)
    return cursor.outcome
  }

  /// Handles one ExecutePlan response: session check, progress, batches, metrics, results.
  private func process(
    _ response: Spark_Connect_ExecutePlanResponse, cursor: ExecutionCursor,
    continuation: EventSink
  ) throws {
    try observe(serverSideSessionID: response.serverSideSessionID)
    if response.hasSchema, !cursor.sawSchema() {
      continuation.yield(.schema(SparkSchema(proto: response.schema)))
    }
    switch response.responseType {
    case .arrowBatch(let batch):
      if let data = try cursor.addChunk(batch) {
        let decoded: [RecordBatch]
        do {
          decoded = try ArrowStreamReader.readAll(data).batches
        } catch {
          throw SparkError(
            kind: .protocolViolation, code: "dataLoss",
            message: "the server sent an Arrow batch Flint cannot read: \(error)")
        }
        let offset = batch.hasStartOffset ? batch.startOffset : nil
        try cursor.accept(rows: decoded.reduce(0) { $0 + $1.rowCount }, startOffset: offset)
        var rowOffset = offset
        for record in decoded {
          continuation.yield(.batch(record, startOffset: rowOffset))
          rowOffset = rowOffset.map { $0 + Int64(record.rowCount) }
        }
      }
    case .sqlCommandResult(let result):
      cursor.setCommandResult(result.relation)
    case .executionProgress(let progress):
      continuation.yield(
        .progress(
          ExecutionProgress(
            stages: progress.stages.map {
              .init(
                stageID: $0.stageID, tasks: $0.numTasks, completedTasks: $0.numCompletedTasks,
                inputBytesRead: $0.inputBytesRead, done: $0.done)
            },
            inflightTasks: progress.numInflightTasks)))
    case .resultComplete:
      cursor.markComplete()
    default:
      break
    }
    // Metrics ride on any response type, normally one near the end of the execution.
    if response.hasMetrics, !response.metrics.metrics.isEmpty {
      continuation.yield(.metrics(ExecutionMetrics(proto: response.metrics)))
    }
    if !response.responseID.isEmpty { cursor.processed(responseID: response.responseID) }
    if cursor.shouldReleaseBuffer() { releaseUntil(operationID: cursor.operationID, cursor) }
  }

  /// Frees the server's buffer of responses we have processed (fire and forget).
  private func releaseUntil(operationID: String, _ cursor: ExecutionCursor) {
    guard let last = cursor.lastResponseID else { return }
    var request = Spark_Connect_ReleaseExecuteRequest()
    stamp(&request)
    request.operationID = operationID
    request.releaseUntil.responseID = last
    sendRelease(request)
  }

  /// Releases everything the server keeps for an operation (fire and forget, but tracked:
  /// `close()` waits for it).
  func release(operationID: String) {
    inBackground { [self] in await self.postRelease(operationID: operationID) }
  }

  /// Releases the cursor's operation unless that was already done or started.
  private func releaseOnce(_ cursor: ExecutionCursor) {
    guard cursor.claimRelease() else { return }
    release(operationID: cursor.operationID)
  }

  /// The consumer went away: interrupt the operation, then release it (once, however many
  /// places notice).
  private func abandon(_ cursor: ExecutionCursor) {
    guard cursor.claimRelease() else { return }
    let operationID = cursor.operationID
    inBackground { [self] in
      _ = try? await self.interrupt(operationID: operationID)
      await self.postRelease(operationID: operationID)
    }
  }

  /// Sends ReleaseExecute(release_all) and waits for the answer (errors ignored: the server
  /// also drops operations nobody is attached to, after its detached timeout).
  private func postRelease(operationID: String) async {
    var request = Spark_Connect_ReleaseExecuteRequest()
    stamp(&request)
    request.operationID = operationID
    request.releaseAll = .init()
    var options = callOptions
    options.timeout = .seconds(30)
    _ = try? await service.releaseExecute(request, metadata: metadata, options: options)
  }

  private func sendRelease(_ request: Spark_Connect_ReleaseExecuteRequest) {
    var options = callOptions
    options.timeout = .seconds(30)
    let metadata = self.metadata
    inBackground { [service, options] in
      _ = try? await service.releaseExecute(request, metadata: metadata, options: options)
    }
  }
}
