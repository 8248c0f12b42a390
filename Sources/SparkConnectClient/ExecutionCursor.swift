import Foundation
import SparkConnectProto
import Synchronization

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
    var reattaches = 0
    var released = false
  }
  private let state = Mutex(State())

  init(operationID: String) { self.operationID = operationID }

  var lastResponseID: String? { state.withLock { $0.lastResponseID } }
  var isComplete: Bool { state.withLock { $0.complete } }
  var receivedAny: Bool { state.withLock { $0.receivedAny } }
  var outcome: SparkConnectSession.ExecutionOutcome { state.withLock { $0.outcome } }

  /// Counts a ReattachExecute about to be sent; returns the 1-based count.
  func reattaching() -> Int {
    state.withLock {
      $0.reattaches += 1
      return $0.reattaches
    }
  }

  /// True exactly once: whoever gets it sends the operation's ReleaseExecute. The normal end,
  /// a failure and a cancellation (which may race with either) all ask.
  func claimRelease() -> Bool {
    state.withLock { state in
      defer { state.released = true }
      return !state.released
    }
  }

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
