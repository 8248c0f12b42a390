/// A modal one-line text input ("Save as:", "Go to row:") with a title and a hint.
public struct Prompt: Sendable {
  public enum Result: Hashable, Sendable {
    case submitted(String)
    case cancelled
  }

  public var title: String
  public var hint: String
  /// The single-line editor holding the answer (has undo, word movement, paste).
  public private(set) var field: TextEditor
  public var borderStyle = Style(foreground: .cyan)
  public var preferredWidth = 50
  public var hintStyle = Style(attributes: .dim)

  public init(title: String, text: String = "", hint: String = "Enter to confirm, Esc to cancel") {
    self.title = title
    self.hint = hint
    field = TextEditor(text: "")
    field.setText(text)
  }

  /// The current answer.
  public var text: String { field.text }

  /// Enter submits, Esc cancels, other keys edit the field (newlines are not allowed).
  public mutating func handle(_ event: KeyEvent) -> Result? {
    switch event.key {
    case .enter: return .submitted(field.text)
    case .escape: return .cancelled
    case .up, .down, .pageUp, .pageDown, .tab, .backTab: return nil
    default:
      field.handle(event)
      return nil
    }
  }

  /// Pasted text, with line breaks turned into spaces.
  public mutating func paste(_ text: String) {
    field.paste(text.split(whereSeparator: \.isNewline).joined(separator: " "))
  }

  /// The hint's lines (a hint may say more than one thing, e.g. an error and where it is).
  var hintLines: [String] {
    hint.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  public func frame(in area: Rect) -> Rect {
    area.centered(
      width: min(preferredWidth, area.width), height: min(3 + hintLines.count, area.height))
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    let box = frame(in: area)
    guard !box.isEmpty else { return }
    buffer.fill(box)
    buffer.drawBorder(
      box, border: .rounded, style: borderStyle, title: title, titleStyle: borderStyle.adding(.bold)
    )
    let inner = box.inset(top: 1, left: 1, bottom: 1, right: 1)
    guard !inner.isEmpty else { return }
    var editor = field
    editor.viewport = Size(width: inner.width, height: 1)
    editor.render(in: inner.row(0), into: &buffer)
    for (index, line) in hintLines.enumerated() where index + 1 < inner.height {
      buffer.put(line, x: inner.x, y: inner.y + 1 + index, maxWidth: inner.width, style: hintStyle)
    }
  }
}
