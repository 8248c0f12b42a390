/// Something the terminal reported: input, or a change of the terminal itself.
public enum TerminalEvent: Hashable, Sendable {
  case key(KeyEvent)
  case mouse(MouseEvent)
  /// The terminal now has this size (display cells).
  case resize(Size)
  /// Text pasted with bracketed paste, delivered whole (newlines as "\n").
  case paste(String)
}
