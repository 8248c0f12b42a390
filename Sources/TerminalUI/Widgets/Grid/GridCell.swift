/// One cell of a grid as the data source formats it.
public struct GridCell: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    /// Left-aligned text.
    case text
    /// Right-aligned number.
    case number
    /// SQL NULL: drawn with the grid's null style.
    case null
  }

  /// The already formatted text (for `.null`, usually "NULL").
  public var text: String
  public var kind: Kind

  public init(_ text: String, kind: Kind = .text) {
    self.text = text
    self.kind = kind
  }

  public static let null = GridCell("NULL", kind: .null)
}
