import Foundation
import SparkConnectClient

/// A table named in a statement's `FROM` or `JOIN`, with its alias.
public struct TableReference: Sendable, Equatable {
  /// The name as written, split at its dots and without backticks (`demo.trips` is
  /// `["demo", "trips"]`).
  public var path: [String]
  public var alias: String?

  public init(path: [String], alias: String? = nil) {
    self.path = path
    self.alias = alias
  }
}

/// What kind of name the cursor wants, found from the SQL text alone: the analysis behind
/// Ctrl-Space, which then asks the name cache for the names (see `CompletionCandidates`).
public struct CompletionContext: Sendable, Equatable {
  public enum Wanted: Sendable, Equatable {
    /// Inside a string literal or a comment: no completion.
    case nothing
    /// A table or view (after `FROM`, `JOIN`, `INTO`, `UPDATE`, `TABLE`, `DESCRIBE`) in the
    /// database `qualifier` names: `[]` none typed, `[db]` or `[catalog, db]`.
    case table(qualifier: [String])
    /// A column of one table, after `alias.` or `table.`: the table's name as written in the
    /// statement.
    case columns(of: [String])
    /// An expression (`SELECT`, `WHERE`, `GROUP BY`, `ORDER BY`, `ON`, …): the columns of the
    /// statement's tables, then functions, then keywords.
    case expression(tables: [TableReference])
    /// Anywhere else: keywords, then functions.
    case keyword
  }

  public var wanted: Wanted
  /// The characters before the cursor that a completion replaces: the part of the name typed
  /// so far, with its opening backtick when quoted.
  public var typed: String
  /// The characters of the same name after the cursor (a completion replaces them too).
  public var following: String
  /// The name typed so far, without backticks: what candidates must start with.
  public var prefix: String
  /// The name is being typed in backticks: candidates are inserted in backticks.
  public var isQuoted: Bool

  public init(
    wanted: Wanted, typed: String = "", following: String = "", prefix: String = "",
    isQuoted: Bool = false
  ) {
    self.wanted = wanted
    self.typed = typed
    self.following = following
    self.prefix = prefix
    self.isQuoted = isQuoted
  }

  /// The context at the 0-based character offset `cursor` of `text`.
  public static func at(_ cursor: Int, in text: String) -> CompletionContext {
    let characters = Array(text)
    let cursor = min(max(0, cursor), characters.count)
    var tokens = SQLToken.tokens(in: characters)
    // An unclosed backtick before the cursor would take the rest of the text: the name being
    // typed ends at the cursor, and what follows is read on its own.
    if tokens.contains(where: {
      $0.kind == .quotedIdentifier && !$0.isClosed && $0.range.lowerBound < cursor
    }) {
      tokens =
        SQLToken.tokens(in: Array(characters[..<cursor]))
        + SQLToken.tokens(in: Array(characters[cursor...])).map {
          var token = $0
          token.range = (token.range.lowerBound + cursor)..<(token.range.upperBound + cursor)
          return token
        }
    }
    let insideLiteral = tokens.contains { token in
      (token.kind == .string || token.kind == .comment) && token.range.lowerBound < cursor
        && (cursor < token.range.upperBound
          || (cursor == token.range.upperBound && !token.isClosed))
    }
    if insideLiteral { return CompletionContext(wanted: .nothing) }

    // The name under the cursor, then the `qualifier.` chain before it.
    var context = CompletionContext(wanted: .keyword)
    var chainStart = tokens.firstIndex { $0.range.lowerBound >= cursor } ?? tokens.count
    var chainEdge = cursor
    if let word = tokens.firstIndex(where: {
      $0.isName && $0.range.lowerBound < cursor && cursor <= $0.range.upperBound
    }) {
      let token = tokens[word]
      context.typed = String(characters[token.range.lowerBound..<cursor])
      context.following = String(characters[cursor..<token.range.upperBound])
      if token.kind == .quotedIdentifier {
        context.isQuoted = true
        var inside = context.typed.dropFirst()
        if token.isClosed && cursor == token.range.upperBound { inside = inside.dropLast() }
        context.prefix = inside.replacingOccurrences(of: "``", with: "`")
      } else {
        context.prefix = context.typed
      }
      chainStart = word
      chainEdge = token.range.lowerBound
    }
    var qualifier: [String] = []
    while chainStart >= 2, tokens[chainStart - 1].kind == .symbol,
      tokens[chainStart - 1].text == ".", tokens[chainStart - 1].range.upperBound == chainEdge,
      tokens[chainStart - 2].isName,
      tokens[chainStart - 2].range.upperBound == tokens[chainStart - 1].range.lowerBound
    {
      qualifier.insert(tokens[chainStart - 2].text, at: 0)
      chainStart -= 2
      chainEdge = tokens[chainStart].range.lowerBound
    }

    let statement = statementTokens(tokens, cursor: cursor, text: text)
    var walker = ClauseWalker()
    var atCursor: ClauseWalker.Clause?
    var index = 0
    while index < statement.count {
      let tokenIndex = statement[index]
      if atCursor == nil && tokenIndex >= chainStart { atCursor = walker.clause }
      index = walker.step(statement, at: index, in: tokens)
    }
    let clause = atCursor ?? walker.clause
    context.wanted = wanted(clause: clause, qualifier: qualifier, tables: walker.tables)
    return context
  }

  /// What the clause at the cursor asks for, given the qualifier typed before the name.
  static func wanted(clause: ClauseWalker.Clause, qualifier: [String], tables: [TableReference])
    -> Wanted
  {
    switch clause.kind {
    case .tables:
      return clause.expectsName ? .table(qualifier: qualifier) : .keyword
    case .expression:
      return qualifier.isEmpty
        ? .expression(tables: tables) : .columns(of: resolve(qualifier, in: tables))
    case .start, .other:
      return qualifier.isEmpty ? .keyword : .columns(of: resolve(qualifier, in: tables))
    }
  }

  /// The table a qualifier means: the one it is the alias of, else the one whose name ends
  /// with it, else the qualifier itself taken as a table name.
  static func resolve(_ qualifier: [String], in tables: [TableReference]) -> [String] {
    let lowered = qualifier.map { $0.lowercased() }
    if lowered.count == 1,
      let table = tables.first(where: { $0.alias?.lowercased() == lowered[0] })
    {
      return table.path
    }
    if let table = tables.first(where: {
      $0.path.count >= lowered.count
        && $0.path.suffix(lowered.count).map { $0.lowercased() }
          == lowered
    }) {
      return table.path
    }
    return qualifier
  }

  /// Indices of the tokens (comments left out) of the statement the cursor is in, as
  /// `SQLScript` splits the text (at `;` and at blank lines that end a statement).
  static func statementTokens(_ tokens: [SQLToken], cursor: Int, text: String) -> [Int] {
    guard let statement = SQLScript.statement(at: cursor, in: text) else { return [] }
    let range = statement.offset..<(statement.offset + statement.text.count)
    // A `;` between that statement and the cursor: a new statement has just begun.
    let ended = tokens.contains {
      $0.kind == .symbol && $0.text == ";" && $0.range.lowerBound >= range.upperBound
        && $0.range.lowerBound < cursor
    }
    if ended { return [] }
    return tokens.indices.filter {
      tokens[$0].kind != .comment && range.contains(tokens[$0].range.lowerBound)
    }
  }
}
