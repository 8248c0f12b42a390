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

    let responseDeserializer = ExecutePlanResponseDeserializer(
      sharesBatchBytes: options.resultBuffers == .shared)
    continuation.yield(.operationStarted(operationID: operationID))
    let cursor = ExecutionCursor(operationID: operationID)
    var sendExecute = true
    var attempt = 0
    // Retries are bounded in count and in time since progress last stopped.
    var failingSince = ContinuousClock.now
    var progressMark: String? = nil
    while true {
      // A cancelled call may end its stream quietly instead of throwing: check here too.
      if Task.isCancelled {
        abandon(operationID: operationID)
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
      } catch {
        if Task.isCancelled {
          abandon(operationID: operationID)
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
          if spark.kind != .connection { release(operationID: operationID) }
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
          abandon(operationID: operationID)
          throw SparkError(kind: .cancelled, code: "cancelled", message: "cancelled")
        }
      }
    }
    release(operationID: operationID)
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

  /// Releases everything the server keeps for an operation (fire and forget).
  func release(operationID: String) {
    var request = Spark_Connect_ReleaseExecuteRequest()
    stamp(&request)
    request.operationID = operationID
    request.releaseAll = .init()
    sendRelease(request)
  }

  /// The consumer went away: interrupt the operation, then release it.
  private func abandon(operationID: String) {
    inBackground { [self] in
      _ = try? await self.interrupt(operationID: operationID)
      self.release(operationID: operationID)
    }
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

/// Where a reattachable execution stands: what was processed, chunks being assembled.
/// A class with a lock because the gRPC response handler is a @Sendable closure.
final class ExecutionCursor: Sendable {
  let operationID: String
  private struct State {
    var lastResponseID: String?
    var responsesSinceRelease = 0
    var complete = false
    var receivedAny = false
    var schemaSeen = false
    var pending = Data()
    var pendingChunks = 0
    var outcome = SparkConnectSession.ExecutionOutcome()
  }
  private let state = Mutex(State())

  init(operationID: String) { self.operationID = operationID }

  var lastResponseID: String? { state.withLock { $0.lastResponseID } }
  var isComplete: Bool { state.withLock { $0.complete } }
  var receivedAny: Bool { state.withLock { $0.receivedAny } }
  var outcome: SparkConnectSession.ExecutionOutcome { state.withLock { $0.outcome } }

  func processed(responseID: String) {
    state.withLock {
      $0.lastResponseID = responseID
      $0.receivedAny = true
      $0.responsesSinceRelease += 1
    }
  }

  /// True every 8 responses: time to tell the server it may drop what we have.
  func shouldReleaseBuffer() -> Bool {
    state.withLock {
      guard $0.responsesSinceRelease >= 8 else { return false }
      $0.responsesSinceRelease = 0
      return true
    }
  }

  /// True when a schema was already reported (a reattached stream may repeat it).
  func sawSchema() -> Bool {
    state.withLock { state in
      defer { state.schemaSeen = true }
      return state.schemaSeen
    }
  }

  func markComplete() { state.withLock { $0.complete = true } }

  func setCommandResult(_ relation: Spark_Connect_Relation) {
    state.withLock { $0.outcome.commandResult = relation }
  }

  /// Adds a (possibly chunked) batch; returns the whole batch's bytes once complete.
  func addChunk(_ batch: Spark_Connect_ExecutePlanResponse.ArrowBatch) throws(SparkError) -> Data? {
    let chunks = batch.hasNumChunksInBatch ? Int(batch.numChunksInBatch) : 1
    let index = batch.hasChunkIndex ? Int(batch.chunkIndex) : 0
    if chunks <= 1 { return batch.data }
    return try state.withLock { state throws(SparkError) -> Data? in
      guard index == state.pendingChunks else {
        throw SparkError(
          kind: .protocolViolation, code: "dataLoss",
          message:
            "Arrow chunk \(index) arrived, expected chunk \(state.pendingChunks) of \(chunks)")
      }
      state.pending.append(batch.data)
      state.pendingChunks += 1
      guard state.pendingChunks == chunks else { return nil }
      defer {
        state.pending = Data()
        state.pendingChunks = 0
      }
      return state.pending
    }
  }

  /// Counts rows, checking the server's start offset against the rows seen so far.
  func accept(rows: Int, startOffset: Int64?) throws(SparkError) {
    try state.withLock { state throws(SparkError) in
      if let startOffset, startOffset != Int64(state.outcome.rows) {
        throw SparkError(
          kind: .protocolViolation, code: "dataLoss",
          message:
            "rows out of order: a batch starts at row \(startOffset) but \(state.outcome.rows) rows arrived before it"
        )
      }
      state.outcome.rows += rows
    }
  }
}
