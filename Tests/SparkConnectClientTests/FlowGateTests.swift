import ArrowIPC
import Synchronization
import Testing

@testable import SparkConnectClient

/// Backpressure between the response reader and a slow consumer of `run`'s stream.
@Suite(.timeLimit(.minutes(1))) struct FlowGateTests {
  final class Counter: Sendable {
    let value = Atomic<Int>(0)
  }

  static func batch(rows: Int) throws -> RecordBatch {
    let schema = ArrowSchema(fields: [
      ArrowField(name: "id", type: .int(bitWidth: 64, signed: true), nullable: false)
    ])
    return try ArrowColumnBuilder.batch(
      schema, columns: [(0..<rows).map { ArrowValue.int(Int64($0)) }])
  }

  /// A producer as `execute` runs it (yield, then wait for room) and a consumer that takes one
  /// batch every millisecond: the bytes in between never pass the limit by more than a batch.
  @Test func aSlowConsumerHoldsTheProducerBack() async throws {
    let batch = try Self.batch(rows: 10_000)  // 80 KB
    let limit = 4 * batch.byteCount
    let produced = Counter()
    let events = FlowGate.stream(limit: limit) { sink in
      for _ in 0..<100 {
        sink.yield(.batch(batch, startOffset: nil))
        produced.value.add(batch.byteCount, ordering: .relaxed)
        await sink.waitForRoom()
      }
    }
    var consumed = 0
    var worst = 0
    for try await event in events {
      guard case .batch(let b, _) = event else { continue }
      consumed += b.byteCount
      try await Task.sleep(for: .milliseconds(1))
      worst = max(worst, produced.value.load(ordering: .relaxed) - consumed)
    }
    #expect(consumed == 100 * batch.byteCount)
    #expect(worst <= limit + batch.byteCount, "ran ahead by \(worst) bytes (limit \(limit))")
    #expect(worst >= limit / 2, "the producer should fill the allowance, not crawl")
  }

  /// Dropping the stream (the consumer stops) releases a producer waiting for room.
  @Test func droppingTheStreamReleasesAWaitingProducer() async throws {
    let batch = try Self.batch(rows: 1000)
    let finished = Counter()
    var metered: AsyncThrowingStream<QueryEvent, any Error>? = FlowGate.stream(limit: 0) { sink in
      for _ in 0..<10 {
        sink.yield(.batch(batch, startOffset: nil))
        await sink.waitForRoom()
      }
      finished.value.store(1, ordering: .relaxed)
    }
    var iterator = metered!.makeAsyncIterator()
    _ = try await iterator.next()
    metered = nil
    iterator = AsyncThrowingStream<QueryEvent, any Error> { $0.finish() }.makeAsyncIterator()
    for _ in 0..<500 where finished.value.load(ordering: .relaxed) == 0 {
      try await Task.sleep(for: .milliseconds(2))
    }
    let done = finished.value.load(ordering: .relaxed) == 1
    #expect(done)
    _ = iterator
  }

  @Test func cancellingTheWaiterLetsItGo() async throws {
    let gate = FlowGate(limit: 0)
    gate.produced(1)
    let returned = Counter()
    let waiter = Task {
      await gate.waitForRoom()
      returned.value.store(1, ordering: .relaxed)
    }
    try await Task.sleep(for: .milliseconds(50))
    #expect(returned.value.load(ordering: .relaxed) == 0, "waits while over the limit")
    waiter.cancel()
    await waiter.value  // returns instead of hanging (the suite's time limit catches a hang)
    #expect(returned.value.load(ordering: .relaxed) == 1)
    // Cancelling opened the gate for good: over the limit again, it no longer waits.
    gate.produced(10)
    let again = Task {
      await gate.waitForRoom()
      returned.value.store(2, ordering: .relaxed)
    }
    await again.value
    #expect(returned.value.load(ordering: .relaxed) == 2)
  }
}
