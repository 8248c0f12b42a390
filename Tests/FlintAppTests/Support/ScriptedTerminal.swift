import Foundation
import TerminalUI

/// A `Terminal` for runtime tests: each scripted step waits until a frame shows its text
/// (woken by the draw itself, with a deadline), then delivers its event or runs its action, so
/// tests never sleep for a fixed time or poll.
@MainActor
final class ScriptedTerminal: Terminal {
  struct Step {
    var waitFor: String?
    var event: TerminalEvent?
    /// Runs when the step is reached (e.g. advancing a test clock).
    var action: (@MainActor () -> Void)?
  }

  let size: Size
  let colorDepth = ColorDepth.trueColor
  private(set) var screen: ScreenBuffer
  private var steps: [Step]
  private(set) var failures: [String] = []
  let timeout: Double
  /// The text a step waits for, and who waits.
  private var waiting: (text: String, continuation: CheckedContinuation<Bool, Never>)?
  /// Counts waits, so a deadline knows whether its wait is still the current one.
  private var waitNumber = 0
  /// Every text put on the clipboard, oldest first.
  private(set) var clipboard: [String] = []

  init(size: Size, steps: [Step], timeout: Double = 10) {
    self.size = size
    self.screen = ScreenBuffer(size: size)
    self.steps = steps
    self.timeout = timeout
  }

  var text: String { SnapshotText.lines(screen).joined(separator: "\n") }

  func draw(_ frame: ScreenBuffer, changes: [CellChange]) {
    screen = frame
    if let waiting, text.contains(waiting.text) { finishWaiting(shown: true) }
  }

  func copyToClipboard(_ text: String) { clipboard.append(text) }

  func nextEvent() async -> TerminalEvent? {
    while !steps.isEmpty {
      let step = steps.removeFirst()
      if let wanted = step.waitFor, !text.contains(wanted) {
        guard await screenShows(wanted) else {
          failures.append("timed out waiting for \"\(wanted)\"; screen:\n\(text)")
          return nil
        }
      }
      step.action?()
      if let event = step.event { return event }
    }
    return nil
  }

  /// Waits until a drawn frame contains `wanted`; false once `timeout` seconds pass first.
  /// Each wait's deadline ends only that wait: a deadline left over from an earlier wait (which
  /// the screen satisfied in time) must not fail a later one.
  private func screenShows(_ wanted: String) async -> Bool {
    waitNumber += 1
    let number = waitNumber
    return await withCheckedContinuation { continuation in
      waiting = (wanted, continuation)
      let seconds = timeout
      Task { @MainActor [weak self] in
        try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        guard let self, self.waitNumber == number else { return }
        self.finishWaiting(shown: false)
      }
    }
  }

  private func finishWaiting(shown: Bool) {
    guard let waiting else { return }
    self.waiting = nil
    waiting.continuation.resume(returning: shown)
  }
}

extension ScriptedTerminal.Step {
  static func wait(_ text: String) -> Self { Self(waitFor: text, event: nil) }
  static func key(_ key: KeyEvent) -> Self { Self(waitFor: nil, event: .key(key)) }
  static func run(_ action: @escaping @MainActor () -> Void) -> Self {
    Self(waitFor: nil, event: nil, action: action)
  }
  static func type(_ text: String) -> [Self] {
    text.map { Self(waitFor: nil, event: .key(.char($0))) }
  }
}
