import TerminalUI

/// Keys written as text in the config file and shown in help: `F5`, `Ctrl-J`, `Alt-x`,
/// `Shift-Tab`, `Esc`, `Enter`, `PageDown`, `Space`, `g`.
public enum KeyNotation {
  static let named: [String: Key] = [
    "enter": .enter, "return": .enter, "tab": .tab, "backtab": .backTab, "esc": .escape,
    "escape": .escape, "backspace": .backspace, "delete": .delete, "del": .delete,
    "insert": .insert, "ins": .insert, "up": .up, "down": .down, "left": .left, "right": .right,
    "home": .home, "end": .end, "pageup": .pageUp, "pgup": .pageUp, "pagedown": .pageDown,
    "pgdn": .pageDown, "space": .character(" "),
  ]

  /// The key a text names, or nil.
  public static func parse(_ text: String) -> KeyEvent? {
    var parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    // "Ctrl--" is Ctrl and '-'.
    if text.hasSuffix("--") { parts = Array(parts.dropLast(2)) + ["-"] }
    guard let last = parts.popLast(), !last.isEmpty else { return nil }
    var modifiers: KeyModifiers = []
    for part in parts {
      switch part.lowercased() {
      case "ctrl", "control", "c": modifiers.insert(.control)
      case "alt", "meta", "m", "option": modifiers.insert(.alt)
      case "shift", "s": modifiers.insert(.shift)
      default: return nil
      }
    }
    let lowered = last.lowercased()
    if let key = named[lowered] {
      if key == .tab && modifiers == .shift { return KeyEvent(.backTab) }
      return KeyEvent(key, modifiers: modifiers)
    }
    if lowered.hasPrefix("f"), let number = Int(lowered.dropFirst()), (1...12).contains(number) {
      return KeyEvent(.function(number), modifiers: modifiers)
    }
    guard last.count == 1, let character = last.first else { return nil }
    if modifiers.contains(.control) {
      return KeyEvent(.character(Character(character.lowercased())), modifiers: modifiers)
    }
    return KeyEvent(.character(character), modifiers: modifiers)
  }
}
