import Foundation

extension Exploration {
  /// The exploration as PySpark DataFrame code that builds the same plan:
  ///
  ///     from pyspark.sql import functions as F
  ///
  ///     df = (
  ///         spark.table("demo.trips")
  ///         .filter(F.col("payment") == "card")
  ///         .groupBy(F.col("pickup_zone")).count()
  ///         …
  ///     )
  ///
  /// Values keep their type: plain Python literals where Spark's coercion cannot change the
  /// comparison (booleans, integers, doubles, strings), a cast of the exact text otherwise
  /// (`F.lit("12.50").cast("decimal(10,2)")`, timestamps as UTC instants), `F.expr` of the SQL
  /// literal for times, intervals, arrays and structs.
  public var pySpark: String {
    var lines: [String] = []
    switch base {
    case .table(let parts):
      lines.append("spark.table(\(Self.python(SparkIdentifier.qualified( parts))))")
    case .sql(let query):
      lines.append("spark.sql(\(Self.python(Self.trimmedQuery(query))))")
    }
    for step in steps { lines += step.pySpark }
    var imports = ["from pyspark.sql import functions as F"]
    if steps.contains(where: { if case .frequency = $0 { true } else { false } }) {
      imports.append("from pyspark.sql.window import Window")
    }
    return imports.joined(separator: "\n") + "\n\ndf = (\n"
      + lines.map { "    " + $0 }.joined(separator: "\n") + "\n)\n"
  }

  /// A Python string literal: double quotes with escapes, or triple quotes for multi-line
  /// text that needs none.
  static func python(_ text: String) -> String {
    let plainMultiLine =
      text.contains("\n") && !text.contains("\\") && !text.contains("\"\"\"")
      && !text.hasSuffix("\"")
      && !text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }
    if plainMultiLine { return "\"\"\"" + text + "\"\"\"" }
    return PlanValue.quoted(text, by: "\"") { "\\x" + String(format: "%02x", $0) }
  }

  /// `F.col("name")`, the name quoted as for `UnresolvedAttribute`.
  static func pythonColumn(_ name: String) -> String {
    "F.col(\(python(SparkIdentifier.quoted(name))))"
  }
}

extension PlanStep {
  var pySpark: [String] {
    switch self {
    case .filter(let predicate):
      return [".filter(\(predicate.pySpark))"]
    case .sort(let keys):
      return [".orderBy(" + keys.map(\.pySpark).joined(separator: ", ") + ")"]
    case .project(let columns):
      return [".select(" + columns.map(Exploration.pythonColumn).joined(separator: ", ") + ")"]
    case .frequency(let columns, let limit):
      let groups = columns.map(Exploration.pythonColumn).joined(separator: ", ")
      let computed = Self.frequencyNames(for: columns)
      let count = Exploration.pythonColumn(computed.count)
      let order = Self.frequencyPythonOrder(columns)
      let all = "F.sum(\(count)).over(Window.partitionBy())"
      let running =
        "F.sum(\(count)).over(Window.orderBy(\(order))"
        + ".rowsBetween(Window.unboundedPreceding, Window.currentRow))"
      return [
        computed.count == Self.frequencyCountColumn
          ? ".groupBy(\(groups)).count()"
          : ".groupBy(\(groups)).agg(F.count(F.lit(1)).alias(\(Exploration.python(computed.count))))",
        ".withColumn(\(Exploration.python(computed.percent)), "
          + "\(count) * 100.0 / \(all))",
        ".withColumn(\(Exploration.python(computed.cumulative)), "
          + "\(running) * 100.0 / \(all))",
        ".orderBy(\(order))",
        ".limit(\(limit))",
      ]
    case .sample(let fraction, let seed):
      return [".sample(fraction=\(fraction), seed=\(seed))"]
    case .limit(let count):
      return [".limit(\(count))"]
    }
  }

  static func frequencyPythonOrder(_ columns: [String]) -> String {
    ([Exploration.pythonColumn(frequencyNames(for: columns).count) + ".desc()"]
      + columns.map { Exploration.pythonColumn($0) + ".asc()" }).joined(separator: ", ")
  }
}

extension SortKey {
  var pySpark: String {
    let column = Exploration.pythonColumn(self.column)
    guard let nullsFirst, nullsFirst != ascending else {
      return column + (ascending ? ".asc()" : ".desc()")
    }
    return column + (ascending ? ".asc" : ".desc")
      + (nullsFirst ? "_nulls_first()" : "_nulls_last()")
  }
}

extension RowPredicate {
  /// The condition as a PySpark Column expression.
  var pySpark: String {
    switch self {
    case .equals(let column, let value):
      return "\(Exploration.pythonColumn(column)) == \(value.pySpark)"
    case .notEqualNullSafe(let column, let value):
      return "~\(Exploration.pythonColumn(column)).eqNullSafe(\(value.pySpark))"
    case .isNull(let column):
      return "\(Exploration.pythonColumn(column)).isNull()"
    case .isNotNull(let column):
      return "\(Exploration.pythonColumn(column)).isNotNull()"
    case .in(let column, let values):
      let name = Exploration.pythonColumn(column)
      let present = values.filter { !$0.isNull }
      guard !present.isEmpty else { return "\(name).isNull()" }
      let list = "\(name).isin(" + present.map(\.pySpark).joined(separator: ", ") + ")"
      return present.count < values.count ? "(\(list)) | \(name).isNull()" : list
    case .expression(let text):
      return "F.expr(\(Exploration.python(text)))"
    case .all(let predicates):
      guard !predicates.isEmpty else { return "F.lit(True)" }
      return predicates.map { "(\($0.pySpark))" }.joined(separator: " & ")
    }
  }
}

extension PlanValue {
  /// The value as a PySpark operand of exactly its type.
  var pySpark: String {
    switch self {
    case .null: return "None"
    case .bool(let bool): return bool ? "True" : "False"
    case .int8(let int): return "F.lit(\(int)).cast(\"tinyint\")"
    case .int16(let int): return "F.lit(\(int)).cast(\"smallint\")"
    case .int32(let int): return "\(int)"
    case .int64(let int): return "F.lit(\(int)).cast(\"bigint\")"
    case .float(let float):
      return "F.lit(\(Self.pythonFloat(Double(float), text: "\(float)"))).cast(\"float\")"
    case .double(let double): return Self.pythonFloat(double, text: "\(double)")
    case .decimal(let precision, let scale, let text):
      return "F.lit(\"\(text)\").cast(\"decimal(\(precision),\(scale))\")"
    case .string(let string): return Exploration.python(string)
    case .binary(let bytes):
      return "bytes.fromhex(\"" + bytes.map { Self.hexDigits($0) }.joined().lowercased() + "\")"
    case .date(let days): return "F.lit(\"\(Self.dateText(days: Int64(days)))\").cast(\"date\")"
    case .timestamp(let micros):
      return "F.lit(\"\(Self.dateTimeText(micros: micros)) UTC\").cast(\"timestamp\")"
    case .timestampNTZ(let micros):
      return "F.lit(\"\(Self.dateTimeText(micros: micros))\").cast(\"timestamp_ntz\")"
    case .time, .yearMonthInterval, .dayTimeInterval, .array, .struct:
      return "F.expr(\(Exploration.python(sqlLiteral)))"
    }
  }

  /// A Python float: the shortest round-trip text, or `float("nan")` / `float("inf")`.
  private static func pythonFloat(_ value: Double, text: String) -> String {
    if value.isNaN { return "float(\"nan\")" }
    if value.isInfinite { return value < 0 ? "float(\"-inf\")" : "float(\"inf\")" }
    return text
  }
}
