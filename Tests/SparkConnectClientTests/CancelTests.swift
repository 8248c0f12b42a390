import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// Cancelling against the real dev server, checked on the server with GetStatus.
@Suite(.serialized, .timeLimit(.minutes(10))) struct CancelTests {
  /// Streams batches slowly (200 partitions, each a few million hashed ids) but returns few
  /// rows in all: the server never buffers much, whatever the client does.
  static let slowStream =
    "SELECT id, CAST(id AS STRING) s FROM range(0, 1000000000, 1, 200) WHERE hash(id) % 1000 = 0"

  static func session() throws -> SparkConnectSession {
    try SparkConnectSession(connection: ConnectionString(parsing: TestEnvironment.remote))
  }

  /// Waits (≤ 10 s) until the server no longer runs `operationID`; returns its last state.
  static func settledState(_ session: SparkConnectSession, _ operationID: String) async throws
    -> String
  {
    var state = "unknown"
    for _ in 0..<100 {
      state = try await session.operationStatus([operationID])[operationID] ?? "unknown"
      if !state.lowercased().contains("running") && !state.lowercased().contains("terminating") {
        break
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    return state
  }

  /// Checks the executors are free again: a small job that needs task slots answers within
  /// 20 s. (A cancelled job whose tasks keep running holds every slot under FIFO scheduling,
  /// and this query would wait for it.)
  static func expectExecutorsFree(_ session: SparkConnectSession) async throws {
    let clock = ContinuousClock()
    let start = clock.now
    let probe = Task { () throws -> Int in
      var rows = 0
      for try await event in session.run(sql: "SELECT count(*) FROM range(0, 1000, 1, 4)") {
        if case .batch(let batch, _) = event { rows += batch.rowCount }
      }
      return rows
    }
    let timeout = Task {
      try await Task.sleep(for: .seconds(20))
      probe.cancel()
    }
    let answered = try? await probe.value
    timeout.cancel()
    #expect(answered == 1, "a 4-task query took \(clock.now - start) after the cancel")
  }

  /// The operation id of the query (the last `operationStarted`) and the error it ended with.
  struct Outcome: Sendable {
    var operationID: String?
    var error: SparkError?
    var batches = 0
  }

  @Test func interruptWhileStreaming() async throws {
    let session = try Self.session()
    let stream = session.run(sql: Self.slowStream)
    var outcome = Outcome()
    var interrupted: [String] = []
    do {
      for try await event in stream {
        if case .operationStarted(let id) = event { outcome.operationID = id }
        if case .batch = event {
          outcome.batches += 1
          if outcome.batches == 1, let id = outcome.operationID {
            interrupted = try await session.interrupt(operationID: id)
          }
        }
      }
    } catch let error as SparkError {
      outcome.error = error
    }
    let id = try #require(outcome.operationID)
    #expect(interrupted == [id])
    #expect(outcome.error?.kind == .cancelled)
    let state = try await Self.settledState(session, id)
    #expect(state.lowercased().contains("cancel") || state == "unknown", "state \(state)")
    try await Self.expectExecutorsFree(session)
    await session.close()
  }

  /// Interrupts once the server reports running tasks but before any batch. (Interrupting
  /// while Spark still plans the query can orphan its job: Spark cancels the jobs of the
  /// operation's tag before AQE submitted any, then AQE submits one that runs to the end.
  /// Waiting for progress makes this test about Flint, not about that race.)
  @Test func interruptBeforeTheFirstBatch() async throws {
    let session = try Self.session()
    let stream = session.run(sql: TestEnvironment.cancellableLongQuery)
    let consumer = Task { () -> (Outcome, [String]) in
      var outcome = Outcome()
      var interrupted: [String] = []
      do {
        for try await event in stream {
          if case .operationStarted(let id) = event { outcome.operationID = id }
          if case .batch = event { outcome.batches += 1 }
          if case .progress(let progress) = event, interrupted.isEmpty,
            progress.inflightTasks > 0 || progress.tasks.completed > 0
          {
            interrupted = try await session.interruptAll()
          }
        }
      } catch let error as SparkError { outcome.error = error } catch {}
      return (outcome, interrupted)
    }
    let (outcome, interrupted) = await consumer.value
    let id = try #require(outcome.operationID)
    #expect(interrupted.contains(id))
    #expect(outcome.batches == 0)
    #expect(outcome.error?.kind == .cancelled)
    #expect(outcome.error?.errorClass == "OPERATION_CANCELED")
    let state = try await Self.settledState(session, id)
    #expect(state.lowercased().contains("cancel") || state == "unknown", "state \(state)")
    try await Self.expectExecutorsFree(session)
    await session.close()
  }
}
