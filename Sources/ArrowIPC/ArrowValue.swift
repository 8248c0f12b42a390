/// One materialised value of any Arrow type: for tests, exporters and inspectors (slow path;
/// the grid reads columns through the typed accessors instead).
public indirect enum ArrowValue: Sendable, Equatable, Hashable {
  case null
  case bool(Bool)
  /// Signed integers of any width.
  case int(Int64)
  /// Unsigned integers of any width.
  case uint(UInt64)
  /// float16 (widened) and float32.
  case float(Float)
  case double(Double)
  /// A decimal as its unscaled integer in base-10 text (e.g. "-12345") and its scale
  /// (value = unscaled × 10^-scale). Text, so decimal256 fits too.
  case decimal(unscaled: String, scale: Int)
  case string(String)
  /// binary, large binary and fixed-size binary.
  case binary([UInt8])
  /// Days since 1970-01-01.
  case date32(Int32)
  /// Milliseconds since 1970-01-01T00:00:00.
  case date64(Int64)
  /// Time of day in `unit` ticks since midnight.
  case time(Int64, TimeUnit)
  /// `unit` ticks since the UNIX epoch; `timeZone` as in the field type.
  case timestamp(Int64, TimeUnit, timeZone: String?)
  case duration(Int64, TimeUnit)
  case yearMonth(months: Int32)
  case dayTime(days: Int32, milliseconds: Int32)
  case monthDayNano(months: Int32, days: Int32, nanoseconds: Int64)
  /// list, large list, fixed-size list.
  case list([ArrowValue])
  case `struct`([ArrowNamedValue])
  case map([ArrowMapEntry])
}

/// One field of a struct value.
public struct ArrowNamedValue: Sendable, Equatable, Hashable {
  public var name: String
  public var value: ArrowValue
  public init(name: String, value: ArrowValue) {
    self.name = name
    self.value = value
  }
}

/// One key/value pair of a map value.
public struct ArrowMapEntry: Sendable, Equatable, Hashable {
  public var key: ArrowValue
  public var value: ArrowValue
  public init(key: ArrowValue, value: ArrowValue) {
    self.key = key
    self.value = value
  }
}

extension ArrowColumn {
  /// The value at `row`, materialised (resolves dictionaries; `.null` for null or invalid rows).
  /// Recursion is bounded by the schema's nesting depth (capped at decode time).
  public func value(at row: Int) -> ArrowValue {
    if isNull(row) { return .null }
    let (column, r) = resolved(row)
    return column.plainValue(at: r)
  }

  private func plainValue(at row: Int) -> ArrowValue {
    switch type {
    case .null: return .null
    case .bool: return .bool(bool(at: row))
    case .int(_, let signed): return signed ? .int(int64(at: row)) : .uint(uint64(at: row))
    case .float16, .float32: return .float(float(at: row))
    case .float64: return .double(double(at: row))
    case .decimal(_, let scale, let width):
      let text =
        width == 256
        ? Self.decimalText(words: decimal256Words(at: row)) : String(decimal128(at: row))
      return .decimal(unscaled: text, scale: scale)
    case .utf8, .largeUtf8: return .string(string(at: row))
    case .binary, .largeBinary, .fixedSizeBinary: return .binary(bytes(at: row))
    case .date32: return .date32(Int32(truncatingIfNeeded: int64(at: row)))
    case .date64: return .date64(int64(at: row))
    case .time32(let unit), .time64(let unit): return .time(int64(at: row), unit)
    case .timestamp(let unit, let tz): return .timestamp(int64(at: row), unit, timeZone: tz)
    case .duration(let unit): return .duration(int64(at: row), unit)
    case .interval(.yearMonth): return .yearMonth(months: Int32(truncatingIfNeeded: int64(at: row)))
    case .interval(.dayTime):
      let v = dayTime(at: row)
      return .dayTime(days: v.days, milliseconds: v.milliseconds)
    case .interval(.monthDayNano):
      let v = monthDayNano(at: row)
      return .monthDayNano(months: v.months, days: v.days, nanoseconds: v.nanoseconds)
    case .list, .largeList, .fixedSizeList:
      guard let child = storage.children.first else { return .list([]) }
      return .list(listRange(at: row).map { child.value(at: $0) })
    case .struct(let fields):
      return .struct(
        zip(fields, children).map { ArrowNamedValue(name: $0.name, value: $1.value(at: row)) })
    case .map:
      guard let entries = storage.children.first, entries.children.count == 2 else {
        return .map([])
      }
      let keys = entries.children[0]
      let values = entries.children[1]
      return .map(
        listRange(at: row).map {
          ArrowMapEntry(key: keys.value(at: $0), value: values.value(at: $0))
        })
    }
  }

  /// Base-10 text of a 256-bit two's complement integer given as 4 little-endian words.
  static func decimalText(words: [UInt64]) -> String {
    var magnitude = words
    let negative = (words.last ?? 0) >> 63 == 1
    if negative {
      var carry: UInt64 = 1
      for k in 0..<magnitude.count {
        let (sum, overflow) = (~magnitude[k]).addingReportingOverflow(carry)
        magnitude[k] = sum
        carry = overflow ? 1 : 0
      }
    }
    var chunks: [UInt64] = []  // base 10^18, least significant first
    let divisor: UInt64 = 1_000_000_000_000_000_000
    while magnitude.contains(where: { $0 != 0 }) {
      var remainder: UInt64 = 0
      for k in stride(from: magnitude.count - 1, through: 0, by: -1) {
        let (q, r) = divisor.dividingFullWidth((remainder, magnitude[k]))
        magnitude[k] = q
        remainder = r
      }
      chunks.append(remainder)
    }
    guard let top = chunks.last else { return "0" }
    var text = negative ? "-" : ""
    text += String(top)
    for chunk in chunks.dropLast().reversed() {
      let digits = String(chunk)
      text += String(repeating: "0", count: 18 - digits.count) + digits
    }
    return text
  }
}
