/// An in-memory `Terminal` for tests: replays scripted events and records every frame.
@MainActor
public final class TestTerminal: Terminal {
  public private(set) var size: Size
  public var colorDepth: ColorDepth
  /// Every frame drawn, oldest first.
  public private(set) var frames: [ScreenBuffer] = []
  /// The number of changed cells sent with each frame.
  public private(set) var changeCounts: [Int] = []
  /// What the screen shows now, built only from the changes received (so a backend bug that
  /// drops changes shows up in tests).
  public private(set) var screen: ScreenBuffer
  private var pending: [TerminalEvent]
  /// Every text put on the clipboard, oldest first.
  public private(set) var clipboard: [String] = []

  public init(size: Size, colorDepth: ColorDepth = .trueColor, events: [TerminalEvent] = []) {
    self.size = size
    self.colorDepth = colorDepth
    self.pending = events
    self.screen = ScreenBuffer(size: size)
  }

  /// The most recent frame.
  public var lastFrame: ScreenBuffer? { frames.last }

  /// Queues more events to be returned by `nextEvent()`.
  public func send(_ events: TerminalEvent...) { pending += events }

  public func draw(_ frame: ScreenBuffer, changes: [CellChange]) {
    if frame.size != screen.size { screen = ScreenBuffer(size: frame.size) }
    for change in changes where !change.cell.isContinuation {
      screen.set(change.cell.character, x: change.x, y: change.y, style: change.cell.style)
    }
    screen.cursor = frame.cursor
    frames.append(frame)
    changeCounts.append(changes.count)
  }

  public func copyToClipboard(_ text: String) { clipboard.append(text) }

  /// The next scripted event (a `.resize` also changes `size`); nil when the script is done.
  public func nextEvent() async -> TerminalEvent? {
    guard !pending.isEmpty else { return nil }
    let event = pending.removeFirst()
    if case .resize(let newSize) = event { size = newSize }
    return event
  }
}
