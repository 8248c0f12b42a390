/// Walks a statement's tokens, tracking the clause at each point (per parenthesis depth) and
/// collecting the tables its `FROM` and `JOIN` clauses name, with their aliases.
struct ClauseWalker {
  /// The clause of one parenthesis depth.
  struct Clause: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
      /// Before any clause word.
      case start
      /// `FROM`, `JOIN`, `INTO`, `UPDATE`, `TABLE`, `DESCRIBE`: a list of tables.
      case tables
      /// `SELECT`, `WHERE`, `GROUP BY`, `ORDER BY`, `HAVING`, `ON`…: expressions.
      case expression
      /// `LIMIT`, `UNION`, `GROUP` before its `BY`…: keywords follow.
      case other
    }
    var kind = Kind.start
    /// In a table list, the next name is a table (after `FROM`, `JOIN` or a comma).
    var expectsName = false
    /// In a table list, the index in `tables` of the table an alias would belong to.
    var aliasTarget: Int?
  }

  /// One clause per open parenthesis, the innermost last.
  private var stack = [Clause()]
  private(set) var tables: [TableReference] = []
  /// The last word, upper-cased (for `GROUP BY`, `ORDER BY`).
  private var previousWord: String?
  private var isFirstWord = true

  var clause: Clause { stack[stack.count - 1] }

  private var top: Clause {
    get { stack[stack.count - 1] }
    set { stack[stack.count - 1] = newValue }
  }

  /// Takes the token (or dotted name) at `position` of `statement` (indices into `tokens`);
  /// returns the position after it.
  mutating func step(_ statement: [Int], at position: Int, in tokens: [SQLToken]) -> Int {
    let token = tokens[statement[position]]
    defer { isFirstWord = false }
    if token.kind == .word, Self.keywords.contains(token.text.uppercased()) {
      keyword(token.text.uppercased())
      return position + 1
    }
    if token.isName {
      // A dotted name: `a.b.c`.
      var path = [token.text]
      var next = position + 1
      while next + 1 < statement.count, tokens[statement[next]].kind == .symbol,
        tokens[statement[next]].text == ".", tokens[statement[next + 1]].isName,
        tokens[statement[next]].range.lowerBound == tokens[statement[next - 1]].range.upperBound,
        tokens[statement[next + 1]].range.lowerBound == tokens[statement[next]].range.upperBound
      {
        path.append(tokens[statement[next + 1]].text)
        next += 2
      }
      name(path)
      previousWord = nil
      return next
    }
    previousWord = nil
    if token.kind == .symbol { symbol(token.text) } else { top.aliasTarget = nil }
    return position + 1
  }

  private mutating func name(_ path: [String]) {
    guard top.kind == .tables else { return }
    if top.expectsName {
      tables.append(TableReference(path: path))
      top.expectsName = false
      top.aliasTarget = tables.count - 1
    } else if let target = top.aliasTarget, path.count == 1 {
      tables[target].alias = path[0]
      top.aliasTarget = nil
    }
  }

  private mutating func keyword(_ word: String) {
    defer { previousWord = word }
    switch word {
    case "SELECT", "WHERE", "HAVING", "ON", "QUALIFY", "WHEN", "THEN", "ELSE", "SET", "USING":
      top = Clause(kind: .expression)
    case "BY" where Self.byWords.contains(previousWord ?? ""):
      top = Clause(kind: .expression)
    case "FROM", "JOIN", "INTO", "UPDATE", "TABLE":
      top = Clause(kind: .tables, expectsName: true)
    case "DESCRIBE",
      "DESC" where isFirstWord:
      top = Clause(kind: .tables, expectsName: true)
    case "AS" where top.kind == .tables:
      break  // the alias follows
    case _ where Self.clauseEnds.contains(word):
      top = Clause(kind: .other)
    default:
      top.aliasTarget = nil
    }
  }

  private mutating func symbol(_ text: String) {
    switch text {
    case "(":
      var inner = top
      inner.aliasTarget = nil
      stack.append(inner)
    case ")":
      if stack.count > 1 { stack.removeLast() }
      // `FROM (SELECT …) AS x`: the subquery took the table's place; its alias names nothing
      // this walk knows.
      if top.kind == .tables { top.expectsName = false }
      top.aliasTarget = nil
    case "," where top.kind == .tables:
      top.expectsName = true
      top.aliasTarget = nil
    case ";":
      stack = [Clause()]
    default:
      top.aliasTarget = nil
    }
  }

  /// Words before `BY` that make it start expressions.
  static let byWords: Set<String> = [
    "GROUP", "ORDER", "SORT", "CLUSTER", "DISTRIBUTE", "PARTITION",
  ]

  /// Words after which keywords, not names, follow.
  static let clauseEnds: Set<String> = [
    "GROUP", "ORDER", "SORT", "CLUSTER", "DISTRIBUTE", "PARTITION", "LIMIT", "OFFSET", "UNION",
    "INTERSECT", "EXCEPT", "MINUS", "WINDOW", "WITH",
  ]

  /// Words never taken for a table name or an alias.
  static let keywords: Set<String> = SQLWords.keywords.union([
    "MINUS", "SEMI", "ANTI", "LATERAL", "QUALIFY", "CLUSTER", "DISTRIBUTE", "ILIKE",
  ])
}
