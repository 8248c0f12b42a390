/// Splits a SQL text into statements at top-level semicolons.
///
/// Quotes (`'…'`, `"…"`, backticks, with backslash escapes as Spark allows), `--` line
/// comments and `/* … */` block comments (nested, as Spark's parser allows) are respected, and
/// so are compound statements: a `;` inside `BEGIN … END` (Spark SQL scripting) or a `CASE …
/// END` does not end the statement. Offsets are in characters, so they line up with Spark's
/// query-context indices.
///
/// "The statement under the cursor" also ends at a blank line, as in DataGrip and DBeaver,
/// unless the statement clearly goes on: inside parentheses or a block, after a `WITH … AS
/// (…)` list that has no query yet, or after a comma, an operator or a keyword such as `FROM`
/// or `AND` that needs more text. Running a whole text still splits on `;` only.
public enum SQLScript {
  /// One statement of a script and where it starts in the full text.
  public struct Statement: Sendable, Equatable {
    /// The statement's text, without the terminating semicolon and surrounding blanks.
    public var text: String
    /// 0-based character offset of `text` in the full script.
    public var offset: Int

    public init(text: String, offset: Int) {
      self.text = text
      self.offset = offset
    }
  }

  /// The non-empty statements of `script`, in order, split at `;` only. Comment-only pieces
  /// are dropped.
  public static func statements(in script: String) -> [Statement] {
    var scanner = Scanner(script, splitsOnBlankLines: false)
    return scanner.statements()
  }

  /// The statement that contains the 0-based character `offset` (or the nearest before it),
  /// where a blank line ends a statement too (see the type's summary).
  public static func statement(at offset: Int, in script: String) -> Statement? {
    var scanner = Scanner(script, splitsOnBlankLines: true)
    let all = scanner.statements()
    return all.last { $0.offset <= offset } ?? all.first
  }
}

