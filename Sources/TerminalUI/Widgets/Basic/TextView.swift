/// Scrollable, word-wrapped read-only text (error details, EXPLAIN output, help).
public struct TextView: Sendable {
  public private(set) var text: String
  /// First visible wrapped line.
  public private(set) var scrollTop = 0
  /// Size the view is drawn at (wrapping width and page size).
  public var viewport = Size(width: 80, height: 24)
  /// Whether long lines wrap (true) or are cut with "…".
  public var wraps = true
  public var style = Style.plain

  public init(text: String = "") { self.text = text }

  /// Replaces the text and scrolls to the top.
  public mutating func setText(_ text: String) {
    self.text = text
    scrollTop = 0
  }

  /// The lines as drawn for a given width.
  public func displayLines(width: Int) -> [String] {
    if wraps { return TextWrap.lines(text, width: width) }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// Up/Down/PageUp/PageDown/Home/End scroll; returns false for other keys.
  @discardableResult
  public mutating func handle(_ event: KeyEvent) -> Bool {
    let total = displayLines(width: viewport.width).count
    let maxTop = max(0, total - viewport.height)
    let page = max(1, viewport.height - 1)
    switch event.key {
    case .up: scrollTop -= 1
    case .down: scrollTop += 1
    case .pageUp: scrollTop -= page
    case .pageDown: scrollTop += page
    case .home: scrollTop = 0
    case .end: scrollTop = maxTop
    default: return false
    }
    scrollTop = min(max(0, scrollTop), maxTop)
    return true
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    buffer.fill(area, style: style)
    let lines = displayLines(width: area.width)
    let top = min(scrollTop, max(0, lines.count - area.height))
    for row in 0..<area.height {
      guard top + row < lines.count else { break }
      buffer.put(lines[top + row], x: area.x, y: area.y + row, maxWidth: area.width, style: style)
    }
  }
}
