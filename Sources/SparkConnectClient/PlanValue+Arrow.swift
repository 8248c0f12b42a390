import ArrowIPC

extension PlanValue {
  /// The value of one result cell, typed as Spark's `type` for its column.
  ///
  /// Returns nil when the value cannot become a literal: the type is not comparable (see
  /// `SparkType.comparisonRefusal`), or the Arrow data does not have the layout Spark uses for
  /// that type (so a wrong literal is never built from a neutral accessor value).
  /// - Parameters:
  ///   - column: the Arrow column of a received batch.
  ///   - row: 0-based row within `column`.
  ///   - type: the column's Spark type (from `QueryEvent.schema`).
  public static func cell(_ column: ArrowColumn, row: Int, type: SparkType) -> PlanValue? {
    guard row >= 0, row < column.length else { return nil }
    if column.isNull(row) { return .null }
    let (values, index) = column.resolved(row)
    return value(values, row: index, type: type)
  }

  private static func value(_ column: ArrowColumn, row: Int, type: SparkType) -> PlanValue? {
    let arrow = column.type
    switch type {
    case .null:
      return .null
    case .boolean:
      guard arrow == .bool else { return nil }
      return .bool(column.bool(at: row))
    case .byte, .short, .integer, .long:
      guard case .int = arrow else { return nil }
      let wide = column.int64(at: row)
      switch type {
      case .byte: return Int8(exactly: wide).map(PlanValue.int8)
      case .short: return Int16(exactly: wide).map(PlanValue.int16)
      case .integer: return Int32(exactly: wide).map(PlanValue.int32)
      default: return .int64(wide)
      }
    case .float:
      guard arrow == .float32 || arrow == .float16 else { return nil }
      return .float(column.float(at: row))
    case .double:
      guard arrow == .float64 else { return nil }
      return .double(column.double(at: row))
    case .decimal(let precision, let scale):
      guard case .decimal(_, let arrowScale, let bitWidth) = arrow, arrowScale == scale else {
        return nil
      }
      let unscaled: Int128
      if bitWidth > 128 {
        guard let narrow = Self.int128(words: column.decimal256Words(at: row)) else { return nil }
        unscaled = narrow
      } else {
        unscaled = column.decimal128(at: row)
      }
      return .decimal(
        precision: precision, scale: scale, value: Self.decimalText(unscaled, scale: scale))
    case .string, .char, .varchar:
      guard arrow == .utf8 || arrow == .largeUtf8 else { return nil }
      return .string(column.string(at: row))
    case .binary:
      switch arrow {
      case .binary, .largeBinary, .fixedSizeBinary: return .binary(column.bytes(at: row))
      default: return nil
      }
    case .date:
      switch arrow {
      case .date32: return Int32(exactly: column.int64(at: row)).map { .date(days: $0) }
      case .date64:
        let days = Self.floorDivide(column.int64(at: row), 86_400_000)
        return Int32(exactly: days).map { .date(days: $0) }
      default: return nil
      }
    case .timestamp, .timestampNTZ:
      guard case .timestamp(let unit, _) = arrow,
        let micros = Self.micros(column.int64(at: row), unit: unit)
      else { return nil }
      return type == .timestamp ? .timestamp(micros: micros) : .timestampNTZ(micros: micros)
    case .time(let precision):
      switch arrow {
      case .time32(let unit), .time64(let unit):
        let ticks = column.int64(at: row)
        let perTick = 1_000_000_000 / unit.ticksPerSecond
        let (nanos, overflow) = ticks.multipliedReportingOverflow(by: perTick)
        return overflow ? nil : .time(nanos: nanos, precision: precision)
      default: return nil
      }
    case .yearMonthInterval(let start, let end):
      guard arrow == .interval(.yearMonth) else { return nil }
      return Int32(exactly: column.int64(at: row)).map {
        .yearMonthInterval(months: $0, start: start, end: end)
      }
    case .dayTimeInterval(let start, let end):
      guard case .duration(let unit) = arrow,
        let micros = Self.micros(column.int64(at: row), unit: unit)
      else { return nil }
      return .dayTimeInterval(micros: micros, start: start, end: end)
    case .array(let element, _):
      switch arrow {
      case .list, .largeList, .fixedSizeList: break
      default: return nil
      }
      guard element.isComparable, let child = column.children.first else { return nil }
      var elements: [PlanValue] = []
      for index in column.listRange(at: row) {
        guard let item = cell(child, row: index, type: element) else { return nil }
        elements.append(item)
      }
      return .array(elements, element: element)
    case .struct(let fields):
      guard case .struct = arrow, type.isComparable else { return nil }
      let children = column.children
      guard children.count == fields.count else { return nil }
      var members: [PlanValue] = []
      for (child, field) in zip(children, fields) {
        guard let member = cell(child, row: row, type: field.type) else { return nil }
        members.append(member)
      }
      return .struct(members, fields: fields)
    case .map, .variant, .calendarInterval, .other:
      return nil
    }
  }

  /// Ticks of `unit` as microseconds (nanoseconds rounded toward the earlier instant); nil on
  /// overflow.
  private static func micros(_ ticks: Int64, unit: TimeUnit) -> Int64? {
    switch unit {
    case .second:
      let (value, overflow) = ticks.multipliedReportingOverflow(by: 1_000_000)
      return overflow ? nil : value
    case .millisecond:
      let (value, overflow) = ticks.multipliedReportingOverflow(by: 1_000)
      return overflow ? nil : value
    case .microsecond: return ticks
    case .nanosecond: return floorDivide(ticks, 1_000)
    }
  }

  static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return value % divisor < 0 ? quotient - 1 : quotient
  }

  /// A 256-bit two's complement value (4 little-endian words) as Int128, if it fits.
  private static func int128(words: [UInt64]) -> Int128? {
    guard words.count == 4 else { return nil }
    let low = Int128(words[1]) << 64 | Int128(words[0])
    let fill: UInt64 = low < 0 ? .max : 0
    return words[2] == fill && words[3] == fill ? low : nil
  }

  /// The plain text of `unscaled × 10^-scale` with exactly `scale` fraction digits.
  static func decimalText(_ unscaled: Int128, scale: Int) -> String {
    var digits = String(unscaled.magnitude)
    let sign = unscaled < 0 ? "-" : ""
    guard scale > 0 else {
      return sign + digits + String(repeating: "0", count: -scale)
    }
    if digits.count <= scale {
      digits = String(repeating: "0", count: scale - digits.count + 1) + digits
    }
    let point = digits.index(digits.endIndex, offsetBy: -scale)
    return sign + String(digits[..<point]) + "." + String(digits[point...])
  }
}
