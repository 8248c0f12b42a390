/// A mouse action at a cell (0-based column `x`, row `y`).
public struct MouseEvent: Hashable, Sendable, CustomStringConvertible {
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

  /// E.g. "press left 5,3", "wheelDown 0,0".
  public var description: String {
    let what: String
    switch kind {
    case .press(let button): what = "press \(button)"
    case .release(let button): what = "release \(button)"
    case .click(let button): what = "click \(button)"
    case .wheelUp: what = "wheelUp"
    case .wheelDown: what = "wheelDown"
    }
    return "\(what) \(position.x),\(position.y)"
  }
}
