/// One token of a SQL text, for completion: where names, strings and comments are.
///
/// `SQLHighlighter` styles one line at a time and `SQLScript` only tracks statement ends;
/// completion needs the tokens of a whole statement with their text and character offsets,
/// so this small scanner follows the same rules (quotes with backslash escapes, doubled
/// backticks, `--` and nested `/* … */` comments).
struct SQLToken: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    /// A bare word: a keyword or an unquoted identifier.
    case word
    /// A backticked identifier; `text` is the name without the backticks.
    case quotedIdentifier
    /// A `'…'` or `"…"` literal.
    case string
    case number
    /// A `--` or `/* … */` comment.
    case comment
    /// One punctuation or operator character (`.`, `,`, `(`…).
    case symbol
  }

  var kind: Kind
  /// The word, the identifier's name (unescaped), or the token's characters.
  var text: String
  /// Character offsets of the token in the scanned text.
  var range: Range<Int>
  /// False for a quote or block comment the text ends inside of, and for `--` comments
  /// (they run to the end of their line, which the cursor may be at).
  var isClosed = true

  /// Whether the token names something (a word or a backticked identifier).
  var isName: Bool { kind == .word || kind == .quotedIdentifier }

  /// The tokens of `characters`, blanks left out.
  static func tokens(in characters: [Character]) -> [SQLToken] {
    var tokens: [SQLToken] = []
    var index = 0
    func at(_ position: Int) -> Character? {
      position < characters.count ? characters[position] : nil
    }
    while index < characters.count {
      let start = index
      let character = characters[index]
      switch character {
      case "`":
        var name = ""
        var closed = false
        index += 1
        while index < characters.count {
          if characters[index] == "`" {
            if at(index + 1) == "`" {
              name.append("`")
              index += 2
              continue
            }
            closed = true
            index += 1
            break
          }
          name.append(characters[index])
          index += 1
        }
        tokens.append(
          SQLToken(kind: .quotedIdentifier, text: name, range: start..<index, isClosed: closed))
      case "'", "\"":
        var closed = false
        index += 1
        while index < characters.count {
          if characters[index] == "\\" {
            index += 2
            continue
          }
          if characters[index] == character {
            closed = true
            index += 1
            break
          }
          index += 1
        }
        index = min(index, characters.count)
        tokens.append(
          SQLToken(
            kind: .string, text: String(characters[start..<index]), range: start..<index,
            isClosed: closed))
      case "-" where at(index + 1) == "-":
        while index < characters.count, characters[index] != "\n" { index += 1 }
        tokens.append(
          SQLToken(
            kind: .comment, text: String(characters[start..<index]), range: start..<index,
            isClosed: false))
      case "/" where at(index + 1) == "*":
        var depth = 1
        index += 2
        while index < characters.count, depth > 0 {
          if characters[index] == "/" && at(index + 1) == "*" {
            depth += 1
            index += 2
          } else if characters[index] == "*" && at(index + 1) == "/" {
            depth -= 1
            index += 2
          } else {
            index += 1
          }
        }
        index = min(index, characters.count)
        tokens.append(
          SQLToken(
            kind: .comment, text: String(characters[start..<index]), range: start..<index,
            isClosed: depth == 0))
      case _ where character.isLetter || character == "_":
        while let next = at(index), next.isLetter || next.isNumber || next == "_" { index += 1 }
        tokens.append(
          SQLToken(kind: .word, text: String(characters[start..<index]), range: start..<index))
      case _ where character.isNumber:
        while let next = at(index), next.isLetter || next.isNumber || next == "_" || next == "." {
          index += 1
        }
        tokens.append(
          SQLToken(kind: .number, text: String(characters[start..<index]), range: start..<index))
      case _ where character.isWhitespace:
        index += 1
      default:
        index += 1
        tokens.append(SQLToken(kind: .symbol, text: String(character), range: start..<index))
      }
    }
    return tokens
  }
}
