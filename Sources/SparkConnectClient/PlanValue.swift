/// A typed value that an exploration compares a column with: one cell of a result, with
/// exactly the type Spark gave it.
///
/// Values become protobuf literals of the same type (never text pasted into SQL), so a
/// `decimal(38,18)` keeps its precision and scale, a timestamp its instant, a double its NaN
/// or negative zero. Equality (and hashing) compares the SQL literal text, which spells type
/// and value exactly: `.double(.nan) == .double(.nan)`, `.double(0) != .double(-0.0)`.
public indirect enum PlanValue: Sendable, CustomStringConvertible {
  case null
  case bool(Bool)
  case int8(Int8)
  case int16(Int16)
  case int32(Int32)
  case int64(Int64)
  case float(Float)
  /// Any double, NaN and ±Infinity and -0.0 included.
  case double(Double)
  /// `value` is the plain decimal text with exactly `scale` fraction digits (`-12.50`).
  case decimal(precision: Int, scale: Int, value: String)
  case string(String)
  case binary([UInt8])
  /// Days since 1970-01-01 (proleptic Gregorian).
  case date(days: Int32)
  /// An instant: microseconds since 1970-01-01 00:00:00 UTC (Spark's TIMESTAMP / TIMESTAMP_LTZ).
  case timestamp(micros: Int64)
  /// A wall-clock time without zone: microseconds since 1970-01-01 00:00:00 (TIMESTAMP_NTZ).
  case timestampNTZ(micros: Int64)
  /// Time of day in nanoseconds since midnight, with Spark's fractional-second precision.
  case time(nanos: Int64, precision: Int)
  /// ANSI year-month interval in months; `start`/`end` as in `SparkType.yearMonthInterval`.
  case yearMonthInterval(months: Int32, start: Int, end: Int)
  /// ANSI day-time interval in microseconds; `start`/`end` as in `SparkType.dayTimeInterval`.
  case dayTimeInterval(micros: Int64, start: Int, end: Int)
  /// An array of `element` values (NULL elements are `.null`).
  case array([PlanValue], element: SparkType)
  /// A struct's field values, aligned with `fields`.
  case `struct`([PlanValue], fields: [SparkField])

  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The Spark SQL literal (`5L`, `DATE'2026-10-01'`, `CAST('NaN' AS DOUBLE)`).
  public var description: String { sqlLiteral }
}

extension PlanValue: Hashable {
  public static func == (lhs: PlanValue, rhs: PlanValue) -> Bool {
    lhs.sqlLiteral == rhs.sqlLiteral
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(sqlLiteral)
  }
}

extension SparkType {
  /// Why Spark cannot compare values of this type with `=`, `<=>` or `IN`, nor group by them
  /// (one line for the status bar); nil when it can.
  ///
  /// Maps, variants, calendar intervals and types Flint does not know are refused, and so are
  /// arrays and structs that contain them: Spark rejects such comparisons at analysis.
  public var comparisonRefusal: String? {
    switch self {
    case .map: return "Spark cannot compare or group map values (\(self))"
    case .variant: return "Spark cannot compare or group variant values"
    case .calendarInterval: return "Spark cannot compare or group calendar intervals"
    case .other(let name): return "Flint cannot compare values of type \(name)"
    case .array(let element, _):
      return element.comparisonRefusal == nil
        ? nil : "Spark cannot compare or group \(self): its elements are not comparable"
    case .struct(let fields):
      guard let field = fields.first(where: { $0.type.comparisonRefusal != nil }) else {
        return nil
      }
      return "Spark cannot compare or group \(self): field \(field.name) is not comparable"
    default: return nil
    }
  }

  /// Whether `=`, `!`, `IN` and frequencies are allowed on a column of this type.
  public var isComparable: Bool { comparisonRefusal == nil }
}
