/// A size in display cells (columns × rows). Negative values are allowed in arithmetic but
/// every consumer clamps them to zero.
public struct Size: Hashable, Sendable, CustomStringConvertible {
  /// Width in display cells (columns).
  public var width: Int
  /// Height in display cells (rows).
  public var height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  public static let zero = Size(width: 0, height: 0)

  public var description: String { "\(width)x\(height)" }
}
