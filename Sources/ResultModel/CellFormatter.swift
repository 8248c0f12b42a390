import ArrowIPC
import Foundation

/// Formats one Arrow cell exactly as Spark's `df.show(truncate=False)` prints it.
///
/// What it reproduces (verified byte for byte against a Spark Connect 4.3 server, see
/// Tests/ResultModelTests/Fixtures/show): `NULL`; Java 17 `Double.toString`/`Float.toString`;
/// decimals with their scale; strings with `\n \r \t \f \b \v \a` shown as two-character escapes
/// (backslash, NUL and ESC raw); binary per `spark.sql.binaryOutputStyle`; ISO dates and
/// timestamps in the session time zone with trimmed fractions; ANSI, calendar intervals and TIME;
/// `[a, NULL]`, `{k -> v}`, `{1, x}` for arrays, maps and structs; variant as JSON.
///
/// Spark's ANSI interval field ranges do not survive Arrow (see `SparkIntervalFields`); pass them
/// per column when known. Only the cell's own text is built: no other allocation per call than
/// the returned string and a small scratch buffer.
public struct CellFormatter: Sendable {
  /// The session time zone id (`spark.sql.session.timeZone`), e.g. `Etc/UTC`.
  public let timeZoneID: String
  /// The session's `spark.sql.binaryOutputStyle`.
  public let binaryOutputStyle: BinaryOutputStyle
  let timeZone: SessionTimeZone

  /// - Parameters:
  ///   - timeZoneID: the session time zone; timestamps are shown in it.
  ///   - binaryOutputStyle: the session's `spark.sql.binaryOutputStyle` (nil: HEX_DISCRETE).
  public init(timeZoneID: String = "Etc/UTC", binaryOutputStyle: BinaryOutputStyle? = nil) {
    self.timeZoneID = timeZoneID
    self.binaryOutputStyle = binaryOutputStyle ?? .hexDiscrete
    self.timeZone = SessionTimeZone(identifier: timeZoneID)
  }

  /// The text Spark's show() prints for `row` of `column` (0-based within the column).
  public func text(_ column: ArrowColumn, row: Int) -> String {
    text(column, row: row, intervalFields: .widest)
  }

