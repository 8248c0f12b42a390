/// Splits a SQL text into statements at top-level semicolons.
///
/// Quotes (`'…'`, `"…"`, backticks, with backslash escapes as Spark allows), `--` line
/// comments and `/* … */` block comments (nested, as Spark's parser allows) are respected.
/// Offsets are in characters, so they line up with Spark's query-context indices.
public enum SQLScript {
  /// One statement of a script and where it starts in the full text.
  public struct Statement: Sendable, Equatable {
    /// The statement's text, without the terminating semicolon and surrounding blanks.
    public var text: String
    /// 0-based character offset of `text` in the full script.
    public var offset: Int
  }

  /// The non-empty statements of `script`, in order. Comment-only pieces are dropped.
  public static func statements(in script: String) -> [Statement] {
    let characters = Array(script)
    var statements: [Statement] = []
    var start = 0
    var index = 0
    var hasCode = false
    func flush(until end: Int) {
      defer { hasCode = false }
      guard hasCode else { return }
      var lower = start
      var upper = end
      while lower < upper, characters[lower].isWhitespace { lower += 1 }
      while upper > lower, characters[upper - 1].isWhitespace { upper -= 1 }
      statements.append(Statement(text: String(characters[lower..<upper]), offset: lower))
    }
    while index < characters.count {
      let character = characters[index]
      let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
      switch character {
      case "'", "\"", "`":
        hasCode = true
        index += 1
        while index < characters.count, characters[index] != character {
          if characters[index] == "\\" && character != "`" { index += 1 }
          index += 1
        }
        index += 1
      case "-" where next == "-":
        while index < characters.count, characters[index] != "\n" { index += 1 }
      case "/" where next == "*":
        var depth = 1
        index += 2
        while index < characters.count, depth > 0 {
          if characters[index] == "/" && index + 1 < characters.count
            && characters[index + 1] == "*"
          {
            depth += 1
            index += 2
          } else if characters[index] == "*" && index + 1 < characters.count
            && characters[index + 1] == "/"
          {
            depth -= 1
            index += 2
          } else {
            index += 1
          }
        }
      case ";":
        flush(until: index)
        index += 1
        start = index
      default:
        if !character.isWhitespace { hasCode = true }
        index += 1
      }
    }
    flush(until: min(index, characters.count))
    return statements
  }

  /// The statement that contains the 0-based character `offset` (or the nearest before it).
  public static func statement(at offset: Int, in script: String) -> Statement? {
    let all = statements(in: script)
    return all.last { $0.offset <= offset } ?? all.first
  }
}
