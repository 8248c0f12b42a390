import ArrowIPC
import Foundation

/// JSON Lines: one object per row, column names as keys in column order, real JSON types.
///
/// integers → numbers; float/double → shortest round-trip numbers, NaN and ±Infinity as the
/// strings `"NaN"`, `"Infinity"`, `"-Infinity"`; booleans; NULL → `null`; decimals → strings
/// (`"12.30"`, default) or plain numbers; strings (invalid UTF-8 repaired); binary → base64
/// string; dates → `"yyyy-MM-dd"`; timestamps with a time zone → ISO-8601 in the session time
/// zone with its offset (`"2024-03-01T12:00:00.5+01:00"`); timestamp_ntz → no offset; times →
/// `"HH:mm:ss[.f]"`; intervals and durations → Spark's text as a string; arrays → arrays;
/// structs → objects; maps with string keys → objects, other maps → arrays of
/// `{"key": …, "value": …}`; variant → its JSON.
final class JSONLinesEncoder: TextRowEncoder {
  /// `"name":` per column, pre-escaped.
  let keys: [[UInt8]]
  let lineEnding: [UInt8]
  let decimalsAsStrings: Bool
  let formatter: CellFormatter
  let timeZone: SessionTimeZone
  let intervalFields: [SparkIntervalFields]
  /// Where `rows(_:kinds:_:into:)` makes its chunk of rows, and the cells it reads.
  let bytes = RowBytes()
  let cells = ChunkCells()

  init(names: [String], intervalFields: [SparkIntervalFields], options: ExportOptions) {
    keys = names.map { name in
      var key: [UInt8] = []
      Self.appendString(name.utf8, to: &key)
      key.append(58)
      return key
    }
    self.intervalFields = intervalFields
    lineEnding = options.lineEnding.bytes
    decimalsAsStrings = options.jsonDecimalsAsStrings
    formatter = options.formatter
    timeZone = SessionTimeZone(identifier: options.timeZoneID)
  }

  func begin(into out: inout [UInt8]) {}
  func end(into out: inout [UInt8]) {}

  func row(
    _ columns: [ArrowColumn], kinds: [ExportTextCell.Kind], _ row: Int,
    into out: inout [UInt8]
  ) {
    out.append(123)
    for i in 0..<columns.count {
      if i > 0 { out.append(44) }
      out.append(contentsOf: keys[i])
      let column = columns[i]
      if column.isNull(row) {
        out += Self.nullText
        continue
      }
      switch kinds[i] {
      case .int64: ExportTextCell.appendInteger(column.int64(at: row), to: &out)
      case .utf8: column.withBytes(at: row) { Self.appendString(raw: $0, to: &out) }
      default: appendValue(column, row: row, intervalFields: intervalFields[i], to: &out)
      }
    }
    out.append(125)
    out.append(contentsOf: lineEnding)
  }

  static let nullText: [UInt8] = Array("null".utf8)

