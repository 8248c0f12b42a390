import CNCurses
import TerminalUI

/// Maps the key codes `wget_wch` returns with KEY_CODE_YES to `KeyEvent`s.
enum CursesKeyMap {
  /// The event for a curses key code; nil for codes Flint does not use.
  static func event(for code: Int32) -> KeyEvent? {
    if let standard = standardKey(code) { return standard }
    guard let name = keyname(code) else { return nil }
    return extendedKey(named: String(cString: name))
  }

  static func standardKey(_ code: Int32) -> KeyEvent? {
    switch code {
    case KEY_UP: return KeyEvent(.up)
    case KEY_DOWN: return KeyEvent(.down)
    case KEY_LEFT: return KeyEvent(.left)
    case KEY_RIGHT: return KeyEvent(.right)
    case KEY_HOME: return KeyEvent(.home)
    case KEY_END: return KeyEvent(.end)
    case KEY_PPAGE: return KeyEvent(.pageUp)
    case KEY_NPAGE: return KeyEvent(.pageDown)
    case KEY_IC: return KeyEvent(.insert)
    case KEY_DC: return KeyEvent(.delete)
    case KEY_BACKSPACE: return KeyEvent(.backspace)
    case KEY_ENTER: return KeyEvent(.enter)
    case KEY_BTAB: return KeyEvent(.backTab)
    case KEY_SR: return KeyEvent(.up, modifiers: .shift)
    case KEY_SF: return KeyEvent(.down, modifiers: .shift)
    case KEY_SLEFT: return KeyEvent(.left, modifiers: .shift)
    case KEY_SRIGHT: return KeyEvent(.right, modifiers: .shift)
    case KEY_SHOME: return KeyEvent(.home, modifiers: .shift)
    case KEY_SEND: return KeyEvent(.end, modifiers: .shift)
    case KEY_SDC: return KeyEvent(.delete, modifiers: .shift)
    case KEY_SIC: return KeyEvent(.insert, modifiers: .shift)
    case KEY_SPREVIOUS: return KeyEvent(.pageUp, modifiers: .shift)
    case KEY_SNEXT: return KeyEvent(.pageDown, modifiers: .shift)
    default: break
    }
    let f1 = flint_key_f(1)
    if code >= f1 && code < f1 + 48 {
      // xterm: F13–F24 are Shift+F1–F12, F25–F36 Ctrl, F37–F48 Ctrl+Shift.
      let n = Int(code - f1)
      let modifiers: [KeyModifiers] = [[], .shift, .control, [.control, .shift]]
      return KeyEvent(.function(n % 12 + 1), modifiers: modifiers[n / 12])
    }
    return nil
  }

  /// Keys ncurses reports by extended names such as "kLFT5" (Ctrl+Left) or "kDC3"
  /// (Alt+Delete): a base name and an xterm modifier digit 2–8.
  static func extendedKey(named name: String) -> KeyEvent? {
    guard name.count >= 3, let digit = name.last?.wholeNumberValue, (2...8).contains(digit) else {
      return nil
    }
    let base = name.dropLast()
    let key: Key
    switch base {
    case "kUP": key = .up
    case "kDN": key = .down
    case "kLFT": key = .left
    case "kRIT": key = .right
    case "kHOM": key = .home
    case "kEND": key = .end
    case "kPRV": key = .pageUp
    case "kNXT": key = .pageDown
    case "kDC": key = .delete
    case "kIC": key = .insert
    default: return nil
    }
    return KeyEvent(key, modifiers: InputDecoder.modifiersFromParameter(digit))
  }
}
