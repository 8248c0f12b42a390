import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// Network faults injected by a loopback proxy between the client and the real dev server:
/// cut and reset connections at random byte offsets, a stalled connection, an outage.
@Suite(.serialized, .timeLimit(.minutes(10))) struct FaultInjectionTests {
  /// The dev server's port, from `FLINT_TEST_REMOTE`.
  static func serverPort() throws -> Int {
    try ConnectionString(parsing: TestEnvironment.remote).port
  }

  static func session(through proxy: FaultProxy, options: SessionOptions = SessionOptions())
    throws -> SparkConnectSession
  {
    try SparkConnectSession(connection: ConnectionString(parsing: proxy.url), options: options)
  }

  /// Cut points drawn afresh every run from a printed seed (`FLINT_CUT_SEED` replays them),
  /// with batches in the received messages' buffers (`ResultBuffers.shared`, what exports
  /// use), since a cut can leave any message half-read.
  @Test(.timeLimit(.minutes(5)))
  func twentyRandomCutPointsDeliverExactlyTheRowsOfAnUncutRun() async throws {
    print("FLINT-CUT-SEED \(CutPoints.replay)")
    let proxy = try FaultProxy(targetPort: Self.serverPort())
    defer { proxy.stop() }
    var options = SessionOptions()
    options.resultBuffers = .shared
    let session = try Self.session(through: proxy, options: options)
    _ = try await session.connect()

    let before = proxy.bytesForwarded
    let reference = try await ResultChecksum.run(session)
    let streamBytes = proxy.bytesForwarded - before
    #expect(reference.rows == ResultChecksum.expectedRows)
    #expect(reference.misplaced == 0)
    #expect(reference.offsetErrors == 0)

    let cuts = 20
    var random = CutPoints.generator()
    var survived = 0
    var reconnects = 0
    let clock = ContinuousClock()
    let start = clock.now
    for index in 0..<cuts {
      // Cut points over the whole stream, the first one in the first kilobytes (before
      // any response was processed: the ExecutePlan may have to be sent again).
      let point =
        index == 0
        ? Int.random(in: 1...2000, using: &random) : Int.random(in: 1..<streamBytes, using: &random)
      let fault: FaultProxy.Fault =
        index % 2 == 0 ? .cut(afterBytes: point) : .reset(afterBytes: point)
      let fired = proxy.faultsTriggered
      proxy.inject(fault)
      let result: ResultChecksum
      do {
        result = try await ResultChecksum.run(session)
      } catch {
        Issue.record("\(fault) failed (\(CutPoints.replay)): \(error)")
        continue
      }
      #expect(proxy.faultsTriggered == fired + 1, "\(fault) did not fire (\(CutPoints.replay))")
      #expect(result == reference, "\(fault) (\(CutPoints.replay)): \(result)")
      #expect(result.offsetErrors == 0, "\(fault) (\(CutPoints.replay))")
      #expect(
        result.reconnects >= 1,
        "\(fault) was not seen as a reconnection (\(CutPoints.replay))")
      if result == reference { survived += 1 }
      reconnects += result.reconnects
    }
    print(
      "FLINT-FIGURES cut points survived \(survived)/\(cuts) in \(clock.now - start), rows checked \((cuts + 1) * reference.rows), stream \(streamBytes) bytes, reconnections \(reconnects), \(CutPoints.replay)"
    )
    await session.close()
  }

  @Test func aStallLongerThanTheKeepaliveTimeoutIsDetectedAndResumed() async throws {
    let proxy = try FaultProxy(targetPort: Self.serverPort())
    defer { proxy.stop() }
    var options = SessionOptions()
    options.keepaliveTime = .seconds(1)
    options.keepaliveTimeout = .seconds(1)
    let session = try Self.session(through: proxy, options: options)
    _ = try await session.connect()
    proxy.inject(.stall(afterBytes: 3_000_000, duration: .seconds(30)))
    let clock = ContinuousClock()
    let start = clock.now
    var sum = ResultChecksum()
    var lastBatch = start
    var detection: Duration?
    for try await event in session.run(sql: ResultChecksum.sql) {
      if case .batch = event { lastBatch = clock.now }
      if case .reconnecting = event, detection == nil { detection = clock.now - lastBatch }
      sum.add(event)
    }
    let total = clock.now - start
    #expect(proxy.faultsTriggered == 1)
    #expect(sum.rows == ResultChecksum.expectedRows)
    #expect(sum.misplaced == 0)
    #expect(sum.reconnects >= 1)
    let detected = try #require(detection)
    // keepalive 1 s + timeout 1 s, far below the 30 s stall.
    #expect(detected < .seconds(6), "stall detected after \(detected)")
    #expect(total < .seconds(25))
    print("FLINT-FIGURES stall detected after \(detected), query done in \(total)")
    await session.close()
  }

  @Test func anOutageMidStreamFailsFastAndTheSessionWorksWhenTheServerIsBack() async throws {
    let proxy = try FaultProxy(targetPort: Self.serverPort())
    defer { proxy.stop() }
    let session = try Self.session(through: proxy)
    _ = try await session.connect()
    let clock = ContinuousClock()
    var downAt: ContinuousClock.Instant?
    var reconnects: [Int] = []
    var failure: SparkError?
    do {
      for try await event in session.run(sql: ResultChecksum.sql) {
        if case .batch = event, downAt == nil {
          proxy.setDown(true)
          downAt = clock.now
        }
        if case .reconnecting(let attempt, _) = event { reconnects.append(attempt) }
      }
    } catch let error as SparkError {
      failure = error
    }
    let detectedAfter = try #require(downAt.map { clock.now - $0 })
    let error = try #require(failure)
    #expect(error.kind == .connection)
    #expect(error.message.contains("127.0.0.1:\(proxy.port)"))
    #expect(detectedAfter < .seconds(2), "took \(detectedAfter)")
    #expect(!reconnects.isEmpty)
    #expect(reconnects == Array(1..<(reconnects.count + 1)))
    print(
      "FLINT-FIGURES outage reported after \(detectedAfter) and \(reconnects.count) retries: \(error.message)"
    )

    proxy.setDown(false)
    let again = try await ResultChecksum.run(
      session, sql: "SELECT id, id*2 AS b, CAST(id AS STRING) s FROM range(1000)")
    #expect(again.rows == 1000 && again.misplaced == 0)
    await session.close()
  }
}
