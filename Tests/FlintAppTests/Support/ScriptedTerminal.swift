import Foundation
import TerminalUI

/// A `Terminal` for runtime tests: each scripted event is delivered only once the screen
/// satisfies its condition (polled with a deadline), so tests never sleep for a fixed time.
@MainActor
final class ScriptedTerminal: Terminal {
  struct Step {
    var waitFor: String?
    var event: TerminalEvent?
  }

  let size: Size
  let colorDepth = ColorDepth.trueColor
  private(set) var screen: ScreenBuffer
  private var steps: [Step]
  private(set) var failures: [String] = []
  let timeout: Double

  init(size: Size, steps: [Step], timeout: Double = 10) {
    self.size = size
    self.screen = ScreenBuffer(size: size)
    self.steps = steps
    self.timeout = timeout
  }

  var text: String { SnapshotText.lines(screen).joined(separator: "\n") }

  func draw(_ frame: ScreenBuffer, changes: [CellChange]) { screen = frame }

  func nextEvent() async -> TerminalEvent? {
    while !steps.isEmpty {
      let step = steps.removeFirst()
      if let wanted = step.waitFor {
        let deadline = Date().addingTimeInterval(timeout)
        while !text.contains(wanted) {
          if Date() > deadline {
            failures.append("timed out waiting for \"\(wanted)\"; screen:\n\(text)")
            return nil
          }
          try? await Task.sleep(for: .milliseconds(2))
        }
      }
      if let event = step.event { return event }
    }
    return nil
  }
}

extension ScriptedTerminal.Step {
  static func wait(_ text: String) -> Self { Self(waitFor: text, event: nil) }
  static func key(_ key: KeyEvent) -> Self { Self(waitFor: nil, event: .key(key)) }
  static func type(_ text: String) -> [Self] {
    text.map { Self(waitFor: nil, event: .key(.char($0))) }
  }
}
