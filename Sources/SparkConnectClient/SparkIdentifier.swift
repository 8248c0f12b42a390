import Foundation

/// Column and table names as Spark parses them, quoted only where needed.
///
/// One rule serves both places a name is parsed: SQL text (pipe SQL, `Read.NamedTable`) and
/// `UnresolvedAttribute.unparsed_identifier`, which the server splits with
/// `UnresolvedAttribute.parseAttributeName` — dots separate parts unless inside backticks, and
/// a doubled backtick inside backticks is one backtick. So a name that is not a plain ASCII
/// word (dots, spaces, backticks, CJK, a leading digit) or that is a reserved word is wrapped
/// in backticks with its backticks doubled: it then always reaches Spark as one part.
public enum SparkIdentifier {
  /// `name` as one identifier part: `payment`, `` `a.b` ``, `` `x``y` ``, `` `乘客` ``.
  public static func quoted(_ name: String) -> String {
    needsQuotes(name) ? "`" + name.replacingOccurrences(of: "`", with: "``") + "`" : name
  }

  /// A multi-part name (`demo.trips`, `` spark_catalog.`my db`.t ``).
  public static func qualified(_ parts: [String]) -> String {
    parts.map(quoted).joined(separator: ".")
  }

  static func needsQuotes(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || isASCIILetter(first) else {
      return true
    }
    let plain = name.unicodeScalars.allSatisfy {
      $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0)
    }
    return !plain || reservedWords.contains(name.uppercased())
  }

  private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
  }

  /// Words Spark's parser reserves in some positions (ANSI reserved keywords, plus the pipe
  /// and clause words that would read as syntax after `|>`); quoting them is always safe.
  static let reservedWords: Set<String> = [
    "ALL", "AND", "ANY", "ARRAY", "AS", "ASC", "AUTHORIZATION", "BETWEEN", "BOTH", "BY", "CASE",
    "CAST", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT", "CREATE", "CROSS", "CURRENT_DATE",
    "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DESC", "DISTINCT", "ELSE", "END",
    "ESCAPE", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FILTER", "FOR", "FOREIGN", "FROM", "FULL",
    "GRANT", "GROUP", "HAVING", "IN", "INNER", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN",
    "LATERAL", "LEADING", "LEFT", "LIKE", "LIMIT", "NATURAL", "NOT", "NULL", "OF", "OFFSET", "ON",
    "ONLY", "OR", "ORDER", "OUTER", "OVERLAPS", "PRIMARY", "REFERENCES", "RIGHT", "SELECT",
    "SESSION_USER", "SOME", "TABLE", "THEN", "TIME", "TO", "TRAILING", "TRUE", "UNION", "UNIQUE",
    "UNKNOWN", "USER", "USING", "WHEN", "WHERE", "WINDOW", "WITH",
  ]
}
