import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

extension ReattachServerTests {
  /// The reader stops taking rows for longer than the server keeps a detached operation: the
  /// server forgets it, and the user gets a clear error saying the result is incomplete,
  /// with every row received before it in place (no duplicate, no silent truncation).
  @Test func aReaderPausedPastTheDetachedTimeoutGetsAClearErrorAndNoWrongRows() async throws {
    var options = SessionOptions()
    // A small buffer, so the reader stops reading soon after the consumer stops taking.
    options.bufferedResultBytes = 256 * 1024
    let session = try ReattachServer.session(options)
    let total = 5_000_000
    var stream = IDStream()
    var failure: SparkError?
    var paused: Duration?
    let clock = ContinuousClock()
    do {
      for try await event in session.run(sql: "SELECT id FROM range(\(total))") {
        stream.add(event)
        guard case .batch = event, paused == nil else { continue }
        // The pause is the fault under test, so it is a fixed time: the server ends its
        // stream after 1 s, then drops the operation once nobody was attached for the
        // detached timeout, at its next maintenance pass. (GetStatus cannot tell: it keeps
        // saying "succeeded" for an abandoned operation; a reattach would attach.)
        let start = clock.now
        try await Task.sleep(
          for: .seconds(1) + ReattachServer.detachedTimeout + ReattachServer.maintenanceInterval
            * 3 + .seconds(3))
        paused = clock.now - start
      }
    } catch let error as SparkError {
      failure = error
    }
    let error = try #require(failure, "all \(stream.rows) rows arrived: nothing was forgotten")
    let errorClass = error.errorClass ?? ""
    #expect(
      errorClass.hasPrefix("INVALID_HANDLE.OPERATION_ABANDONED")
        || errorClass.hasPrefix("INVALID_HANDLE.OPERATION_NOT_FOUND"), "\(error)")
    #expect(error.message.contains("result is incomplete (\(stream.rows) rows arrived)"))
    #expect(error.message.contains("run the query again"))
    #expect(stream.rows > 0 && stream.rows < total)
    #expect(stream.misplaced == 0)
    #expect(stream.reconnects == 0)
    print(
      "FLINT-FIGURES forgotten after a pause of \(paused.map { "\($0)" } ?? "?"), \(stream.rows) rows kept in order, the user sees: flint: \(error.description)"
    )
    await session.close()
  }

  /// A query that completes, one cancelled by an Interrupt, and one whose consumer drops the
  /// stream: afterwards the server holds none of their operations, by its own answer to a
  /// ReattachExecute (`OPERATION_NOT_FOUND`; one it had to drop itself would answer
  /// `OPERATION_ABANDONED`, and one still held would attach).
  @Test func everyEndingReleasesItsOperationsOnTheServer() async throws {
    let session = try ReattachServer.session()
    _ = try await session.connect()
    var endings: [(String, [String])] = []

    var completed = IDStream()
    for try await event in session.run(sql: "SELECT id FROM range(2000000)") {
      completed.add(event)
    }
    #expect(completed.rows == 2_000_000 && completed.misplaced == 0)
    endings.append(("completed", completed.operationIDs))

    var cancelled: [String] = []
    var interrupted = false
    do {
      for try await event in session.run(sql: ReattachServer.slowStream) {
        if case .operationStarted(let id) = event { cancelled.append(id) }
        if case .batch = event, !interrupted, let id = cancelled.last {
          interrupted = true
          try await session.interrupt(operationID: id)
        }
      }
      Issue.record("the interrupted query ended normally")
    } catch let error as SparkError {
      #expect(error.kind == .cancelled, "\(error)")
    }
    endings.append(("cancelled", cancelled))

    var dropped: [String] = []
    for try await event in session.run(sql: ReattachServer.slowStream) {
      if case .operationStarted(let id) = event { dropped.append(id) }
      if case .batch = event { break }
    }
    endings.append(("dropped", dropped))

    await session.drainBackground(within: .seconds(10))
    var verified: [String] = []
    for (ending, operations) in endings {
      // Each statement runs as its SQL command, then the query it returned.
      #expect(operations.count == 2, "\(ending): \(operations)")
      for operation in operations {
        let presence = await session.presence(ofOperation: operation)
        #expect(
          presence == .gone(errorClass: "INVALID_HANDLE.OPERATION_NOT_FOUND"),
          "\(ending) operation \(operation): \(presence)")
      }
      verified.append("\(ending) \(operations.count)/\(operations.count)")
    }
    print("FLINT-FIGURES releases verified by ReattachExecute: \(verified.joined(separator: ", "))")
    await session.close()
  }

  /// `close()` right after the consumer dropped a running stream: the Interrupt and the
  /// release go out before ReleaseSession, so the server never sees a ReleaseExecute for a
  /// closed session. A release sent after the close is the control: the server logs it.
  @Test func closeRightAfterADroppedStreamReleasesBeforeTheSessionEnds() async throws {
    func sessionClosedLines() -> [Substring] {
      ReattachServer.server.logText().split(separator: "\n").filter {
        $0.contains("SESSION_CLOSED")
      }
    }
    // Other tests' sessions may have left lines already: only new ones count.
    let before = sessionClosedLines().count
    let session = try ReattachServer.session()
    var operation: String?
    for try await event in session.run(sql: ReattachServer.slowStream) {
      if case .operationStarted(let id) = event { operation = id }
      if case .batch = event { break }
    }
    await session.close()
    let dropped = try #require(operation)

    // The control: the same session id, released after the close.
    let late = try SparkConnectSession(
      connection: ConnectionString(
        parsing: "\(ReattachServer.url)/;session_id=\(session.sessionID)"))
    late.release(operationID: dropped)
    await late.drainBackground(within: .seconds(10))
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(20)
    var lines = sessionClosedLines()
    while lines.count == before, clock.now < deadline {
      try await Task.sleep(for: .milliseconds(200))
      lines = sessionClosedLines()
    }
    // Spark logs into one file per server, appending: the new lines are the last ones.
    let new = lines.count - before
    #expect(new > 0, "the control release after close left no SESSION_CLOSED in the log")
    #expect(new == 1, "\(lines.suffix(max(new, 0)).joined(separator: "\n"))")
    #expect(lines.last?.contains(session.sessionID) == true, "\(lines.last ?? "")")
    print(
      "FLINT-FIGURES after close: \(new) new SESSION_CLOSED line(s), the control's: \(lines.last ?? "")"
    )
    await late.close()
  }
}
