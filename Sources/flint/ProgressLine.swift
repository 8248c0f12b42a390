import Foundation
import SparkConnectClient

/// `flint query`'s progress on standard error: one line, rewritten in place with `\r` at each
/// progress report of the server (every couple of seconds while tasks run) and cleared when
/// the query ends, so that a terminal shows what Spark is doing and a log gets nothing.
///
/// Only when standard error is a terminal and `--quiet` is not given. When standard output is
/// the same terminal, the line is cleared before rows are written there, so the two never
/// share a line; the next report draws it again below them.
final class ProgressLine {
  /// Off: every call does nothing.
  private let enabled: Bool
  /// Whether writes to standard output land on the terminal the line is drawn on.
  private let sharesTerminalWithOutput: Bool
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private var tracker = ProgressTracker()
  /// "statement 2/3" while a text of several statements runs.
  private var statement: String?
  /// Whether a line is on the screen now.
  private var shown = false

  init(enabled: Bool) {
    self.enabled = enabled
    sharesTerminalWithOutput = isatty(STDOUT_FILENO) == 1
    start = clock.now
  }

  /// On unless `quiet`, and only when standard error is a terminal.
  static func wanted(quiet: Bool) -> Bool { !quiet && isatty(STDERR_FILENO) == 1 }

  /// Follows the query's events: draws at a progress report, clears before rows may be
  /// written to the same terminal.
  func observe(_ event: QueryEvent) {
    guard enabled else { return }
    let now = (clock.now - start).inSeconds
    tracker.observe(event, at: now)
    switch event {
    case .statementStarted(let index, let count, _):
      statement = count > 1 ? "statement \(index + 1)/\(count)" : nil
    case .progress:
      draw(at: now)
    case .batch, .statementFinished:
      if sharesTerminalWithOutput { clear() }
    default:
      break
    }
  }

  /// Removes the line (at the end, and before anything else is written to standard error).
  func clear() {
    guard enabled, shown else { return }
    StandardStreams.error("\r\u{1B}[K")
    shown = false
  }

  private func draw(at now: Double) {
    let width = max(20, Self.terminalColumns() - 1)
    let prefix = statement.map { $0 + " · " } ?? ""
    let text = tracker.line(at: now, width: width - prefix.count)
    guard !text.isEmpty else { return }
    // Clear to the end of the line: the previous line may have been longer.
    StandardStreams.error("\r" + prefix + text + "\u{1B}[K")
    shown = true
  }

  /// Columns of the terminal on standard error (80 when it does not say).
  static func terminalColumns() -> Int {
    var size = winsize()
    guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }
}
