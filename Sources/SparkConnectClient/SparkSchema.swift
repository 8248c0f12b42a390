/// A result's columns as Spark describes them (from the plan's schema, before any data).
///
/// Arrow loses some of Spark's type facts (the field range of ANSI intervals, char/varchar
/// lengths, collations); this keeps them so the header and the cell text can be exact.
public struct SparkSchema: Sendable, Equatable {
  public var fields: [SparkField]
  public init(fields: [SparkField]) { self.fields = fields }
}

/// One named, typed column or struct field.
public struct SparkField: Sendable, Equatable {
  public var name: String
  public var type: SparkType
  public var nullable: Bool
  public init(name: String, type: SparkType, nullable: Bool) {
    self.name = name
    self.type = type
    self.nullable = nullable
  }
}

/// Spark SQL's data types, as far as a client needs them.
public indirect enum SparkType: Sendable, Equatable, CustomStringConvertible {
  /// Fields of ANSI interval types: 0 = YEAR, 1 = MONTH; or 0 = DAY, 1 = HOUR, 2 = MINUTE, 3 = SECOND.
  public typealias IntervalField = Int

  case null, boolean, byte, short, integer, long, float, double
  case decimal(precision: Int, scale: Int)
  case string(collation: String?)
  case char(length: Int), varchar(length: Int)
  case binary, date, timestamp, timestampNTZ
  case time(precision: Int)
  case calendarInterval
  case yearMonthInterval(start: IntervalField, end: IntervalField)
  case dayTimeInterval(start: IntervalField, end: IntervalField)
  case array(element: SparkType, containsNull: Bool)
  case map(key: SparkType, value: SparkType, valueContainsNull: Bool)
  case `struct`([SparkField])
  case variant
  case other(String)

  /// Spark's `simpleString` for the type (`int`, `decimal(10,2)`, `array<string>`, ...).
  public var description: String {
    switch self {
    case .null: return "void"
    case .boolean: return "boolean"
    case .byte: return "tinyint"
    case .short: return "smallint"
    case .integer: return "int"
    case .long: return "bigint"
    case .float: return "float"
    case .double: return "double"
    case .decimal(let precision, let scale): return "decimal(\(precision),\(scale))"
    case .string(let collation):
      if let collation, !collation.isEmpty, collation != "UTF8_BINARY" {
        return "string collate \(collation)"
      }
      return "string"
    case .char(let length): return "char(\(length))"
    case .varchar(let length): return "varchar(\(length))"
    case .binary: return "binary"
    case .date: return "date"
    case .timestamp: return "timestamp"
    case .timestampNTZ: return "timestamp_ntz"
    case .time(let precision): return "time(\(precision))"
    case .calendarInterval: return "interval"
    case .yearMonthInterval(let start, let end):
      return Self.intervalName(["year", "month"], start, end)
    case .dayTimeInterval(let start, let end):
      return Self.intervalName(["day", "hour", "minute", "second"], start, end)
    case .array(let element, _): return "array<\(element)>"
    case .map(let key, let value, _): return "map<\(key),\(value)>"
    case .struct(let fields):
      return "struct<" + fields.map { "\($0.name):\($0.type)" }.joined(separator: ",") + ">"
    case .variant: return "variant"
    case .other(let name): return name
    }
  }

  private static func intervalName(_ names: [String], _ start: Int, _ end: Int) -> String {
    let first = names.indices.contains(start) ? names[start] : "?"
    let last = names.indices.contains(end) ? names[end] : "?"
    return start == end ? "interval \(first)" : "interval \(first) to \(last)"
  }

  /// Whether values of this type read best right-aligned.
  public var isNumeric: Bool {
    switch self {
    case .byte, .short, .integer, .long, .float, .double, .decimal: return true
    default: return false
    }
  }
}
