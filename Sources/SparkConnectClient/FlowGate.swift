import ArrowIPC
import Synchronization

/// Backpressure between the task reading an operation's responses and the consumer of its
/// event stream: the reader counts the batch bytes it yields, the consumer's iterator counts
/// what it takes, and the reader waits while more than `limit` bytes are in between.
final class FlowGate: Sendable {
  private struct State {
    var outstanding = 0
    var waiter: CheckedContinuation<Void, Never>?
    /// Set when the stream ended or the reader was cancelled: never wait again.
    var isOpen = false
  }

  private let state = Mutex(State())
  let limit: Int

  init(limit: Int) { self.limit = max(0, limit) }

  /// A stream of the events `produce` yields into its `EventSink`, with backpressure: the
  /// producer's `waitForRoom()` holds it once more than `limit` bytes of batches are yielded
  /// but not taken. Dropping the stream cancels the producer and releases its wait.
  static func stream(
    limit: Int, _ produce: @escaping @Sendable (EventSink) async throws -> Void
  ) -> AsyncThrowingStream<QueryEvent, any Error> {
    let gate = FlowGate(limit: limit)
    let events = AsyncThrowingStream<QueryEvent, any Error> { continuation in
      let task = Task {
        do {
          try await produce(EventSink(continuation: continuation, gate: gate))
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in
        gate.open()
        task.cancel()
      }
    }
    return gate.metering(events)
  }

  /// The reader yielded a batch of `bytes`.
  func produced(_ bytes: Int) {
    state.withLock { $0.outstanding += bytes }
  }

  /// The consumer took a batch of `bytes`.
  func consumed(_ bytes: Int) {
    let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
      state.outstanding -= bytes
      guard state.outstanding <= limit else { return nil }
      defer { state.waiter = nil }
      return state.waiter
    }
    waiter?.resume()
  }

  /// Stops all waiting, now and later (the stream ended or was dropped).
  func open() {
    let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
      state.isOpen = true
      defer { state.waiter = nil }
      return state.waiter
    }
    waiter?.resume()
  }

  /// Returns once the consumer is within `limit` bytes (or the gate is open, or the task is
  /// cancelled).
  func waitForRoom() async {
    if state.withLock({ $0.isOpen || $0.outstanding <= limit }) { return }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let ready = state.withLock { state -> Bool in
          if state.isOpen || state.outstanding <= limit { return true }
          state.waiter = continuation
          return false
        }
        if ready { continuation.resume() }
      }
    } onCancel: {
      open()
    }
  }

  /// `events` as the consumer sees them: each batch taken is counted as consumed.
  func metering(_ events: AsyncThrowingStream<QueryEvent, any Error>)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    let iterator = IteratorBox(events.makeAsyncIterator())
    return AsyncThrowingStream {
      let event = try await iterator.next()
      if case .batch(let batch, _) = event { self.consumed(batch.byteCount) }
      return event
    }
  }

  /// The inner stream's iterator; `AsyncThrowingStream(unfolding:)` calls `next` from one
  /// consumer at a time, never concurrently.
  private final class IteratorBox: @unchecked Sendable {
    var iterator: AsyncThrowingStream<QueryEvent, any Error>.AsyncIterator

    init(_ iterator: AsyncThrowingStream<QueryEvent, any Error>.AsyncIterator) {
      self.iterator = iterator
    }

    func next() async throws -> QueryEvent? { try await iterator.next() }
  }
}

/// Where an operation's events go: the stream's continuation, with batch bytes counted by the
/// stream's `FlowGate` (nil: no backpressure, for internal small results).
struct EventSink: Sendable {
  let continuation: AsyncThrowingStream<QueryEvent, any Error>.Continuation
  let gate: FlowGate?

  func yield(_ event: QueryEvent) {
    if case .batch(let batch, _) = event { gate?.produced(batch.byteCount) }
    continuation.yield(event)
  }

  /// Waits while the consumer is too far behind.
  func waitForRoom() async {
    await gate?.waitForRoom()
  }
}
