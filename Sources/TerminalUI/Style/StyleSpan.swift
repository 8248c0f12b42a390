/// A style over a range of graphemes in one line of text (0-based grapheme offsets,
/// `range.upperBound` exclusive). Used by syntax highlighters.
public struct StyleSpan: Hashable, Sendable {
  public var range: Range<Int>
  public var style: Style

  public init(_ range: Range<Int>, _ style: Style) {
    self.range = range
    self.style = style
  }
}
