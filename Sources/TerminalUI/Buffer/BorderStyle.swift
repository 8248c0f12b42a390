/// Box-drawing character sets for `ScreenBuffer.drawBorder`.
public enum BorderStyle: Hashable, Sendable {
  case single, rounded, double, heavy

  /// (topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical)
  var glyphs:
    (
      topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character,
      horizontal: Character, vertical: Character
    )
  {
    switch self {
    case .single: ("┌", "┐", "└", "┘", "─", "│")
    case .rounded: ("╭", "╮", "╰", "╯", "─", "│")
    case .double: ("╔", "╗", "╚", "╝", "═", "║")
    case .heavy: ("┏", "┓", "┗", "┛", "━", "┃")
    }
  }
}
