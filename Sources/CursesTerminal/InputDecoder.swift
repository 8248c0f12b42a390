import TerminalUI

/// Turns the raw stream from curses into `TerminalEvent`s: groups scalars into graphemes,
/// maps control characters, treats ESC + key as Alt + key, assembles bracketed pastes
/// (`ESC[200~ … ESC[201~`, possibly split over many reads) and decodes the CSI sequences
/// curses leaves alone. Pure value type: no curses calls, fully unit-tested.
struct InputDecoder: Sendable {
  /// An escape sequence in progress (starts with ESC).
  private var pending: [Unicode.Scalar] = []
  /// Printable text not yet split into graphemes (so combining marks and ZWJ sequences
  /// that arrive as separate scalars become one key).
  private var text = ""
  /// The paste being collected; nil outside a bracketed paste.
  private var paste: String?
  private var lastPasteScalarWasCR = false

  private static let escape: Unicode.Scalar = "\u{1B}"
  private static let pasteEnd: [Unicode.Scalar] = Array("\u{1B}[201~".unicodeScalars)

  /// True while inside a bracketed paste.
  var isPasting: Bool { paste != nil }

  mutating func feed(_ input: RawInput) -> [TerminalEvent] {
    if paste != nil { return feedPaste(input) }
    switch input {
    case .scalar(let scalar):
      return feedScalar(scalar)
    case .key(let key):
      var events = flushText()
      if pending == [InputDecoder.escape] {
        var alt = key
        alt.modifiers.insert(.alt)
        pending = []
        events.append(.key(alt))
      } else {
        events += flushPending()
        events.append(.key(key))
      }
      return events
    case .mouse(let mouse):
      return flushText() + flushPending() + [.mouse(mouse)]
    case .resize(let size):
      return flushText() + flushPending() + [.resize(size)]
    }
  }

  /// Called when a read drained all available input: a lone ESC is the Escape key, text
  /// is split into keys. A partial escape sequence longer than ESC is kept for the next read.
  mutating func endOfBatch() -> [TerminalEvent] {
    var events = flushText()
    guard paste == nil else { return events }
    if pending == [InputDecoder.escape] {
      pending = []
      events.append(.key(KeyEvent(.escape)))
    } else if pending.count == 2 {  // ESC [ or ESC O typed as Alt-[ / Alt-O
      if let c = pending.last { events.append(.key(.char(Character(c), modifiers: .alt))) }
      pending = []
    }
    return events
  }

  // MARK: - Normal input

  private mutating func feedScalar(_ scalar: Unicode.Scalar) -> [TerminalEvent] {
    if pending.isEmpty {
      if scalar == InputDecoder.escape {
        let events = flushText()
        pending = [scalar]
        return events
      }
      if let key = InputDecoder.controlKey(scalar) { return flushText() + [.key(key)] }
      if scalar.value >= 0x80 && scalar.value < 0xA0 { return [] }  // C1 controls: ignored
      text.unicodeScalars.append(scalar)
      return []
    }
    if pending.count == 1 {  // after a lone ESC
      switch scalar {
      case "[", "O":
        pending.append(scalar)
        return []
      case InputDecoder.escape:
        return [.key(KeyEvent(.escape))]  // ESC ESC: the first is a plain Escape
      default:
        pending = []
        var key = InputDecoder.controlKey(scalar) ?? KeyEvent(.character(Character(scalar)))
        key.modifiers.insert(.alt)
        return [.key(key)]
      }
    }
    pending.append(scalar)
    let isFinal = scalar.value >= 0x40 && scalar.value <= 0x7E
    let isSS3 = pending[1] == "O"
    if isSS3 || isFinal {
      let sequence = pending
      pending = []
      return decodeSequence(sequence)
    }
    if pending.count > 32 { pending = [] }  // garbage: drop
    return []
  }

  private mutating func decodeSequence(_ sequence: [Unicode.Scalar]) -> [TerminalEvent] {
    let body = String(String.UnicodeScalarView(sequence.dropFirst(2)))
    if sequence[1] == "O" {
      switch body {
      case "P": return [.key(KeyEvent(.function(1)))]
      case "Q": return [.key(KeyEvent(.function(2)))]
      case "R": return [.key(KeyEvent(.function(3)))]
      case "S": return [.key(KeyEvent(.function(4)))]
      case "A": return [.key(KeyEvent(.up))]
      case "B": return [.key(KeyEvent(.down))]
      case "C": return [.key(KeyEvent(.right))]
      case "D": return [.key(KeyEvent(.left))]
      case "H": return [.key(KeyEvent(.home))]
      case "F": return [.key(KeyEvent(.end))]
      default: return []
      }
    }
    if body == "200~" {
      paste = ""
      lastPasteScalarWasCR = false
      return []
    }
    if body == "201~" { return [] }
    return InputDecoder.csiKey(body).map { [.key($0)] } ?? []
  }

