/// A place in multi-line text: 0-based line and 0-based grapheme column in that line.
public struct TextPosition: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var line: Int
  /// Grapheme index within the line (not bytes, not display cells).
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
    lhs.line != rhs.line ? lhs.line < rhs.line : lhs.column < rhs.column
  }

  public var description: String { "\(line):\(column)" }
}
