extension Exploration {
  /// The exploration as Spark 4 SQL pipe syntax, one operator per line:
  ///
  ///     FROM demo.trips
  ///     |> WHERE payment = 'card'
  ///     |> AGGREGATE COUNT(*) AS count GROUP BY pickup_zone
  ///     |> EXTEND …percent…
  ///     |> ORDER BY count DESC, pickup_zone
  ///     |> LIMIT 1000
  ///
  /// Run as text it returns the rows the relation returns: names are backtick-quoted where
  /// needed and values are literals of their exact type (see `PlanValue.sqlLiteral`).
  public var pipeSQL: String {
    var lines: [String]
    switch base {
    case .table(let parts): lines = ["FROM \(SparkIdentifier.qualified( parts))"]
    case .sql(let query): lines = [Self.trimmedQuery(query)]
    }
    for step in steps { lines += step.pipeSQL }
    return lines.joined(separator: "\n")
  }
}

extension PlanStep {
  /// The pipe operators of this step.
  var pipeSQL: [String] {
    switch self {
    case .filter(let predicate):
      return ["|> WHERE \(predicate.sql)"]
    case .sort(let keys):
      return ["|> ORDER BY " + keys.map(\.sql).joined(separator: ", ")]
    case .project(let columns):
      return ["|> SELECT " + columns.map(SparkIdentifier.quoted).joined(separator: ", ")]
    case .frequency(let columns, let limit):
      let names = columns.map(SparkIdentifier.quoted).joined(separator: ", ")
      let computed = Self.frequencyNames(for: columns)
      let count = SparkIdentifier.quoted(computed.count)
      let order = Self.frequencySQLOrder(columns)
      let all = "SUM(\(count)) OVER ()"
      let running =
        "SUM(\(count)) OVER (ORDER BY \(order) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
      return [
        "|> AGGREGATE COUNT(*) AS \(count) GROUP BY \(names)",
        "|> EXTEND \(count) * 100.0D / \(all) AS "
          + SparkIdentifier.quoted(computed.percent) + ",",
        "     \(running) * 100.0D / \(all) AS "
          + SparkIdentifier.quoted(computed.cumulative),
        "|> ORDER BY \(order)",
        "|> LIMIT \(limit)",
      ]
    case .sample(let fraction, let seed):
      return ["|> TABLESAMPLE (\(Self.percentText(fraction)) PERCENT) REPEATABLE (\(seed))"]
    case .limit(let count):
      return ["|> LIMIT \(count)"]
    }
  }

  /// `count DESC, a, b` — the frequency's order in SQL (NULLs first for ascending values and
  /// last for the count are Spark's defaults).
  static func frequencySQLOrder(_ columns: [String]) -> String {
    ([SparkIdentifier.quoted(frequencyNames(for: columns).count) + " DESC"]
      + columns.map(SparkIdentifier.quoted)).joined(separator: ", ")
  }

  /// `fraction` × 100 as decimal text, shifted in its shortest decimal spelling so that Spark's
  /// `percent / 100` gives back the same double (0.1 → `10`, not `10.000000000000002`).
  static func percentText(_ fraction: Double) -> String {
    guard fraction.isFinite, fraction >= 0 else { return "\(fraction * 100)" }
    // The shortest spelling as digits and the position of the decimal point in them.
    let text = "\(fraction)".lowercased()
    let parts = text.split(separator: "e", maxSplits: 1)
    let mantissa = parts.first.map(String.init) ?? text
    let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    let point = mantissa.firstIndex(of: ".").map {
      mantissa.distance(from: mantissa.startIndex, to: $0)
    }
    var digits = mantissa.replacingOccurrences(of: ".", with: "")
    var position = (point ?? digits.count) + exponent + 2
    if position <= 0 {
      digits = String(repeating: "0", count: 1 - position) + digits
      position = 1
    }
    if position > digits.count { digits += String(repeating: "0", count: position - digits.count) }
    var integer = String(digits.prefix(position))
    var fractional = String(digits.dropFirst(position))
    while integer.count > 1, integer.hasPrefix("0") { integer.removeFirst() }
    while fractional.hasSuffix("0") { fractional.removeLast() }
    return fractional.isEmpty ? integer : integer + "." + fractional
  }

}

extension SortKey {
  /// `name`, `name DESC`, plus `NULLS FIRST` / `NULLS LAST` when not Spark's default.
  var sql: String {
    var text = SparkIdentifier.quoted(column) + (ascending ? "" : " DESC")
    if let nullsFirst, nullsFirst != ascending {
      text += nullsFirst ? " NULLS FIRST" : " NULLS LAST"
    }
    return text
  }
}

extension RowPredicate {
  /// The condition in Spark SQL.
  var sql: String {
    switch self {
    case .equals(let column, let value):
      return "\(SparkIdentifier.quoted(column)) = \(value.sqlLiteral)"
    case .notEqualNullSafe(let column, let value):
      return "NOT (\(SparkIdentifier.quoted(column)) <=> \(value.sqlLiteral))"
    case .isNull(let column):
      return "\(SparkIdentifier.quoted(column)) IS NULL"
    case .isNotNull(let column):
      return "\(SparkIdentifier.quoted(column)) IS NOT NULL"
    case .in(let column, let values):
      let name = SparkIdentifier.quoted(column)
      let present = values.filter { !$0.isNull }
      guard !present.isEmpty else { return "\(name) IS NULL" }
      let list = "\(name) IN (" + present.map(\.sqlLiteral).joined(separator: ", ") + ")"
      return present.count < values.count ? "(\(list) OR \(name) IS NULL)" : list
    case .expression(let text):
      // A trailing `--` comment would swallow a closing parenthesis on the same line.
      return text.contains("--") ? "(\(text)\n)" : "(\(text))"
    case .all(let predicates):
      guard !predicates.isEmpty else { return "TRUE" }
      return predicates.map(\.sql).joined(separator: " AND ")
    }
  }
}
