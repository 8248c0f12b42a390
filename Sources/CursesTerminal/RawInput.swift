import TerminalUI

/// One item read from curses, before escape sequences and pastes are assembled.
enum RawInput: Hashable, Sendable {
  /// A character `wget_wch` returned as text (including ESC and control characters).
  case scalar(Unicode.Scalar)
  /// A function key curses recognised (already mapped).
  case key(KeyEvent)
  case mouse(MouseEvent)
  case resize(Size)
}
