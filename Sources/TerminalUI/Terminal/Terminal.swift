/// A full-screen terminal the app draws frames on and reads events from.
///
/// Everything runs on the main actor: the app loop owns the terminal. `nextEvent()` suspends
/// (never blocks the actor) until input arrives; it returns nil when input has ended (the
/// terminal was closed, or a `TestTerminal` ran out of scripted events).
@MainActor
public protocol Terminal: AnyObject {
  /// Current size in display cells.
  var size: Size { get }
  /// The richest colour support the terminal has (after NO_COLOR etc.); styles are
  /// degraded to it by the backend, themes may also use it to choose.
  var colorDepth: ColorDepth { get }
  /// Shows `frame`, drawing only `changes` (from `frame.diff(from: previous)`), and
  /// places the cursor at `frame.cursor` (hidden when nil).
  func draw(_ frame: ScreenBuffer, changes: [CellChange])
  /// The next input or resize event; nil when there will be no more.
  func nextEvent() async -> TerminalEvent?
  /// Puts `text` on the clipboard of the machine the user sits at (OSC 52, so it works over
  /// SSH, and through tmux where it passes OSC 52 on).
  func copyToClipboard(_ text: String)
  /// Gives the screen and the keyboard to `body` (an external program such as the user's
  /// editor) and takes them back afterwards; the next frame must be drawn in full.
  func suspended<T>(_ body: () throws -> T) rethrows -> T
}

extension Terminal {
  /// Terminals without a real screen just run `body`.
  public func suspended<T>(_ body: () throws -> T) rethrows -> T { try body() }
}

/// Keeps the last frame drawn so callers can simply `present(frame)`.
@MainActor
public final class FramePresenter {
  public let terminal: any Terminal
  /// The frame the terminal shows now (nil before the first draw or after `invalidate`).
  public private(set) var previous: ScreenBuffer?

  public init(terminal: any Terminal) { self.terminal = terminal }

  /// Draws `frame`, sending only the cells that changed since the last call.
  public func present(_ frame: ScreenBuffer) {
    let changes = previous.map { frame.diff(from: $0) } ?? frame.allCells()
    terminal.draw(frame, changes: changes)
    previous = frame
  }

  /// Forces the next `present` to repaint everything (after a resize or a screen clear).
  public func invalidate() { previous = nil }
}
