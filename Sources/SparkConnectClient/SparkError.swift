import Foundation

/// Every failure the client reports: a gRPC status plus, when Spark sent them, its error
/// class, SQLSTATE, message parameters, the full message and where in the SQL text it failed.
public struct SparkError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of failure this is, for the UI to choose its wording and recovery.
  public enum Kind: Sendable, Equatable {
    /// The server answered with an error about the request (bad SQL, missing table, ...).
    case server
    /// The server could not be reached, or the connection broke.
    case connection
    /// The token was missing or wrong.
    case authentication
    /// The server's session changed (a restart) or was closed.
    case sessionChanged
    /// The operation was cancelled by an Interrupt.
    case cancelled
    /// Flint could not make sense of what the server sent.
    case protocolViolation
    /// The connection did not come up within the connect timeout.
    case timeout
  }

  /// Where in the SQL text an error points, from Spark's query context.
  public struct QueryContext: Sendable, Equatable {
    /// 0-based character offsets into the statement text, inclusive at both ends.
    public var startIndex: Int
    public var stopIndex: Int
    public var fragment: String
    /// 1-based line and column of `startIndex`, counted in characters.
    public var line: Int
    public var column: Int
    public var summary: String

    public init(
      startIndex: Int, stopIndex: Int, fragment: String, line: Int, column: Int,
      summary: String = ""
    ) {
      self.startIndex = startIndex
      self.stopIndex = stopIndex
      self.fragment = fragment
      self.line = line
      self.column = column
      self.summary = summary
    }

    /// The same context moved by `characters` and `lines`, for a statement that starts
    /// inside a longer text.
    public func shifted(by characters: Int, in text: String) -> QueryContext {
      var moved = self
      moved.startIndex += characters
      moved.stopIndex += characters
      (moved.line, moved.column) = Self.lineAndColumn(of: moved.startIndex, in: text)
      return moved
    }

    /// 1-based line and column of a 0-based character offset.
    public static func lineAndColumn(of offset: Int, in text: String) -> (Int, Int) {
      var line = 1
      var column = 1
      for (index, character) in text.enumerated() {
        if index >= offset { break }
        if character == "\n" || character == "\r\n" {
          line += 1
          column = 1
        } else {
          column += 1
        }
      }
      return (line, column)
    }
  }

  public var kind: Kind
  /// The gRPC status code name (e.g. "internal", "unavailable").
  public var code: String
  /// Spark's error class, e.g. `TABLE_OR_VIEW_NOT_FOUND`.
  public var errorClass: String?
  /// The SQLSTATE, e.g. `42P01`.
  public var sqlState: String?
  public var messageParameters: [String: String]
  /// The full message (from FetchErrorDetails when available).
  public var message: String
  public var queryContexts: [QueryContext]
  /// Whether the retry policy may try the call again.
  public var isRetryable: Bool
  /// The delay the server asked for before a retry, if any.
  public var retryDelay: Duration?

  public init(
    kind: Kind, code: String, message: String, errorClass: String? = nil,
    sqlState: String? = nil, messageParameters: [String: String] = [:],
    queryContexts: [QueryContext] = [], isRetryable: Bool = false, retryDelay: Duration? = nil
  ) {
    self.kind = kind
    self.code = code
    self.message = message
    self.errorClass = errorClass
    self.sqlState = sqlState
    self.messageParameters = messageParameters
    self.queryContexts = queryContexts
    self.isRetryable = isRetryable
    self.retryDelay = retryDelay
  }

  /// The message without Spark's own trailing `SQLSTATE: …` and context summary.
  public var headline: String {
    var text = message.trimmingCharacters(in: .whitespacesAndNewlines)
    if let range = text.range(of: "\n== SQL") { text = String(text[..<range.lowerBound]) }
    if let errorClass, text.hasPrefix("[\(errorClass)] ") {
      text = String(text.dropFirst(errorClass.count + 3))
    }
    if let sqlState, let range = text.range(of: " SQLSTATE: \(sqlState)", options: .backwards) {
      text = String(text[..<range.lowerBound])
    }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// One line: `[ERROR_CLASS] message (SQLSTATE: xxxxx)`, or the connection problem.
  public var description: String {
    var text = ""
    if let errorClass { text += "[\(errorClass)] " }
    text +=
      headline.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
      ?? ""
    if let sqlState { text += " (SQLSTATE: \(sqlState))" }
    return text
  }

  /// This error with its query contexts pointing into `script`, for a failure of `statement`
  /// (one statement of `script`). A parse error, whose position Spark gives only in its
  /// message (`(line 2, pos 13)`), gets a context here.
  public func located(in statement: SQLScript.Statement, of script: String) -> SparkError {
    var located = self
    if located.queryContexts.isEmpty, let context = parseContext(in: statement.text) {
      located.queryContexts = [context]
    }
    located.queryContexts = located.queryContexts.map {
      $0.shifted(by: statement.offset, in: script)
    }
    return located
  }

  /// The context of a parse error in the text that was sent, from the `(line N, pos M)` of
  /// Spark's message (1-based line, 0-based character in it) and the offending token its
  /// `error` parameter names.
  func parseContext(in text: String) -> QueryContext? {
    guard let match = message.firstMatch(of: #/\(line (\d+), pos (\d+)\)/#),
      let line = Int(match.1), let position = Int(match.2), line >= 1
    else { return nil }
    let characters = Array(text)
    var lineStart = 0
    var currentLine = 1
    while currentLine < line, lineStart < characters.count {
      if characters[lineStart] == "\n" { currentLine += 1 }
      lineStart += 1
    }
    guard currentLine == line, !characters.isEmpty else { return nil }
    let start = min(lineStart + position, characters.count - 1)
    var token = messageParameters["error"] ?? ""
    if token.count >= 2, token.hasPrefix("'"), token.hasSuffix("'") {
      token = String(token.dropFirst().dropLast())
    }
    let tokenCharacters = Array(token)
    let matches =
      !tokenCharacters.isEmpty && start + tokenCharacters.count <= characters.count
      && Array(characters[start..<start + tokenCharacters.count]) == tokenCharacters
    let stop = matches ? start + tokenCharacters.count - 1 : start
    return QueryContext(
      startIndex: start, stopIndex: stop, fragment: String(characters[start...stop]), line: 0,
      column: 0)
  }

  /// The failing SQL line with a caret line under the fragment, or nil without a context.
  public func caretDisplay(sql: String) -> String? {
    guard let context = queryContexts.first else { return nil }
    let lines = sql.split(separator: "\n", omittingEmptySubsequences: false)
    guard context.line >= 1, context.line <= lines.count else { return nil }
    let line = String(lines[context.line - 1])
    let fragmentLength = max(1, context.stopIndex - context.startIndex + 1)
    let available = max(1, line.count - (context.column - 1))
    let carets = String(repeating: "^", count: min(fragmentLength, available))
    let padding = String(repeating: " ", count: max(0, context.column - 1))
    return "line \(context.line), column \(context.column):\n\(line)\n\(padding)\(carets)"
  }
}
