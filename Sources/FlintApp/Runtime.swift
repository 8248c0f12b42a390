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
  let clock: any AppClock
  let history: HistoryStore?
  /// The environment the user's editor is chosen from and runs in.
  let environment: [String: String]
  /// How often the screen is redrawn while something runs (elapsed times, spinners).
  static let tickSeconds = 0.2
  /// Render timings of the last frames, seconds (for measurements).
  public private(set) var frameTimes: [Double] = []

  public init(
    terminal: any Terminal, service: any SparkService, state: AppState,
    history: HistoryStore? = nil, clock: any AppClock = SystemClock(),
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.environment = environment
    self.terminal = terminal
    self.presenter = FramePresenter(terminal: terminal)
    self.state = state
    let (stream, continuation) = AsyncStream<AppEvent>.makeStream()
    inbox = stream
    self.continuation = continuation
    self.history = history
    self.clock = clock
    runner = EffectRunner(service: service, history: history, send: { continuation.yield($0) })
  }

  /// Sends an event into the loop (from any task).
  public nonisolated func send(_ event: AppEvent) { continuation.yield(event) }

  /// Runs until `state.ending` is set (the user quit, input ended, or a `terminated` event
  /// arrived); then interrupts running queries, cancels exports and closes the session.
  /// Unless the user quit, the editor's text is kept as a draft for the next start.
  public func run() async {
    apply(.terminal(.resize(terminal.size)))
    runner.start([.connect(attempt: 1, delay: 0)])
    present()
    let terminal = self.terminal
    let continuation = self.continuation
    let clock = self.clock
    let input = Task { @MainActor in
      while let event = await terminal.nextEvent() { continuation.yield(.terminal(event)) }
      continuation.yield(.inputEnded)
    }
    let ticker = Task.detached {
      while !Task.isCancelled {
        await clock.sleep(seconds: Self.tickSeconds)
        continuation.yield(.tick)
      }
    }
    for await event in inbox {
      if case .tick = event, !state.isBusy { continue }
      apply(event)
      if case .terminal(.resize) = event { presenter.invalidate() }
      present()
      if state.ending != nil { break }
    }
    input.cancel()
    ticker.cancel()
    let text = state.editor.text
    if state.ending?.keepsDraft == true, !text.allSatisfy(\.isWhitespace) {
      history?.saveDraft(text)
    }
    await runner.shutdown()
  }

  /// Updates the state; the clipboard goes to the terminal, other effects to the runner.
  private func apply(_ event: AppEvent) {
    let effects = state.update(event, now: clock.now)
    var edits: [String] = []
    for effect in effects {
      if case .copyToClipboard(let text) = effect { terminal.copyToClipboard(text) }
      if case .editExternally(let text) = effect { edits.append(text) }
    }
    runner.start(effects)
    for text in edits { editExternally(text) }
  }

  /// The user's editor gets the terminal until it exits; then the screen is drawn anew at
  /// its (possibly changed) size and the text comes back to the app.
  private func editExternally(_ text: String) {
    let result = terminal.suspended { ExternalEditor.edit(text, environment: environment) }
    presenter.invalidate()
    apply(.terminal(.resize(terminal.size)))
    apply(.externallyEdited(result))
  }

  func present() {
    let start = ContinuousClock.now
    let frame = AppRenderer.render(state)
    presenter.present(frame)
    let elapsed = ContinuousClock.now - start
    frameTimes.append(
      Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
    if frameTimes.count > 1000 { frameTimes.removeFirst(500) }
  }
}