  /// As `text(_:row:)`, with the ANSI interval field range of the column's Spark type.
  public func text(_ column: ArrowColumn, row: Int, intervalFields: SparkIntervalFields) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(32)
    append(column, row: row, topLevel: true, intervalFields: intervalFields, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the cell's UTF-8 text to `out` (the allocation-light path for bulk output).
  public func append(
    _ column: ArrowColumn, row: Int, intervalFields: SparkIntervalFields = .widest,
    to out: inout [UInt8]
  ) {
    append(column, row: row, topLevel: true, intervalFields: intervalFields, to: &out)
  }

  // MARK: - Dispatch

  private static let nullText = Array("NULL".utf8)

  func append(
    _ original: ArrowColumn, row originalRow: Int, topLevel: Bool,
    intervalFields: SparkIntervalFields, to out: inout [UInt8]
  ) {
    if original.isNull(originalRow) {
      out += Self.nullText
      return
    }
    let (column, row) = original.resolved(originalRow)
    switch column.type {
    case .null:
      out += Self.nullText
    case .bool:
      if column.bool(at: row) { out.appendText("true") } else { out.appendText("false") }
    case .int(_, let signed):
      if signed {
        out.appendDecimal(column.int64(at: row))
      } else {
        out.appendDecimal(column.uint64(at: row))
      }
    case .float16, .float32:
      JavaFloatText.append(column.float(at: row), to: &out)
    case .float64:
      JavaFloatText.append(column.double(at: row), to: &out)
    case .decimal(_, let scale, let bitWidth):
      if bitWidth > 128 {
        SparkDecimalText.append(words: column.decimal256Words(at: row), scale: scale, to: &out)
      } else {
        SparkDecimalText.append(unscaled: column.decimal128(at: row), scale: scale, to: &out)
      }
    case .utf8, .largeUtf8:
      column.withBytes(at: row) { Self.appendEscaped($0, to: &out) }
    case .binary, .largeBinary, .fixedSizeBinary:
      column.withBytes(at: row) { appendBinary($0, to: &out) }
    case .date32:
      SparkDateTimeText.appendDate(days: column.int64(at: row), to: &out)
    case .date64:
      SparkDateTimeText.appendDate(
        days: SparkDateTimeText.floorDiv(column.int64(at: row), 86_400_000), to: &out)
    case .time32(let unit), .time64(let unit):
      let ticks = column.int64(at: row)
      SparkDateTimeText.appendTime(
        nanosOfDay: ticks &* (1_000_000_000 / unit.ticksPerSecond), to: &out)
    case .timestamp(let unit, let zone):
      let (seconds, nanos) = SparkDateTimeText.split(
        column.int64(at: row), perSecond: unit.ticksPerSecond)
      let offset = zone == nil ? 0 : timeZone.offset(atEpochSeconds: seconds)
      SparkDateTimeText.appendLocalDateTime(
        seconds: seconds &+ Int64(offset), nanos: nanos, to: &out)
    case .duration(let unit):
      let ticks = column.int64(at: row)
      let micros: Int64
      switch unit {
      case .second: micros = ticks.multipliedReportingOverflow(by: 1_000_000).partialValue
      case .millisecond: micros = ticks.multipliedReportingOverflow(by: 1000).partialValue
      case .microsecond: micros = ticks
      case .nanosecond: micros = ticks / 1000
      }
      SparkIntervalText.appendDayTime(
        micros: micros, start: intervalFields.dayTimeStart, end: intervalFields.dayTimeEnd,
        to: &out)
    case .interval(.yearMonth):
      SparkIntervalText.appendYearMonth(
        months: Int32(truncatingIfNeeded: column.int64(at: row)),
        start: intervalFields.yearMonthStart, end: intervalFields.yearMonthEnd, to: &out)
    case .interval(.monthDayNano):
      let v = column.monthDayNano(at: row)
      SparkIntervalText.appendCalendar(
        months: v.months, days: v.days, micros: v.nanoseconds / 1000, to: &out)
    case .interval(.dayTime):
      let v = column.dayTime(at: row)
      SparkIntervalText.appendCalendar(
        months: 0, days: v.days, micros: Int64(v.milliseconds) * 1000, to: &out)
    case .list, .largeList, .fixedSizeList:
      guard let child = column.children.first else { return }
      out.append(91)
      var first = true
      for i in column.listRange(at: row) {
        if !first { out += [44, 32] }
        first = false
        append(child, row: i, topLevel: false, intervalFields: intervalFields, to: &out)
      }
      out.append(93)
    case .map:
      guard let entries = column.children.first else { return }
      let kv = entries.children
      guard kv.count >= 2 else { return }
      out.append(123)
      var first = true
      for i in column.listRange(at: row) {
        if !first { out += [44, 32] }
        first = false
        append(kv[0], row: i, topLevel: false, intervalFields: intervalFields, to: &out)
        out += [32, 45, 62, 32]
        append(kv[1], row: i, topLevel: false, intervalFields: intervalFields, to: &out)
      }
      out.append(125)
    case .struct(let fields):
      let children = column.children
      if Self.isVariant(fields), children.count == 2 {
        appendVariant(value: children[0], metadata: children[1], row: row, to: &out)
        return
      }
      out.append(123)
      for (i, child) in children.enumerated() {
        if i > 0 { out += [44, 32] }
        append(child, row: row, topLevel: false, intervalFields: intervalFields, to: &out)
      }
      out.append(125)
    }
  }

  /// Spark marks variant columns as struct<value: binary, metadata: binary> with field metadata
  /// `variant: true` on the `metadata` child.
  static func isVariant(_ fields: [ArrowField]) -> Bool {
    fields.count == 2 && fields[0].name == "value" && fields[1].name == "metadata"
      && (fields[1].metadata["variant"] == "true" || fields[0].metadata["variant"] == "true")
  }

  private func appendVariant(
    value: ArrowColumn, metadata: ArrowColumn, row: Int, to out: inout [UInt8]
  ) {
    value.withBytes(at: row) { valueBytes in
      metadata.withBytes(at: row) { metadataBytes in
        VariantJSON(value: valueBytes, metadata: metadataBytes).append(to: &out)
      }
    }
  }

  // MARK: - Strings and binary

  /// Appends UTF-8 text with Spark's show() escapes for \n \r \t \f \b \v \a (backslash, NUL
  /// and ESC stay raw). Invalid UTF-8 is repaired to U+FFFD.
  static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    var needsRepair = false
    var needsEscape = false
    for b in bytes {
      if b >= 0x80 {
        needsRepair = true
      } else if b < 14 && escapes[Int(b)] != 0 {
        needsEscape = true
      }
    }
    if needsRepair {
      let text = String(decoding: bytes, as: UTF8.self)
      if !text.utf8.elementsEqual(bytes) {
        var copy = Array(text.utf8)
        copy.withUnsafeMutableBytes { appendEscaped(UnsafeRawBufferPointer($0), to: &out) }
        return
      }
    }
    guard needsEscape else {
      out += bytes
      return
    }
    for b in bytes {
      if b < 14, escapes[Int(b)] != 0 {
        out.append(92)
        out.append(escapes[Int(b)])
      } else {
        out.append(b)
      }
    }
  }

  /// Escape letter for control bytes 0..<14 (0 = no escape).
  private static let escapes: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 14)
    table[7] = UInt8(ascii: "a")
    table[8] = UInt8(ascii: "b")
    table[9] = UInt8(ascii: "t")
    table[10] = UInt8(ascii: "n")
    table[11] = UInt8(ascii: "v")
    table[12] = UInt8(ascii: "f")
    table[13] = UInt8(ascii: "r")
    return table
  }()

  private static let hexDigits = Array("0123456789ABCDEF".utf8)

  func appendBinary(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    switch binaryOutputStyle {
    case .hexDiscrete:
      out.append(91)
      for (i, b) in bytes.enumerated() {
        if i > 0 { out.append(32) }
        out.append(Self.hexDigits[Int(b >> 4)])
        out.append(Self.hexDigits[Int(b & 15)])
      }
      out.append(93)
    case .hex:
      for b in bytes {
        out.append(Self.hexDigits[Int(b >> 4)])
        out.append(Self.hexDigits[Int(b & 15)])
      }
    case .base64:
      var text = Data(bytes).base64EncodedString()
      while text.hasSuffix("=") { text.removeLast() }
      out += Array(text.utf8)
    case .basic:
      out.append(91)
      for (i, b) in bytes.enumerated() {
        if i > 0 { out += [44, 32] }
        out.appendDecimal(Int64(Int8(bitPattern: b)))
      }
      out.append(93)
    case .utf8:
      var repaired = Array(String(decoding: bytes, as: UTF8.self).utf8)
      repaired.withUnsafeMutableBytes { Self.appendEscaped(UnsafeRawBufferPointer($0), to: &out) }
    }
  }
}
