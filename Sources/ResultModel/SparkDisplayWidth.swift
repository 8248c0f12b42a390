/// Display width of a cell as Spark's `show()` computes it when padding columns.
///
/// Spark does not use East Asian Width tables: `Utils.stringHalfWidth` is the string's length in
/// UTF-16 code units plus one for every code unit in a fixed set of "full width" BMP ranges
/// (U+1100–115F, U+2E80–A4CF, U+AC00–D7A3, U+F900–FAFF, U+FE10–FE19, U+FE30–FE6F, U+FF00–FF60,
/// U+FFE0–FFE6). So CJK counts 2, an emoji outside the BMP counts 2 (its surrogate pair), a
/// combining mark counts 1, and `👍🏽` counts 4. This reproduces that rule exactly, so tables
/// line up byte for byte with Spark's; it is *not* what a terminal shows (see TerminalUI's width).
public enum SparkDisplayWidth {
  /// Spark's half-width count of `s` (UTF-16 units + full-width BMP code points).
  public static func of(_ s: String) -> Int {
    var width = 0
    for scalar in s.unicodeScalars {
      let v = scalar.value
      if v >= 0x1_0000 {
        width += 2
      } else {
        width += isFullWidth(v) ? 2 : 1
      }
    }
    return width
  }

  /// Spark's full-width ranges (BMP code points).
  static func isFullWidth(_ v: UInt32) -> Bool {
    guard v >= 0x1100 else { return false }
    return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
      || (0xFE10...0xFE19).contains(v) || (0xFE30...0xFE6F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
  }

  /// Spark's `truncate` cut: the first `limit - 3` UTF-16 code units plus `...` when the string
  /// is longer than `limit` code units (`limit < 4`: the first `limit` units, no dots). A
  /// surrogate pair split by the cut leaves a lone surrogate, which Java encodes as `?`.
  public static func truncated(_ s: String, to limit: Int) -> String {
    guard limit > 0, s.utf16.count > limit else { return s }
    let keep = limit < 4 ? limit : limit - 3
    var units = Array(s.utf16.prefix(keep))
    if let last = units.last, UTF16.isLeadSurrogate(last) {
      units[units.count - 1] = 0x3F  // '?'
    }
    return String(decoding: units, as: UTF16.self) + (limit < 4 ? "" : "...")
  }
}
