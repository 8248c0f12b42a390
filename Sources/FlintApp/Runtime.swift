import Foundation
import TerminalUI

/// The app loop: events from the terminal, effects and a ticker go through one inbox;
/// each is applied with `AppState.update`, its effects started, and the new frame drawn.
@MainActor
public final class Runtime {
  public private(set) var state: AppState
  let terminal: any Terminal
  let presenter: FramePresenter
  let runner: EffectRunner
  let inbox: AsyncStream<AppEvent>
  let continuation: AsyncStream<AppEvent>.Continuation
  let clock = ContinuousClock()
  let started: ContinuousClock.Instant
  let history: HistoryStore?
  /// Render timings of the last frames, seconds (for measurements).
  public private(set) var frameTimes: [Double] = []

  public init(
    terminal: any Terminal, service: any SparkService, state: AppState,
    history: HistoryStore? = nil, clipboard: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.terminal = terminal
    self.presenter = FramePresenter(terminal: terminal)
    var state = state
    state.size = terminal.size
    self.state = state
    let (stream, continuation) = AsyncStream<AppEvent>.makeStream()
    inbox = stream
    self.continuation = continuation
    self.history = history
    runner = EffectRunner(
      service: service, history: history, clipboard: clipboard,
      send: { continuation.yield($0) })
    started = clock.now
  }

  /// Sends an event into the loop (from any task).
  public nonisolated func send(_ event: AppEvent) { continuation.yield(event) }

  var seconds: Double {
    let elapsed = clock.now - started
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }

  /// Runs until the user quits, input ends or a `terminated` event arrives; then interrupts
  /// running queries, cancels exports and closes the session. Unless the user quit, the
  /// editor's text is kept as a draft for the next start.
  public func run() async {
    _ = state.update(.terminal(.resize(terminal.size)), now: seconds)
    runner.start([.connect(attempt: 1, delay: 0)])
    present()
    let terminal = self.terminal
    let continuation = self.continuation
    let input = Task { @MainActor in
      while let event = await terminal.nextEvent() { continuation.yield(.terminal(event)) }
      continuation.yield(.inputEnded)
    }
    let ticker = Task.detached {
      while !Task.isCancelled {
        try? await Task.sleep(for: .milliseconds(200))
        continuation.yield(.tick)
      }
    }
    for await event in inbox {
      if case .tick = event, !state.isBusy { continue }
      let effects = state.update(event, now: seconds)
      if case .terminal(.resize) = event { presenter.invalidate() }
      runner.start(effects)
      present()
      if state.quitting || runner.quitRequested { break }
    }
    input.cancel()
    ticker.cancel()
    let text = state.editor.text
    if state.ending?.keepsDraft == true,
      !text.allSatisfy(\.isWhitespace)
    {
      history?.saveDraft(text)
    }
    await runner.shutdown()
  }

  func present() {
    let start = clock.now
    let frame = AppRenderer.render(state)
    presenter.present(frame)
    let elapsed = clock.now - start
    frameTimes.append(
      Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
    if frameTimes.count > 1000 { frameTimes.removeFirst(500) }
  }
}
