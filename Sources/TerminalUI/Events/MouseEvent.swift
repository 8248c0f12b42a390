/// A mouse action at a cell (0-based column `x`, row `y`).
public struct MouseEvent: Hashable, Sendable {
  public enum Button: Hashable, Sendable { case left, middle, right }
  public enum Kind: Hashable, Sendable {
    case press(Button)
    case release(Button)
    case click(Button)
    case wheelUp
    case wheelDown
  }

  public var kind: Kind
  public var position: Point
  public var modifiers: KeyModifiers

  public init(_ kind: Kind, x: Int, y: Int, modifiers: KeyModifiers = []) {
    self.kind = kind
    self.position = Point(x: x, y: y)
    self.modifiers = modifiers
  }
}
