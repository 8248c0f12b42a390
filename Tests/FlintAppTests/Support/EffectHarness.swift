import Foundation

@testable import FlintApp

/// A real `EffectRunner` whose answers come back through an inbox the test reads: effects run
/// as in the app (detached tasks, the given service), and the test applies the events to its
/// own `AppState`, waiting for the one it expects — never sleeping.
@MainActor
final class EffectHarness {
  let runner: EffectRunner
  /// The inbox; each `drive` iterates it until its event (one iteration at a time).
  private let inbox: AsyncStream<AppEvent>
  /// Every event received so far, in order.
  private(set) var received: [AppEvent] = []

  /// What was put on the clipboard (`.copyToClipboard`, which the runtime gives to the
  /// terminal), in order.
  private(set) var copied: [String] = []

  init(service: any SparkService) {
    let (stream, continuation) = AsyncStream<AppEvent>.makeStream()
    runner = EffectRunner(service: service, history: nil, send: { continuation.yield($0) })
    inbox = stream
  }

  /// Starts `effects` as the runtime does: the clipboard is noted, the rest goes to the runner.
  private func start(_ effects: [Effect]) {
    for case .copyToClipboard(let text) in effects { copied.append(text) }
    runner.start(effects)
  }

  /// Starts `effects`, then applies incoming events to `state` (starting the effects they ask
  /// for) until `done` is true for an event; returns that event.
  @discardableResult
  func drive(
    _ state: inout AppState, _ effects: [Effect], until done: (AppEvent) -> Bool
  ) async -> AppEvent? {
    start(effects)
    for await event in inbox {
      received.append(event)
      let more = state.update(event, now: state.now + 0.01)
      start(more)
      if done(event) { return event }
    }
    return nil
  }

  /// Whether `event` ends export `id` (finished, failed or cancelled).
  static func ends(_ event: AppEvent, export id: Int) -> Bool {
    switch event {
    case .exportFinished(let i, _), .exportFailed(let i, _), .exportCancelled(let i):
      return i == id
    default:
      return false
    }
  }
}
