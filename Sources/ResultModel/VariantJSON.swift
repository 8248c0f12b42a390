import Foundation

/// Renders Spark's Variant binary encoding (value + metadata) as the compact JSON Spark's show()
/// prints: object keys in their stored (sorted) order, doubles and floats as Java prints them,
/// decimals without trailing fractional zeros, dates/timestamps as quoted strings (timestamps in
/// UTC with a `+00:00` offset whatever the session time zone — measured on Spark 4.3), binary as
/// padded base64. Malformed bytes never trap: they render as `<invalid variant>`.
struct VariantJSON {
  let value: UnsafeRawBufferPointer
  let metadata: UnsafeRawBufferPointer
  /// The zone timestamps are shown in: Spark uses UTC here, not the session zone.
  var timeZone = SessionTimeZone(identifier: "UTC")

  struct Malformed: Error {}

  /// Appends the JSON text of the whole value.
  func append(to out: inout [UInt8]) {
    var text: [UInt8] = []
    do {
      try appendValue(at: 0, depth: 0, to: &text)
      out += text
    } catch {
      out += Array("<invalid variant>".utf8)
    }
  }

  private func byte(_ buffer: UnsafeRawBufferPointer, _ offset: Int) throws -> UInt8 {
    guard offset >= 0, offset < buffer.count else { throw Malformed() }
    return buffer[offset]
  }

  /// Little-endian unsigned integer of `size` (1...4, or 8) bytes.
  private func uint(_ buffer: UnsafeRawBufferPointer, _ offset: Int, _ size: Int) throws -> UInt64 {
    guard offset >= 0, size > 0, offset + size <= buffer.count else { throw Malformed() }
    var v: UInt64 = 0
    for i in 0..<size { v |= UInt64(buffer[offset + i]) << (8 * UInt64(i)) }
    return v
  }

  private func int(_ offset: Int, _ size: Int) throws -> Int64 {
    let raw = try uint(value, offset, size)
    let shift = UInt64(64 - 8 * size)
    return Int64(bitPattern: raw << shift) >> Int64(shift)
  }

  /// The metadata dictionary's key `id`.
  private func key(_ id: Int) throws -> ArraySlice<UInt8> {
    let header = try byte(metadata, 0)
    let offsetSize = Int(header >> 6) + 1
    let dictionarySize = Int(try uint(metadata, 1, offsetSize))
    guard id >= 0, id < dictionarySize else { throw Malformed() }
    let offsetsStart = 1 + offsetSize
    let stringsStart = offsetsStart + (dictionarySize + 1) * offsetSize
    let start = Int(try uint(metadata, offsetsStart + id * offsetSize, offsetSize))
    let end = Int(try uint(metadata, offsetsStart + (id + 1) * offsetSize, offsetSize))
    guard start <= end, stringsStart + end <= metadata.count else { throw Malformed() }
    return ArraySlice(metadata[(stringsStart + start)..<(stringsStart + end)])
  }

  private func appendValue(at offset: Int, depth: Int, to out: inout [UInt8]) throws {
    guard depth < 200 else { throw Malformed() }
    let header = try byte(value, offset)
    let basicType = header & 0x3
    let info = Int(header >> 2)
    switch basicType {
    case 0: try appendPrimitive(type: info, at: offset + 1, to: &out)
    case 1:
      guard offset + 1 + info <= value.count else { throw Malformed() }
      Self.appendJSONString(value[(offset + 1)..<(offset + 1 + info)], to: &out)
    case 2:
      let offsetSize = (info & 0x3) + 1
      let idSize = ((info >> 2) & 0x3) + 1
      let large = (info >> 4) & 1 == 1
      let countSize = large ? 4 : 1
      let count = Int(try uint(value, offset + 1, countSize))
      let idsStart = offset + 1 + countSize
      let offsetsStart = idsStart + count * idSize
      let valuesStart = offsetsStart + (count + 1) * offsetSize
      out.append(123)
      for i in 0..<count {
        if i > 0 { out.append(44) }
        let id = Int(try uint(value, idsStart + i * idSize, idSize))
        Self.appendJSONString(try key(id), to: &out)
        out.append(58)
        let fieldOffset = Int(try uint(value, offsetsStart + i * offsetSize, offsetSize))
        try appendValue(at: valuesStart + fieldOffset, depth: depth + 1, to: &out)
      }
      out.append(125)
    default:
      let offsetSize = (info & 0x3) + 1
      let large = (info >> 2) & 1 == 1
      let countSize = large ? 4 : 1
      let count = Int(try uint(value, offset + 1, countSize))
      let offsetsStart = offset + 1 + countSize
      let valuesStart = offsetsStart + (count + 1) * offsetSize
      out.append(91)
      for i in 0..<count {
        if i > 0 { out.append(44) }
        let elementOffset = Int(try uint(value, offsetsStart + i * offsetSize, offsetSize))
        try appendValue(at: valuesStart + elementOffset, depth: depth + 1, to: &out)
      }
      out.append(93)
    }
  }

