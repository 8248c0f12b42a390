import CNCurses
import TerminalUI

/// Maps styles to curses colour numbers, attributes and on-demand colour pairs.
struct ColorPairs {
  let depth: ColorDepth
  /// True when the terminfo entry has direct (24-bit) colour: colour numbers are RGB values.
  let direct: Bool
  private var pairs: [PairKey: Int32] = [:]
  private var nextPair: Int32 = 1
  private let pairLimit: Int32

  private struct PairKey: Hashable {
    var foreground: Int32
    var background: Int32
  }

  init(depth: ColorDepth, direct: Bool, pairLimit: Int32) {
    self.depth = depth
    self.direct = direct
    self.pairLimit = pairLimit
  }

  /// Chooses the colour depth from the environment and what curses reports.
  /// - NO_COLOR (non-empty) or no colour support: `.none`.
  /// - Direct colour in terminfo (COLORS ≥ 2^24): `.trueColor`.
  /// - Otherwise 256 / 16 / 8 by COLORS. COLORTERM=truecolor without direct colour in
  ///   terminfo stays at 256 (palette redefinition is not worth its flicker).
  static func detectDepth(environment: [String: String], hasColors: Bool, colors: Int) -> ColorDepth
  {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
    guard hasColors else { return .none }
    if colors >= 1 << 24 { return .trueColor }
    if colors >= 256 { return .indexed256 }
    if colors >= 16 { return .ansi16 }
    if colors >= 8 { return .ansi8 }
    return .none
  }

  /// The direct-colour terminfo entry to use instead of $TERM when the terminal says it has
  /// 24-bit colour (COLORTERM=truecolor or 24bit) but $TERM is a palette entry: e.g.
  /// "xterm-256color" -> "xterm-direct", "tmux-256color" -> "tmux-direct". Nil when not
  /// asked for, NO_COLOR is set, or the entry is not installed (then the palette is used).
  static func directColorTerminal(environment: [String: String], exists: (String) -> Bool)
    -> String?
  {
    guard let colorTerm = environment["COLORTERM"]?.lowercased(),
      colorTerm == "truecolor" || colorTerm == "24bit"
    else { return nil }
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return nil }
    guard let term = environment["TERM"], !term.isEmpty, !term.hasSuffix("-direct") else {
      return nil
    }
    let base = term.split(separator: "-").first.map(String.init) ?? term
    let candidate = base + "-direct"
    return exists(candidate) ? candidate : nil
  }

  /// The curses colour number for a colour (-1 = terminal default).
  func colorNumber(_ color: Color) -> Int32 {
    switch color.degraded(to: depth) {
    case .default:
      return -1
    case .named(let n):
      if direct && n.index >= 8 {
        let (r, g, b) = Color.rgbOfIndex(UInt8(n.index))
        return ColorPairs.rgb(r, g, b)
      }
      return Int32(n.index)
    case .indexed(let i):
      if direct {
        let (r, g, b) = Color.rgbOfIndex(i)
        return ColorPairs.rgb(r, g, b)
      }
      return Int32(i)
    case .rgb(let r, let g, let b):
      return ColorPairs.rgb(r, g, b)
    }
  }

  private static func rgb(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int32 {
    Int32(r) << 16 | Int32(g) << 8 | Int32(b)
  }

  /// The pair for a style's colours, created on first use (0 = default colours, also used
  /// when the terminal runs out of pairs).
  mutating func pair(for style: Style) -> Int32 {
    guard depth != .none else { return 0 }
    let key = PairKey(
      foreground: colorNumber(style.foreground), background: colorNumber(style.background))
    if key.foreground == -1 && key.background == -1 { return 0 }
    if let existing = pairs[key] { return existing }
    guard nextPair < pairLimit else { return 0 }
    let pair = nextPair
    guard init_extended_pair(pair, key.foreground, key.background) != ERR else { return 0 }
    nextPair += 1
    pairs[key] = pair
    return pair
  }

  /// curses attribute bits for a style's attributes.
  static func attributes(_ attributes: TextAttributes) -> attr_t {
    var result = flint_a_normal()
    if attributes.contains(.bold) { result |= flint_a_bold() }
    if attributes.contains(.dim) { result |= flint_a_dim() }
    if attributes.contains(.italic) { result |= flint_a_italic() }
    if attributes.contains(.underline) { result |= flint_a_underline() }
    if attributes.contains(.reverse) { result |= flint_a_reverse() }
    return result
  }
}
