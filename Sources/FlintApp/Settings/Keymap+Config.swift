import TerminalUI

extension Action {
  /// The action's name in the config file's `[keys]` table: `run_statement`, `focus_next`.
  public var configName: String {
    var name = ""
    for character in rawValue {
      if character.isUppercase {
        name += "_" + character.lowercased()
      } else {
        name.append(character)
      }
    }
    return name
  }

  /// The action a config-file name stands for.
  public init?(configName: String) {
    guard let action = Action.allCases.first(where: { $0.configName == configName }) else {
      return nil
    }
    self = action
  }
}

extension Keymap {
  /// Replaces the keys of `action` with `keys`, in every context that bound it (or
  /// everywhere, when no context did).
  public mutating func rebind(_ action: Action, to keys: [KeyEvent]) {
    var contexts: [Context] = []
    for (context, map) in bindings where map.values.contains(action) {
      contexts.append(context)
      bindings[context] = map.filter { $0.value != action }
    }
    for context in contexts.isEmpty ? [.global] : contexts {
      for key in keys { bind(key, to: action, in: context) }
    }
  }
}
