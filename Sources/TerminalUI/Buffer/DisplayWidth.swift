/// How many terminal cells a grapheme or string occupies (wcwidth-like, per grapheme).
///
/// East Asian Wide/Fullwidth characters and emoji with emoji presentation take 2 cells;
/// combining marks, format characters (ZWJ, variation selectors) and controls take 0;
/// everything else 1. A grapheme cluster takes the width of its first scalar, widened to 2
/// when it is an emoji made wide by U+FE0F, a ZWJ sequence or a regional-indicator flag.
public enum DisplayWidth {
  /// Width of one grapheme, in display cells (0, 1 or 2).
  public static func of(_ character: Character) -> Int {
    if let ascii = character.asciiValue {
      return ascii < 0x20 || ascii == 0x7F ? 0 : 1
    }
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    let base = of(scalar: first)
    if base == 2 { return 2 }
    if scalars.count > 1, base == 1 {
      var hasEmojiSelector = false
      var hasTextSelector = false
      var hasJoiner = false
      for scalar in scalars.dropFirst() {
        switch scalar.value {
        case 0xFE0F: hasEmojiSelector = true
        case 0xFE0E: hasTextSelector = true
        case 0x200D: hasJoiner = true
        case 0x20E3: hasEmojiSelector = true  // keycap
        default: break
        }
      }
      if hasTextSelector { return 1 }
      if (hasEmojiSelector || hasJoiner) && first.properties.isEmoji { return 2 }
    }
    return base
  }

  /// Width of a string, in display cells: the sum of its graphemes' widths.
  public static func of(_ text: some StringProtocol) -> Int {
    if let count = printableASCIICount(text) { return count }
    var total = 0
    for character in text { total += of(character) }
    return total
  }

  /// The length of `text` when every byte is printable ASCII (one cell each, no grapheme
  /// breaking needed), else nil. Most cells of a result (numbers, dates, ids) take this path.
  @inline(__always)
  public static func printableASCIICount(_ text: some StringProtocol) -> Int? {
    var count = 0
    for byte in text.utf8 {
      guard byte >= 0x20 && byte < 0x7F else { return nil }
      count += 1
    }
    return count
  }

  /// Width of a single scalar taken alone (0, 1 or 2).
  public static func of(scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x7F { return v < 0x20 ? 0 : 1 }
    if v < 0xA0 { return 0 }  // DEL and C1 controls
    if v < 0x300 { return v == 0xAD ? 1 : 1 }
    if isWide(v) { return 2 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return 0
    default: break
    }
    if v >= 0x1160 && v <= 0x11FF { return 0 }  // Hangul medial vowels / final consonants
    if v >= 0x1F000 && scalar.properties.isEmojiPresentation { return 2 }
    if v >= 0x2000 && v < 0x2C00 && scalar.properties.isEmojiPresentation { return 2 }
    if v >= 0x1F1E6 && v <= 0x1F1FF { return 2 }  // regional indicators
    return 1
  }

  /// East Asian Wide (W) and Fullwidth (F) blocks, plus the main emoji planes.
  private static func isWide(_ v: UInt32) -> Bool {
    switch v {
    case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
      0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
      0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
      return true
    default:
      return false
    }
  }
}
