/// A cell position: 0-based column `x` and 0-based row `y`.
public struct Point: Hashable, Sendable, CustomStringConvertible {
  /// 0-based column, in display cells.
  public var x: Int
  /// 0-based row.
  public var y: Int

  public init(x: Int, y: Int) {
    self.x = x
    self.y = y
  }

  public var description: String { "(\(x),\(y))" }
}
