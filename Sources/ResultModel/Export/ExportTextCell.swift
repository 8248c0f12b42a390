import ArrowIPC

/// The text of one cell for CSV, TSV and Markdown: Spark's show() text (`CellFormatter`) except
/// that top-level strings are written raw (no `\n` escapes; the format's quoting or escaping
/// takes care of them; invalid UTF-8 is repaired to U+FFFD). NULL is left to the caller (the
/// NULL marker); NULLs nested in arrays, maps and structs print as Spark's `NULL`.
struct ExportTextCell {
  let formatter: CellFormatter

  /// How a column's cells are written: flat columns of the commonest types take a direct path
  /// (same text as `CellFormatter`, without its per-cell type dispatch); everything else
  /// (dictionaries, nested, temporal, decimals, ...) goes through the formatter.
  enum Kind: Sendable {
    case utf8, int64, uint64, double, bool, general

    init(_ column: ArrowColumn) {
      guard column.field.dictionary == nil else {
        self = .general
        return
      }
      switch column.type {
      case .utf8, .largeUtf8: self = .utf8
      case .int(_, let signed): self = signed ? .int64 : .uint64
      case .float64: self = .double
      case .bool: self = .bool
      default: self = .general
      }
    }
  }

  /// Appends the cell's text to `out`; false (nothing appended) when the cell is NULL.
  @inline(__always)
  func append(
    _ column: ArrowColumn, kind: Kind, row: Int, intervalFields: SparkIntervalFields,
    to out: inout [UInt8]
  ) -> Bool {
    if column.isNull(row) { return false }
    switch kind {
    case .utf8:
      column.withBytes(at: row) { Self.appendValidUTF8($0, to: &out) }
    case .int64:
      Self.appendInteger(column.int64(at: row), to: &out)
    case .uint64:
      out.appendDecimal(column.uint64(at: row))
    case .double:
      JavaFloatText.append(column.double(at: row), to: &out)
    case .bool:
      if column.bool(at: row) { out.appendText("true") } else { out.appendText("false") }
    case .general:
      let (c, r) = column.resolved(row)
      switch c.type {
      case .utf8, .largeUtf8:
        c.withBytes(at: r) { Self.appendValidUTF8($0, to: &out) }
      case .null:
        return false
      default:
        formatter.append(column, row: row, intervalFields: intervalFields, to: &out)
      }
    }
    return true
  }

  /// Appends `value` in decimal (no intermediate allocation).
  @inline(__always)
  static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch
    var magnitude = value.magnitude
    withUnsafeMutableBytes(of: &digits) { scratch in
      var i = scratch.count
      repeat {
        i -= 1
        scratch[i] = 48 &+ UInt8(truncatingIfNeeded: magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      if value < 0 { out.append(45) }
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[i...]))
    }
  }

  /// Appends bytes as valid UTF-8: as they are when valid (checked without allocating),
  /// else repaired (malformed sequences become U+FFFD).
  @inline(__always)
  static func appendValidUTF8(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    if isValidUTF8(bytes) {
      out.append(contentsOf: bytes)
    } else {
      out.append(contentsOf: String(decoding: bytes, as: UTF8.self).utf8)
    }
  }

  /// Whether `bytes` are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
  static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let n = bytes.count
    var i = 0
    while i < n {
      let b = bytes[i]
      if b < 0x80 {
        i += 1
        continue
      }
      let length: Int
      let minimum: UInt32
      var scalar: UInt32
      if b & 0xE0 == 0xC0 {
        length = 2
        minimum = 0x80
        scalar = UInt32(b & 0x1F)
      } else if b & 0xF0 == 0xE0 {
        length = 3
        minimum = 0x800
        scalar = UInt32(b & 0x0F)
      } else if b & 0xF8 == 0xF0 {
        length = 4
        minimum = 0x10000
        scalar = UInt32(b & 0x07)
      } else {
        return false
      }
      guard i + length <= n else { return false }
      for k in 1..<length {
        let c = bytes[i + k]
        guard c & 0xC0 == 0x80 else { return false }
        scalar = scalar << 6 | UInt32(c & 0x3F)
      }
      guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
        return false
      }
      i += length
    }
    return true
  }
}
