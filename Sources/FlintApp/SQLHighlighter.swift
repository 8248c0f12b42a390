import TerminalUI

/// A small SQL tokenizer for one editor line: keywords, strings, numbers, comments,
/// quoted identifiers and function names. A block comment may span lines: the state at the
/// end of one line (inside a comment or not) is where the next line starts.
public enum SQLHighlighter {
  /// Where a line starts or ends: in plain SQL, or inside a `/* … */` comment.
  public enum LineState: Int, Sendable {
    case code = 0
    case blockComment = 1
  }

  /// Style spans (grapheme offsets) for one line.
  @Sendable public static func spans(_ line: String) -> [StyleSpan] {
    spans(line, theme: .fallback)
  }

  /// Style spans (grapheme offsets) for one line, in a theme's token styles.
  @Sendable public static func spans(_ line: String, theme: Theme) -> [StyleSpan] {
    spans(line, theme: theme, from: .code).spans
  }

  /// Style spans for one line that starts in `state`, and the state at its end.
  @Sendable public static func spans(_ line: String, theme: Theme, from state: LineState)
    -> (spans: [StyleSpan], end: LineState)
  {
    let chars = Array(line)
    var spans: [StyleSpan] = []
    var i = 0
    if state == .blockComment {
      guard let close = commentEnd(chars, from: 0) else {
        return ([StyleSpan(0..<chars.count, theme.comment)], .blockComment)
      }
      spans.append(StyleSpan(0..<close, theme.comment))
      i = close
    }
    while i < chars.count {
      let c = chars[i]
      if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
        spans.append(StyleSpan(i..<chars.count, theme.comment))
        break
      }
      if c == "/" && i + 1 < chars.count && chars[i + 1] == "*" {
        guard let end = commentEnd(chars, from: i + 2) else {
          spans.append(StyleSpan(i..<chars.count, theme.comment))
          return (spans, .blockComment)
        }
        spans.append(StyleSpan(i..<end, theme.comment))
        i = end
        continue
      }
      if c == "'" || c == "\"" || c == "`" {
        var j = i + 1
        while j < chars.count && chars[j] != c {
          if chars[j] == "\\" { j += 1 }
          j += 1
        }
        let end = min(chars.count, j + 1)
        spans.append(StyleSpan(i..<end, c == "`" ? theme.identifier : theme.string))
        i = end
        continue
      }
      if c.isNumber {
        var j = i
        while j < chars.count
          && (chars[j].isNumber || chars[j] == "." || chars[j] == "E" || chars[j] == "e"
            || chars[j] == "L" || chars[j] == "D")
        { j += 1 }
        spans.append(StyleSpan(i..<j, theme.number))
        i = j
        continue
      }
      if c.isLetter || c == "_" {
        var j = i
        while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") {
          j += 1
        }
        let word = String(chars[i..<j]).uppercased()
        var k = j
        while k < chars.count && chars[k] == " " { k += 1 }
        if SQLWords.keywords.contains(word) {
          spans.append(StyleSpan(i..<j, theme.keyword))
        } else if k < chars.count && chars[k] == "(" {
          spans.append(StyleSpan(i..<j, theme.function))
        }
        i = j
        continue
      }
      i += 1
    }
    return (spans, .code)
  }

  /// The offset just past the `*/` closing a comment, searching from `start`; nil if none.
  static func commentEnd(_ chars: [Character], from start: Int) -> Int? {
    var j = start
    while j + 1 < chars.count {
      if chars[j] == "*" && chars[j + 1] == "/" { return j + 2 }
      j += 1
    }
    return nil
  }
}

/// Spark SQL words the highlighter and completion know.
public enum SQLWords {
  public static let keywords: Set<String> = [
    "ADD", "ALL", "ALTER", "ANALYZE", "AND", "ANTI", "ANY", "ARRAY", "AS", "ASC", "BETWEEN",
    "BIGINT", "BINARY", "BOOLEAN",
    "BOTH", "BY", "CACHE", "CASE", "CAST", "CATALOG", "CATALOGS", "CHANGE", "COLUMN", "COLUMNS",
    "COMMENT", "CREATE",
    "CROSS", "CUBE", "CURRENT", "DATABASE", "DATABASES", "DATE", "DECIMAL", "DELETE", "DESC",
    "DESCRIBE", "DISTINCT",
    "DISTRIBUTE", "DOUBLE", "DROP", "ELSE", "END", "EXCEPT", "EXISTS", "EXPLAIN", "EXTENDED",
    "FALSE", "FIRST",
    "FLOAT", "FOLLOWING", "FOR", "FROM", "FULL", "FUNCTION", "FUNCTIONS", "GLOBAL", "GROUP",
    "GROUPING", "HAVING", "IF",
    "IN", "INNER", "INSERT", "INT", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN",
    "LAST", "LATERAL",
    "LEFT", "LIKE", "LIMIT", "LONG", "MAP", "MERGE", "NATURAL", "NOT", "NULL", "NULLS", "OFFSET",
    "ON", "OR",
    "ORDER", "OUTER", "OVER", "OVERWRITE", "PARTITION", "PARTITIONED", "PIVOT", "PRECEDING",
    "QUALIFY", "RANGE",
    "RECURSIVE", "REFRESH", "REPLACE", "RIGHT", "RLIKE", "ROLLUP", "ROW", "ROWS", "SCHEMA",
    "SCHEMAS", "SELECT",
    "SEMI", "SET", "SHOW", "SMALLINT", "SORT", "STRING", "STRUCT", "TABLE", "TABLES", "TABLESAMPLE",
    "TEMP",
    "TEMPORARY", "THEN", "TIMESTAMP", "TINYINT", "TO", "TRUE", "TRUNCATE", "UNBOUNDED", "UNION",
    "UNPIVOT",
    "UPDATE", "USE", "USING", "VALUES", "VARIANT", "VIEW", "VIEWS", "WHEN", "WHERE", "WINDOW",
    "WITH",
  ]
  public static let functions: [String] = [
    "abs", "aggregate", "approx_count_distinct", "array_contains", "array_distinct", "array_join",
    "avg",
    "cardinality", "ceil", "coalesce", "collect_list", "collect_set", "concat", "concat_ws",
    "count",
    "count_if", "current_date", "current_timestamp", "date_add", "date_format", "date_sub",
    "date_trunc",
    "datediff", "element_at", "explode", "explode_outer", "first", "floor", "from_json",
    "from_unixtime",
    "get_json_object", "greatest", "hash", "if", "ifnull", "inline", "instr", "isnull", "last",
    "least",
    "length", "lower", "lpad", "ltrim", "map_keys", "map_values", "max", "md5", "min",
    "named_struct",
    "nullif", "nvl", "parse_json", "percentile_approx", "posexplode", "range", "rank",
    "regexp_extract",
    "regexp_replace", "round", "row_number", "rpad", "rtrim", "sha2", "size", "sort_array", "split",
    "sqrt", "stddev", "struct", "substr", "substring", "sum", "to_date", "to_json", "to_timestamp",
    "transform",
    "trim", "try_cast", "unix_timestamp", "upper", "variance", "xxhash64", "year", "month", "day",
    "hour",
  ]
}