  private func appendPrimitive(type: Int, at p: Int, to out: inout [UInt8]) throws {
    switch type {
    case 0: out += Array("null".utf8)
    case 1: out += Array("true".utf8)
    case 2: out += Array("false".utf8)
    case 3: out += Array(String(try int(p, 1)).utf8)
    case 4: out += Array(String(try int(p, 2)).utf8)
    case 5: out += Array(String(try int(p, 4)).utf8)
    case 6: out += Array(String(try int(p, 8)).utf8)
    case 7: JavaFloatText.append(Double(bitPattern: try uint(value, p, 8)), to: &out)
    case 8, 9, 10:
      let scale = Int(try byte(value, p))
      let unscaled: Int128
      switch type {
      case 8: unscaled = Int128(try int(p + 1, 4))
      case 9: unscaled = Int128(try int(p + 1, 8))
      default:
        let low = try uint(value, p + 1, 8)
        let high = Int64(bitPattern: try uint(value, p + 9, 8))
        unscaled = Int128(high) << 64 | Int128(low)
      }
      Self.appendStrippedDecimal(unscaled: unscaled, scale: scale, to: &out)
    case 11:
      out.append(34)
      SparkDateTimeText.appendDate(days: try int(p, 4), to: &out)
      out.append(34)
    case 12, 18:
      let ticks = try int(p, 8)
      let (seconds, nanos) = SparkDateTimeText.split(
        ticks, perSecond: type == 12 ? 1_000_000 : 1_000_000_000)
      let offset = timeZone.offset(atEpochSeconds: seconds)
      out.append(34)
      SparkDateTimeText.appendLocalDateTime(
        seconds: seconds &+ Int64(offset), nanos: nanos, to: &out)
      Self.appendOffset(offset, to: &out)
      out.append(34)
    case 13, 19:
      let ticks = try int(p, 8)
      let (seconds, nanos) = SparkDateTimeText.split(
        ticks, perSecond: type == 13 ? 1_000_000 : 1_000_000_000)
      out.append(34)
      SparkDateTimeText.appendLocalDateTime(seconds: seconds, nanos: nanos, to: &out)
      out.append(34)
    case 14: JavaFloatText.append(Float(bitPattern: UInt32(try uint(value, p, 4))), to: &out)
    case 15:
      let length = Int(try uint(value, p, 4))
      guard p + 4 + length <= value.count else { throw Malformed() }
      out.append(34)
      out += Array(Data(value[(p + 4)..<(p + 4 + length)]).base64EncodedString().utf8)
      out.append(34)
    case 16:
      let length = Int(try uint(value, p, 4))
      guard p + 4 + length <= value.count else { throw Malformed() }
      Self.appendJSONString(value[(p + 4)..<(p + 4 + length)], to: &out)
    case 17:
      let micros = try int(p, 8)
      out.append(34)
      SparkDateTimeText.appendTime(nanosOfDay: micros &* 1000, to: &out)
      out.append(34)
    case 20:
      guard p + 16 <= value.count else { throw Malformed() }
      let hex = value[p..<(p + 16)].map { String(format: "%02x", $0) }.joined()
      let parts = [
        hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4),
        hex.dropFirst(16).prefix(4), hex.dropFirst(20),
      ]
      out += Array(("\"" + parts.joined(separator: "-") + "\"").utf8)
    default: throw Malformed()
    }
  }

  /// `+HH:MM` (and `:SS` when the offset has seconds).
  static func appendOffset(_ seconds: Int, to out: inout [UInt8]) {
    out.append(seconds < 0 ? 45 : 43)
    let m = seconds.magnitude
    SparkDateTimeText.appendTwoDigits(Int(m / 3600), to: &out)
    out.append(58)
    SparkDateTimeText.appendTwoDigits(Int(m / 60 % 60), to: &out)
    if m % 60 != 0 {
      out.append(58)
      SparkDateTimeText.appendTwoDigits(Int(m % 60), to: &out)
    }
  }

  /// BigDecimal.stripTrailingZeros().toPlainString(): `12.50` → `12.5`, `1.000` → `1`.
  static func appendStrippedDecimal(unscaled: Int128, scale: Int, to out: inout [UInt8]) {
    var u = unscaled
    var s = scale
    while s > 0 && u % 10 == 0 {
      u /= 10
      s -= 1
    }
    SparkDecimalText.append(unscaled: u, scale: s, to: &out)
  }

  /// A JSON string as Jackson writes it: `"` and `\` escaped, control characters as `\n`-style
  /// short escapes (b, t, n, f, r) or `\u00XX` with upper-case hex; everything else raw.
  static func appendJSONString<C: Collection>(_ utf8: C, to out: inout [UInt8])
  where C.Element == UInt8 {
    // The same escaping as JSON Lines export (which matches Jackson's); one implementation.
    JSONLinesEncoder.appendString(utf8, to: &out)
  }
}