  /// Keys from CSI bodies like "A", "1;5C", "3~", "5;2~", "Z".
  static func csiKey(_ body: String) -> KeyEvent? {
    guard let final = body.last else { return nil }
    let params = body.dropLast().split(separator: ";").map { Int($0) ?? 0 }
    let modifiers = params.count >= 2 ? modifiersFromParameter(params[1]) : []
    let key: Key?
    switch final {
    case "A": key = .up
    case "B": key = .down
    case "C": key = .right
    case "D": key = .left
    case "H": key = .home
    case "F": key = .end
    case "Z": return KeyEvent(.backTab)
    case "P": key = .function(1)
    case "Q": key = .function(2)
    case "R": key = .function(3)
    case "S": key = .function(4)
    case "~":
      switch params.first ?? 0 {
      case 1, 7: key = .home
      case 2: key = .insert
      case 3: key = .delete
      case 4, 8: key = .end
      case 5: key = .pageUp
      case 6: key = .pageDown
      case 11...15: key = .function((params.first ?? 11) - 10)
      case 17...21: key = .function((params.first ?? 17) - 11)
      case 23, 24: key = .function((params.first ?? 23) - 12)
      default: key = nil
      }
    default: key = nil
    }
    return key.map { KeyEvent($0, modifiers: modifiers) }
  }

  /// xterm modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4).
  static func modifiersFromParameter(_ value: Int) -> KeyModifiers {
    let bits = max(0, value - 1)
    var modifiers: KeyModifiers = []
    if bits & 1 != 0 { modifiers.insert(.shift) }
    if bits & 2 != 0 { modifiers.insert(.alt) }
    if bits & 4 != 0 { modifiers.insert(.control) }
    return modifiers
  }

  /// Keys for control characters; nil for printable scalars.
  static func controlKey(_ scalar: Unicode.Scalar) -> KeyEvent? {
    switch scalar.value {
    // In raw mode with nonl() the Enter key sends CR; LF comes from Ctrl-J (which many
    // terminals also send for Ctrl-Enter), so it stays a key of its own.
    case 0x0D: return KeyEvent(.enter)
    case 0x0A: return KeyEvent(.character("j"), modifiers: .control)
    case 0x09: return KeyEvent(.tab)
    case 0x7F, 0x08: return KeyEvent(.backspace)
    case 0x00: return KeyEvent(.character(" "), modifiers: .control)
    case 0x01...0x1A:
      guard let letter = Unicode.Scalar(scalar.value + 0x60) else { return nil }
      return KeyEvent(.character(Character(letter)), modifiers: .control)
    case 0x1C...0x1F:
      guard let symbol = Unicode.Scalar(scalar.value + 0x40) else { return nil }
      return KeyEvent(.character(Character(symbol)), modifiers: .control)
    default: return nil
    }
  }

  private mutating func flushText() -> [TerminalEvent] {
    guard !text.isEmpty else { return [] }
    defer { text = "" }
    return text.map { .key(KeyEvent(.character($0))) }
  }

  private mutating func flushPending() -> [TerminalEvent] {
    defer { pending = [] }
    return pending == [InputDecoder.escape] ? [.key(KeyEvent(.escape))] : []
  }

  // MARK: - Bracketed paste

  private mutating func feedPaste(_ input: RawInput) -> [TerminalEvent] {
    switch input {
    case .scalar(let scalar):
      if !pending.isEmpty || scalar == InputDecoder.escape {
        pending.append(scalar)
        if pending == InputDecoder.pasteEnd {
          let result = paste ?? ""
          paste = nil
          pending = []
          return [.paste(result)]
        }
        if InputDecoder.pasteEnd.starts(with: pending) { return [] }
        // Not the end marker: the ESC… was pasted text (keep a trailing ESC pending).
        let last = pending.removeLast()
        for s in pending { appendPasted(s) }
        pending = []
        if last == InputDecoder.escape { pending = [last] } else { appendPasted(last) }
        return []
      }
      appendPasted(scalar)
      return []
    case .key(let key):
      if key.key == .enter { appendPasted("\n") }
      if key.key == .tab { appendPasted("\t") }
      return []
    case .resize(let size):
      return [.resize(size)]
    case .mouse:
      return []
    }
  }

  private mutating func appendPasted(_ scalar: Unicode.Scalar) {
    defer { lastPasteScalarWasCR = scalar == "\r" }
    if scalar == "\n" && lastPasteScalarWasCR { return }  // CR LF
    paste?.unicodeScalars.append(scalar == "\r" ? "\n" : scalar)
  }
}
