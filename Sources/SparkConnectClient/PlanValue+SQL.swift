import Foundation

extension PlanValue {
  /// The value as a Spark SQL literal of exactly its type.
  ///
  /// Integers carry their width (`5Y`, `5S`, `5`, `5L`); doubles are `…D` or
  /// `CAST('NaN' AS DOUBLE)` / `'Infinity'` / `'-Infinity'`; floats and decimals are casts from
  /// their exact text (`CAST('12.50' AS DECIMAL(10,2))`); strings are quoted with `\'`, `\\`,
  /// `\n`, `\r`, `\t` and `\uXXXX` escapes; binary is `X'…'`; a timestamp is the instant in UTC
  /// (`TIMESTAMP_LTZ'2026-03-08 07:00:00.5 UTC'`), whatever the session time zone;
  /// `TIMESTAMP_NTZ'…'` has no zone; intervals are `INTERVAL '…' YEAR TO MONTH` /
  /// `DAY TO SECOND`; arrays and structs are `ARRAY(…)` / `NAMED_STRUCT(…)` with typed NULLs.
  public var sqlLiteral: String { sqlLiteral(nullType: nil) }

  func sqlLiteral(nullType: SparkType?) -> String {
    switch self {
    case .null:
      guard let nullType, nullType != .null else { return "NULL" }
      return "CAST(NULL AS \(nullType.sqlName))"
    case .bool(let bool): return bool ? "TRUE" : "FALSE"
    case .int8(let int): return "\(int)Y"
    case .int16(let int): return "\(int)S"
    case .int32(let int): return "\(int)"
    case .int64(let int): return "\(int)L"
    case .float(let float):
      return "CAST('\(Self.javaSpecial(Double(float)) ?? "\(float)")' AS FLOAT)"
    case .double(let double):
      if let special = Self.javaSpecial(double) { return "CAST('\(special)' AS DOUBLE)" }
      return "\(double)".uppercased() + "D"
    case .decimal(let precision, let scale, let text):
      return "CAST('\(text)' AS DECIMAL(\(precision),\(scale)))"
    case .string(let string): return Self.sqlString(string)
    case .binary(let bytes):
      return "X'" + bytes.map { Self.hexDigits($0) }.joined() + "'"
    case .date(let days): return "DATE'\(Self.dateText(days: Int64(days)))'"
    case .timestamp(let micros):
      return "TIMESTAMP_LTZ'\(Self.dateTimeText(micros: micros)) UTC'"
    case .timestampNTZ(let micros): return "TIMESTAMP_NTZ'\(Self.dateTimeText(micros: micros))'"
    case .time(let nanos, _):
      return "TIME'\(Self.timeText(nanosOfDay: nanos, fractionDigits: 9))'"
    case .yearMonthInterval(let months, _, _):
      let magnitude = Int64(months).magnitude
      let sign = months < 0 ? "-" : ""
      return "INTERVAL '\(sign)\(magnitude / 12)-\(magnitude % 12)' YEAR TO MONTH"
    case .dayTimeInterval(let micros, _, _):
      let magnitude = micros.magnitude
      let sign = micros < 0 ? "-" : ""
      let days = magnitude / 86_400_000_000
      let rest = Int64(magnitude % 86_400_000_000) * 1_000
      return
        "INTERVAL '\(sign)\(days) \(Self.timeText(nanosOfDay: rest, fractionDigits: 6))' DAY TO SECOND"
    case .array(let elements, let element):
      guard !elements.isEmpty else {
        return "CAST(ARRAY() AS \(SparkType.array(element: element, containsNull: true).sqlName))"
      }
      return "ARRAY(" + elements.map { $0.sqlLiteral(nullType: element) }.joined(separator: ", ")
        + ")"
    case .struct(let members, let fields):
      let pairs = zip(members, fields).map {
        Self.sqlString($1.name) + ", " + $0.sqlLiteral(nullType: $1.type)
      }
      return "NAMED_STRUCT(" + pairs.joined(separator: ", ") + ")"
    }
  }

  /// Java's text for NaN and the infinities (what Spark's string-to-double cast reads), or
  /// `-0.0`; nil for other values.
  static func javaSpecial(_ value: Double) -> String? {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
    if value == 0, value.sign == .minus { return "-0.0" }
    return nil
  }