extension SQLScript {
  /// One pass over the characters, tracking nesting and the last significant token.
  fileprivate struct Scanner {
    let characters: [Character]
    let splitsOnBlankLines: Bool
    var found: [Statement] = []
    var start = 0
    var index = 0
    /// Whether the current piece has anything but blanks and comments.
    var hasCode = false
    var parenthesisDepth = 0
    /// Open `BEGIN` and `CASE` blocks.
    var blockDepth = 0
    /// The piece's first word, upper-cased (`WITH`, `SELECT`, …).
    var firstWord: String?
    /// The last top-level token: an upper-cased word or one punctuation character.
    var lastToken: String?
    /// A word that starts a query appeared at the top level after the first word.
    var hasTopLevelQuery = false
    /// The word before the current one was `END` (so `END CASE` closes one block).
    var afterEnd = false

    init(_ script: String, splitsOnBlankLines: Bool) {
      characters = Array(script)
      self.splitsOnBlankLines = splitsOnBlankLines
    }

    mutating func statements() -> [Statement] {
      while index < characters.count { step() }
      flush(until: characters.count)
      return found
    }

    private func character(at position: Int) -> Character? {
      position < characters.count ? characters[position] : nil
    }

    private mutating func step() {
      let character = characters[index]
      let next = self.character(at: index + 1)
      switch character {
      case "'", "\"", "`":
        hasCode = true
        lastToken = "literal"
        index += 1
        while index < characters.count, characters[index] != character {
          if characters[index] == "\\" && character != "`" { index += 1 }
          index += 1
        }
        index += 1
      case "-" where next == "-":
        while index < characters.count, characters[index] != "\n" { index += 1 }
      case "/" where next == "*":
        skipBlockComment()
      case ";" where blockDepth == 0:
        flush(until: index)
        index += 1
        start = index
      case "\n" where splitsOnBlankLines:
        if let end = blankLineEnd(after: index), hasCode, !continues {
          flush(until: index)
          start = end
          index = end
        } else {
          index += 1
        }
      case "(":
        parenthesisDepth += 1
        token(String(character))
        index += 1
      case ")":
        parenthesisDepth = max(0, parenthesisDepth - 1)
        token(String(character))
        index += 1
      case _ where character.isLetter || character == "_":
        var end = index
        while end < characters.count,
          characters[end].isLetter || characters[end].isNumber || characters[end] == "_"
        {
          end += 1
        }
        word(String(characters[index..<end]).uppercased())
        index = end
      case _ where character.isWhitespace:
        index += 1
      default:
        token(String(character))
        index += 1
      }
    }

    private mutating func skipBlockComment() {
      var depth = 1
      index += 2
      while index < characters.count, depth > 0 {
        if characters[index] == "/" && character(at: index + 1) == "*" {
          depth += 1
          index += 2
        } else if characters[index] == "*" && character(at: index + 1) == "/" {
          depth -= 1
          index += 2
        } else {
          index += 1
        }
      }
    }

    private mutating func token(_ text: String) {
      hasCode = true
      if parenthesisDepth == 0 || text == "(" { lastToken = text }
      afterEnd = false
    }

    private mutating func word(_ word: String) {
      let closesAfterEnd = afterEnd
      hasCode = true
      afterEnd = false
      if firstWord == nil {
        firstWord = word
      } else if parenthesisDepth == 0, Self.queryWords.contains(word) {
        hasTopLevelQuery = true
      }
      if parenthesisDepth == 0 { lastToken = word }
      switch word {
      case "BEGIN":
        blockDepth += 1
      case "CASE" where closesAfterEnd:
        break  // `END CASE`: the END closed it.
      case "CASE":
        blockDepth += 1
      case "END":
        blockDepth = max(0, blockDepth - 1)
        afterEnd = true
      case "IF", "WHILE", "LOOP", "REPEAT", "FOR":
        // `END IF` and the like close a construct that was never counted as a block.
        if closesAfterEnd { blockDepth += 1 }
      default:
        break
      }
    }

    /// Whether the piece so far clearly needs more text, so a blank line does not end it.
    private var continues: Bool {
      if parenthesisDepth > 0 || blockDepth > 0 { return true }
      if firstWord == "WITH" && !hasTopLevelQuery { return true }
      guard let lastToken else { return false }
      return Self.continuationTokens.contains(lastToken)
    }

    /// The index after a blank line that starts right after the newline at `newline`, or nil
    /// when the next line has text.
    private func blankLineEnd(after newline: Int) -> Int? {
      var position = newline + 1
      while position < characters.count {
        let character = characters[position]
        if character == "\n" { return position + 1 }
        guard character.isWhitespace else { return nil }
        position += 1
      }
      return nil
    }

    private mutating func flush(until end: Int) {
      defer {
        hasCode = false
        firstWord = nil
        lastToken = nil
        hasTopLevelQuery = false
        parenthesisDepth = 0
        blockDepth = 0
      }
      guard hasCode else { return }
      var lower = start
      var upper = min(end, characters.count)
      while lower < upper, characters[lower].isWhitespace { lower += 1 }
      while upper > lower, characters[upper - 1].isWhitespace { upper -= 1 }
      found.append(Statement(text: String(characters[lower..<upper]), offset: lower))
    }

    /// Words that start the query of a `WITH` statement.
    static let queryWords: Set<String> = [
      "SELECT", "FROM", "VALUES", "TABLE", "INSERT", "MERGE", "UPDATE", "DELETE",
    ]

    /// Tokens after which a statement cannot end.
    static let continuationTokens: Set<String> = [
      ",", "(", "=", "<", ">", "+", "-", "*", "/", "%", "|", "&", "^", "!", ".",
      "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "JOIN", "ON", "BY", "AS", "IN", "HAVING",
      "UNION", "INTERSECT", "EXCEPT", "MINUS", "DISTINCT", "SET", "INTO", "VALUES", "THEN",
      "ELSE", "WHEN", "LIKE", "ILIKE", "RLIKE", "BETWEEN", "IS", "INNER", "LEFT", "RIGHT",
      "FULL", "OUTER", "CROSS", "SEMI", "ANTI", "USING", "ORDER", "GROUP", "PARTITION",
      "WINDOW", "OVER", "LIMIT", "OFFSET", "CASE",
    ]
  }
}
