/// A modal box with a title, a wrapped message and buttons, centred over whatever is below.
public struct Dialog: Hashable, Sendable {
  /// How the user closed the dialog.
  public enum Result: Hashable, Sendable {
    /// A button was chosen (0-based index into `buttons`).
    case chosen(Int)
    case cancelled
  }

  public var title: String
  public var message: String
  public var buttons: [String]
  public private(set) var selectedButton: Int
  public var style = Style.plain
  public var borderStyle = Style(foreground: .cyan)
  public var buttonStyle = Style(attributes: .reverse)
  /// Preferred width in cells (shrunk to fit the screen).
  public var preferredWidth = 50

  public init(title: String, message: String, buttons: [String] = ["OK"], selectedButton: Int = 0) {
    self.title = title
    self.message = message
    self.buttons = buttons
    self.selectedButton = buttons.isEmpty ? 0 : min(max(0, selectedButton), buttons.count - 1)
  }

  /// Left/Right/Tab move between buttons; Enter chooses; Esc cancels. Returns nil while the
  /// dialog stays open.
  public mutating func handle(_ event: KeyEvent) -> Result? {
    switch event.key {
    case .left, .backTab:
      if !buttons.isEmpty { selectedButton = (selectedButton + buttons.count - 1) % buttons.count }
    case .right, .tab:
      if !buttons.isEmpty { selectedButton = (selectedButton + 1) % buttons.count }
    case .enter:
      return buttons.isEmpty ? .cancelled : .chosen(selectedButton)
    case .escape:
      return .cancelled
    default:
      break
    }
    return nil
  }

  /// The box rect for a screen `area`.
  public func frame(in area: Rect) -> Rect {
    let width = min(preferredWidth, area.width)
    let lines = TextWrap.lines(message, width: max(1, width - 4))
    let height = min(area.height, lines.count + (buttons.isEmpty ? 2 : 4))
    return area.centered(width: width, height: height)
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    let box = frame(in: area)
    guard !box.isEmpty else { return }
    buffer.fill(box, style: style)
    buffer.drawBorder(
      box, border: .rounded, style: borderStyle, title: title, titleStyle: borderStyle.adding(.bold)
    )
    let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
    guard !inner.isEmpty else { return }
    let lines = TextWrap.lines(message, width: inner.width)
    let textRows = buttons.isEmpty ? inner.height : max(0, inner.height - 2)
    for (index, line) in lines.prefix(textRows).enumerated() {
      buffer.put(line, x: inner.x, y: inner.y + index, maxWidth: inner.width, style: style)
    }
    guard !buttons.isEmpty, inner.height >= 1 else { return }
    let labels = buttons.map { "[ \($0) ]" }
    let total = labels.reduce(0) { $0 + DisplayWidth.of($1) } + 2 * (labels.count - 1)
    var x = inner.x + max(0, (inner.width - total) / 2)
    let y = inner.maxY - 1
    for (index, label) in labels.enumerated() {
      guard x < inner.maxX else { break }
      x += buffer.put(
        label, x: x, y: y, maxWidth: inner.maxX - x,
        style: index == selectedButton ? buttonStyle : style)
      x += 2
    }
  }
}
