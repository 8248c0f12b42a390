/// Word wrapping by display width, shared by `TextView` and `Dialog`.
public enum TextWrap {
  /// Splits `text` into lines of at most `width` display cells. Breaks at spaces when it
  /// can, else inside a word (never inside a grapheme). Existing "\n" always break; tabs
  /// become 4 spaces. A width < 1 yields no lines.
  public static func lines(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var out: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let expanded = paragraph.replacingOccurrences(of: "\t", with: "    ")
      wrap(Array(expanded), width: width, into: &out)
    }
    return out
  }

  private static func wrap(_ chars: [Character], width: Int, into out: inout [String]) {
    if chars.isEmpty {
      out.append("")
      return
    }
    var start = 0
    while start < chars.count {
      var used = 0
      var end = start
      var lastSpace: Int?
      while end < chars.count {
        let w = DisplayWidth.of(chars[end])
        if used + w > width { break }
        if chars[end] == " " { lastSpace = end }
        used += w
        end += 1
      }
      if end == chars.count {
        out.append(String(chars[start..<end]))
        break
      }
      if chars[end] == " " {  // the break falls on a space: drop it
        out.append(String(chars[start..<end]))
        start = end + 1
        continue
      }
      if end == start { end = start + 1 }  // a grapheme wider than the line: take it alone
      if let space = lastSpace, space > start {
        out.append(String(chars[start..<space]))
        start = space + 1
      } else {
        out.append(String(chars[start..<end]))
        start = end
      }
    }
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }
}

extension Substring {
  fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
    String(self).replacingOccurrences(of: target, with: replacement)
  }
}
