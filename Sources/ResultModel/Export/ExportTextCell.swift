import ArrowIPC

/// The text of one cell for CSV, TSV and Markdown: Spark's show() text (`CellFormatter`) except
/// that top-level strings are written raw (no `\n` escapes; the format's quoting or escaping
/// takes care of them; invalid UTF-8 is repaired to U+FFFD). NULL is left to the caller (the
/// NULL marker); NULLs nested in arrays, maps and structs print as Spark's `NULL`.
struct ExportTextCell {
  let formatter: CellFormatter

  /// Appends the cell's text to `out`; false (nothing appended) when the cell is NULL.
  @inline(__always)
  func append(
    _ column: ArrowColumn, row: Int, intervalFields: SparkIntervalFields, to out: inout [UInt8]
  ) -> Bool {
    if column.isNull(row) { return false }
    let (c, r) = column.resolved(row)
    switch c.type {
    case .utf8, .largeUtf8:
      c.withBytes(at: r) { Self.appendValidUTF8($0, to: &out) }
    case .null:
      return false
    default:
      formatter.append(column, row: row, intervalFields: intervalFields, to: &out)
    }
    return true
  }

  /// Appends bytes as valid UTF-8 (ASCII fast path; malformed sequences become U+FFFD).
  @inline(__always)
  static func appendValidUTF8(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    var ascii = true
    for b in bytes where b >= 0x80 {
      ascii = false
      break
    }
    if ascii {
      out.append(contentsOf: bytes)
      return
    }
    let text = String(decoding: bytes, as: UTF8.self)
    out.append(contentsOf: text.utf8)
  }

  /// Whether a column's values are numbers (right-aligned in Markdown).
  static func isNumeric(_ type: ArrowType) -> Bool {
    switch type {
    case .int, .float16, .float32, .float64, .decimal: return true
    default: return false
    }
  }
}