  /// Appends the JSON value of `row` of `column`.
  func appendValue(
    _ original: ArrowColumn, row originalRow: Int, intervalFields: SparkIntervalFields,
    to out: inout [UInt8]
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
      let v = column.float(at: row)
      if v.isFinite { out += Array(v.description.utf8) } else { appendNonFinite(Double(v), &out) }
    case .float64:
      let v = column.double(at: row)
      if v.isFinite { out += Array(v.description.utf8) } else { appendNonFinite(v, &out) }
    case .decimal(_, let scale, let bitWidth):
      if decimalsAsStrings { out.append(34) }
      if bitWidth > 128 {
        SparkDecimalText.append(words: column.decimal256Words(at: row), scale: scale, to: &out)
      } else {
        SparkDecimalText.append(unscaled: column.decimal128(at: row), scale: scale, to: &out)
      }
      if decimalsAsStrings { out.append(34) }
    case .utf8, .largeUtf8:
      column.withBytes(at: row) { Self.appendString(raw: $0, to: &out) }
    case .binary, .largeBinary, .fixedSizeBinary:
      let text = column.withBytes(at: row) { Data($0).base64EncodedString() }
      out.append(34)
      out += Array(text.utf8)
      out.append(34)
    case .date32:
      out.append(34)
      SparkDateTimeText.appendDate(days: column.int64(at: row), to: &out)
      out.append(34)
    case .date64:
      out.append(34)
      SparkDateTimeText.appendDate(
        days: SparkDateTimeText.floorDiv(column.int64(at: row), 86_400_000), to: &out)
      out.append(34)
    case .time32(let unit), .time64(let unit):
      out.append(34)
      SparkDateTimeText.appendTime(
        nanosOfDay: column.int64(at: row) * (1_000_000_000 / unit.ticksPerSecond), to: &out)
      out.append(34)
    case .timestamp(let unit, let zone):
      let (seconds, nanos) = SparkDateTimeText.split(
        column.int64(at: row), perSecond: unit.ticksPerSecond)
      let offset = zone == nil ? 0 : timeZone.offset(atEpochSeconds: seconds)
      let local = seconds + Int64(offset)
      let days = SparkDateTimeText.floorDiv(local, 86_400)
      out.append(34)
      SparkDateTimeText.appendDate(days: days, to: &out)
      out.append(84)  // T
      SparkDateTimeText.appendTime(
        nanosOfDay: (local - days * 86_400) * 1_000_000_000 + nanos, to: &out)
      if zone != nil { VariantJSON.appendOffset(offset, to: &out) }
      out.append(34)
    case .duration, .interval:
      var text: [UInt8] = []
      formatter.append(column, row: row, intervalFields: intervalFields, to: &text)
      Self.appendString(text, to: &out)
    case .list, .largeList, .fixedSizeList:
      out.append(91)
      if let child = column.children.first {
        var first = true
        for i in column.listRange(at: row) {
          if !first { out.append(44) }
          first = false
          appendValue(child, row: i, intervalFields: intervalFields, to: &out)
        }
      }
      out.append(93)
    case .map:
      guard let entries = column.children.first, entries.children.count >= 2 else {
        out += [123, 125]
        return
      }
      let keys = entries.children[0]
      let values = entries.children[1]
      let stringKeys: Bool
      switch keys.type {
      case .utf8, .largeUtf8: stringKeys = true
      default: stringKeys = false
      }
      out.append(stringKeys ? 123 : 91)
      var first = true
      for i in column.listRange(at: row) {
        if !first { out.append(44) }
        first = false
        if stringKeys {
          appendValue(keys, row: i, intervalFields: intervalFields, to: &out)
          out.append(58)
          appendValue(values, row: i, intervalFields: intervalFields, to: &out)
        } else {
          out.appendText("{\"key\":")
          appendValue(keys, row: i, intervalFields: intervalFields, to: &out)
          out.appendText(",\"value\":")
          appendValue(values, row: i, intervalFields: intervalFields, to: &out)
          out.append(125)
        }
      }
      out.append(stringKeys ? 125 : 93)
    case .struct(let fields):
      let children = column.children
      if CellFormatter.isVariant(fields), children.count == 2 {
        var text: [UInt8] = []
        formatter.append(column, row: row, intervalFields: intervalFields, to: &text)
        if text.first == 60 {  // "<invalid variant>": not JSON, keep it as a string
          Self.appendString(text, to: &out)
        } else {
          out += text
        }
        return
      }
      out.append(123)
      for (i, (field, child)) in zip(fields, children).enumerated() {
        if i > 0 { out.append(44) }
        Self.appendString(field.name.utf8, to: &out)
        out.append(58)
        appendValue(child, row: row, intervalFields: intervalFields, to: &out)
      }
      out.append(125)
    }
  }

  private func appendNonFinite(_ v: Double, _ out: inout [UInt8]) {
    if v.isNaN {
      out.appendText("\"NaN\"")
    } else if v < 0 {
      out.appendText("\"-Infinity\"")
    } else {
      out.appendText("\"Infinity\"")
    }
  }

  /// A JSON string of possibly invalid UTF-8 bytes (repaired to U+FFFD when malformed).
  @inline(__always)
  static func appendString(raw bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    if ExportTextCell.isValidUTF8(bytes) {
      appendString(bytes, to: &out)
    } else {
      appendString(String(decoding: bytes, as: UTF8.self).utf8, to: &out)
    }
  }

  private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

  /// A JSON string of valid UTF-8: `"` `\` escaped, control characters as short (`\n`) or
  /// `\u00XX` escapes, everything else raw.
  static func appendString<C: Collection>(_ utf8: C, to out: inout [UInt8])
  where C.Element == UInt8 {
    out.append(34)
    if !utf8.contains(where: { $0 < 32 || $0 == 34 || $0 == 92 }) {
      out.append(contentsOf: utf8)
      out.append(34)
      return
    }
    for b in utf8 {
      switch b {
      case 34: out += [92, 34]
      case 92: out += [92, 92]
      case 8: out += [92, 98]
      case 9: out += [92, 116]
      case 10: out += [92, 110]
      case 12: out += [92, 102]
      case 13: out += [92, 114]
      case 0..<32: out += [92, 117, 48, 48, hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]]
      default: out.append(b)
      }
    }
    out.append(34)
  }
}
