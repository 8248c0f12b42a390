/// How many colours a terminal can show, best first.
public enum ColorDepth: Int, Hashable, Sendable, Comparable, CaseIterable {
  /// No colour at all (NO_COLOR, or a monochrome terminal): attributes only.
  case none = 0
  /// The 8 basic ANSI colours.
  case ansi8 = 8
  /// The 16 ANSI colours (8 + bright).
  case ansi16 = 16
  /// The xterm 256-colour palette.
  case indexed256 = 256
  /// 24-bit RGB.
  case trueColor = 16_777_216

  public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }
}
