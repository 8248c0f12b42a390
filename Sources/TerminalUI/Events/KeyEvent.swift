/// A key press with its modifiers, as the terminal reported it.
public struct KeyEvent: Hashable, Sendable, CustomStringConvertible {
  public var key: Key
  public var modifiers: KeyModifiers

  public init(_ key: Key, modifiers: KeyModifiers = []) {
    self.key = key
    self.modifiers = modifiers
  }

  /// A plain character key (`KeyEvent.char("a")`).
  public static func char(_ character: Character, modifiers: KeyModifiers = []) -> KeyEvent {
    KeyEvent(.character(character), modifiers: modifiers)
  }

  /// Ctrl + a letter (`KeyEvent.ctrl("c")`).
  public static func ctrl(_ character: Character) -> KeyEvent {
    KeyEvent(.character(character), modifiers: .control)
  }

  public var description: String {
    var parts: [String] = []
    if modifiers.contains(.control) { parts.append("Ctrl") }
    if modifiers.contains(.alt) { parts.append("Alt") }
    if modifiers.contains(.shift) { parts.append("Shift") }
    switch key {
    case .character(let c): parts.append(String(c))
    case .function(let n): parts.append("F\(n)")
    default: parts.append("\(key)")
    }
    return parts.joined(separator: "+")
  }
}
