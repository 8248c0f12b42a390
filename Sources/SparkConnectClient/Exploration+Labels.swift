extension Exploration {
  /// The exploration as a breadcrumb: a short name of the base, then one label per step
  /// (`trips`, `payment = 'card'`, `freq(pickup_zone)`). `sqlTitle` names a SQL base (a
  /// tab's title); a table is named by its last name part.
  public func breadcrumb(sqlTitle: String) -> [String] {
    let base: String
    switch self.base {
    case .table(let parts): base = parts.last ?? "table"
    case .sql: base = sqlTitle
    }
    return [base] + steps.map(\.label)
  }
}

extension PlanStep {
  /// A few words for the breadcrumb.
  public var label: String {
    switch self {
    case .filter(let predicate): return predicate.label
    case .sort(let keys):
      return "sort "
        + keys.map { SparkIdentifier.quoted($0.column) + ($0.ascending ? " ↑" : " ↓") }
        .joined(separator: ", ")
    case .project(let columns):
      return "columns " + columns.map(SparkIdentifier.quoted).joined(separator: ", ")
    case .frequency(let columns, _):
      return "freq(" + columns.map(SparkIdentifier.quoted).joined(separator: ", ") + ")"
    case .sample(let fraction, _): return "sample \(Self.percentText(fraction))%"
    case .limit(let count): return "limit \(count)"
    }
  }
}

extension RowPredicate {
  /// The condition in a few words (`zone = 'JFK'`, `zone ≠ 'JFK'`, `zone IN ('a', 'b', …)`).
  public var label: String {
    switch self {
    case .isNull, .isNotNull, .expression: return sql
    case .equals(let column, let value):
      return "\(SparkIdentifier.quoted(column)) = \(Self.short(value))"
    case .notEqualNullSafe(let column, let value):
      return "\(SparkIdentifier.quoted(column)) ≠ \(Self.short(value))"
    case .in(let column, let values):
      let shown = values.prefix(3).map(Self.short).joined(separator: ", ")
      return "\(SparkIdentifier.quoted(column)) IN (\(shown)\(values.count > 3 ? ", …" : ""))"
    case .all(let predicates): return predicates.map(\.label).joined(separator: " AND ")
    }
  }

  /// A literal for labels: a typed one without its type (`'2026-10-15 00:29:32.56'`, not
  /// `TIMESTAMP_LTZ'2026-10-15 00:29:32.56'`), cut to 24 characters.
  private static func short(_ value: PlanValue) -> String {
    var text = value.sqlLiteral
    if let quote = text.firstIndex(of: "'"), text.distance(from: text.startIndex, to: quote) > 1,
      text[..<quote].allSatisfy({ $0.isUppercase || $0 == "_" })
    {
      text = String(text[quote...])
    }
    return text.count > 24 ? String(text.prefix(23)) + "…" : text
  }
}
