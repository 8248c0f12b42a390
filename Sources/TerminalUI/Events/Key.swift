/// A key on the keyboard, without modifiers.
public enum Key: Hashable, Sendable {
  /// A printable grapheme (letters arrive as typed: "A" with Shift is `.character("A")`).
  case character(Character)
  case enter, tab, backTab, escape, backspace, delete, insert
  case up, down, left, right, home, end, pageUp, pageDown
  /// F1–F12 (`.function(1)` is F1).
  case function(Int)
}
