import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// Cancelling against the real dev server, checked on the server with GetStatus.
@Suite(.serialized) struct CancelTests {
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
    await session.close()
  }

  @Test func interruptBeforeTheFirstBatch() async throws {
    let session = try Self.session()
    let stream = session.run(
      sql: TestEnvironment.cancellableLongQuery)
    let consumer = Task { () -> Outcome in
      var outcome = Outcome()
      do {
        for try await event in stream {
          if case .operationStarted(let id) = event { outcome.operationID = id }
          if case .batch = event { outcome.batches += 1 }
        }
      } catch let error as SparkError { outcome.error = error } catch {}
      return outcome
    }
    // Wait for the query's execution to run on the server, then interrupt them all.
    var interrupted: [String] = []
    for _ in 0..<100 {
      try await Task.sleep(for: .milliseconds(200))
      interrupted = try await session.interruptAll()
      if !interrupted.isEmpty { break }
    }
    let outcome = await consumer.value
    let id = try #require(outcome.operationID)
    #expect(interrupted.contains(id))
    #expect(outcome.batches == 0)
    #expect(outcome.error?.kind == .cancelled)
    #expect(outcome.error?.errorClass == "OPERATION_CANCELED")
    let state = try await Self.settledState(session, id)
    #expect(state.lowercased().contains("cancel") || state == "unknown", "state \(state)")
    await session.close()
  }
}