  /// A Spark SQL string literal: single quotes, backslash escapes for quote, backslash and
  /// control characters; every other character (any Unicode) as is.
  static func sqlString(_ text: String) -> String {
    quoted(text, by: "'") { "\\u" + String(format: "%04X", $0) }
  }

  /// `text` between `quote`s, as SQL, Python and JSON spell a string: the quote and the
  /// backslash backslash-escaped, `\n` `\r` `\t` as such, other control characters and DEL
  /// as `control(code)`, every other character (any Unicode) as is.
  static func quoted(_ text: String, by quote: Unicode.Scalar, control: (UInt32) -> String)
    -> String
  {
    var out = String(quote)
    for scalar in text.unicodeScalars {
      switch scalar {
      case quote, "\\": out += "\\" + String(scalar)
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{0}"..."\u{1F}", "\u{7F}": out += control(scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + String(quote)
  }

  static func hexDigits(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
  }

  /// `yyyy-mm-dd` of a day count since 1970-01-01, proleptic Gregorian (Spark's calendar).
  static func dateText(days: Int64) -> String {
    let (year, month, day) = civil(days: days)
    let yearText =
      year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? "-" : "+") + pad(abs(year), 4)
    return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))"
  }

  /// `yyyy-mm-dd hh:mm:ss[.ffffff]` of microseconds since 1970-01-01 00:00:00 (fraction
  /// trimmed of trailing zeros, left out when zero).
  static func dateTimeText(micros: Int64) -> String {
    let days = floorDivide(micros, 86_400_000_000)
    let microsOfDay = micros - days * 86_400_000_000
    return dateText(days: days) + " " + timeText(nanosOfDay: microsOfDay * 1_000, fractionDigits: 6)
  }

  /// `hh:mm:ss[.fff…]` with at most `fractionDigits` digits, trailing zeros trimmed.
  static func timeText(nanosOfDay: Int64, fractionDigits: Int) -> String {
    let seconds = nanosOfDay / 1_000_000_000
    let nanos = nanosOfDay % 1_000_000_000
    var text =
      "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
    if nanos > 0 {
      var fraction = String(pad(nanos, 9).prefix(fractionDigits))
      while fraction.hasSuffix("0") { fraction.removeLast() }
      if !fraction.isEmpty { text += "." + fraction }
    }
    return text
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  /// Year, month, day of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
  private static func civil(days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra =
      (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}

extension SparkType {
  /// The type as Spark SQL spells it in a CAST (`DECIMAL(38,18)`, `ARRAY<STRING>`,
  /// ``STRUCT<`a b`: INT>``, `TIMESTAMP_LTZ`).
  public var sqlName: String {
    switch self {
    case .null: return "VOID"
    case .boolean: return "BOOLEAN"
    case .byte: return "TINYINT"
    case .short: return "SMALLINT"
    case .integer: return "INT"
    case .long: return "BIGINT"
    case .float: return "FLOAT"
    case .double: return "DOUBLE"
    case .decimal(let precision, let scale): return "DECIMAL(\(precision),\(scale))"
    case .string(let collation):
      guard let collation, !collation.isEmpty, collation != "UTF8_BINARY" else { return "STRING" }
      return "STRING COLLATE \(collation)"
    case .char(let length): return "CHAR(\(length))"
    case .varchar(let length): return "VARCHAR(\(length))"
    case .binary: return "BINARY"
    case .date: return "DATE"
    case .timestamp: return "TIMESTAMP_LTZ"
    case .timestampNTZ: return "TIMESTAMP_NTZ"
    case .time(let precision): return "TIME(\(precision))"
    case .calendarInterval, .yearMonthInterval, .dayTimeInterval:
      return description.uppercased()
    case .array(let element, _): return "ARRAY<\(element.sqlName)>"
    case .map(let key, let value, _): return "MAP<\(key.sqlName), \(value.sqlName)>"
    case .struct(let fields):
      return "STRUCT<"
        + fields.map { "\(SparkIdentifier.quoted($0.name)): \($0.type.sqlName)" }.joined(
          separator: ", ") + ">"
    case .variant: return "VARIANT"
    case .other(let name): return name
    }
  }
}
