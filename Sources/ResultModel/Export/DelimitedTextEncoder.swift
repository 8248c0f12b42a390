import ArrowIPC

/// CSV and TSV rows.
///
/// CSV (RFC 4180): a field is quoted when it contains the delimiter, `"`, CR or LF; quotes inside
/// are doubled. NULL is the NULL marker (unquoted); an empty string is written `""` when the
/// marker is empty, so the two stay distinguishable.
///
/// TSV: never quoted. Inside values, tab, LF, CR and backslash are written as `\t`, `\n`, `\r`
/// and `\\` (the convention of PostgreSQL's text COPY and most TSV readers), so every line is
/// one row and every tab separates fields. The NULL marker is written as is.
final class DelimitedTextEncoder: TextRowEncoder {
  enum Mode { case csv(delimiter: UInt8), tsv }
  let mode: Mode
  let separator: UInt8
  let names: [String]
  let nullMarker: [UInt8]
  let includeHeader: Bool
  let lineEnding: [UInt8]
  let cell: ExportTextCell
  let intervalFields: [SparkIntervalFields]
  /// True when the delimiter cannot occur in number or boolean text, so those skip the scan.
  let numbersNeedNoQuotes: Bool
  /// Where `rows(_:kinds:_:into:)` makes its chunk of rows, and the cells it reads.
  let bytes = RowBytes()
  let cells = ChunkCells()
  /// `needsCare(mode)`, per byte value.
  let care: [Bool]

  init(
    mode: Mode, names: [String], intervalFields: [SparkIntervalFields], options: ExportOptions
  ) {
    self.mode = mode
    switch mode {
    case .csv(let d): separator = d
    case .tsv: separator = 9
    }
    self.names = names
    self.intervalFields = intervalFields
    nullMarker = Array(options.nullMarker.utf8)
    includeHeader = options.includeHeader
    lineEnding = options.lineEnding.bytes
    cell = ExportTextCell(formatter: options.formatter)
    let d = Character(Unicode.Scalar(separator))
    numbersNeedNoQuotes = !(d.isLetter || d.isNumber || d == "." || d == "-" || d == "+")
    care = Self.needsCare(mode)
  }

  func begin(into out: inout [UInt8]) {
    guard includeHeader else { return }
    for (i, name) in names.enumerated() {
      if i > 0 { out.append(separator) }
      let start = out.count
      out.append(contentsOf: name.utf8)
      finishField(from: start, emptyIsString: false, plain: false, in: &out)
    }
    out.append(contentsOf: lineEnding)
  }

  @inline(__always)
  func row(
    _ columns: [ArrowColumn], kinds: [ExportTextCell.Kind], _ row: Int,
    into out: inout [UInt8]
  ) {
    for i in 0..<columns.count {
      if i > 0 { out.append(separator) }
      let start = out.count
      if cell.append(
        columns[i], kind: kinds[i], row: row, intervalFields: intervalFields[i], to: &out)
      {
        finishField(
          from: start, emptyIsString: true, plain: kinds[i] != .utf8 && kinds[i] != .general,
          in: &out)
      } else {
        out.append(contentsOf: nullMarker)
      }
    }
    out.append(contentsOf: lineEnding)
  }

  func end(into out: inout [UInt8]) {}

  /// Quotes (CSV) or escapes (TSV) the field `out[start...]` in place when needed. `plain`:
  /// the text is a number or boolean (no quotes, line breaks, tabs or backslashes in it).
  @inline(__always)
  private func finishField(
    from start: Int, emptyIsString: Bool, plain: Bool, in out: inout [UInt8]
  ) {
    switch mode {
    case .csv(let delimiter):
      if out.count == start {
        if emptyIsString && nullMarker.isEmpty { out += [34, 34] }
        return
      }
      var needsQuotes = false
      if !(plain && numbersNeedNoQuotes) {
        needsQuotes = out.withUnsafeBufferPointer { buffer in
          for i in start..<buffer.count {
            let b = buffer[i]
            if b == delimiter || b == 34 || b == 10 || b == 13 { return true }
          }
          return false
        }
      }
      // A field equal to a non-empty NULL marker is quoted so it reads back as text.
      if !needsQuotes && !nullMarker.isEmpty && out.count - start == nullMarker.count
        && out[start...].elementsEqual(nullMarker)
      {
        needsQuotes = true
      }
      guard needsQuotes else { return }
      var quoted: [UInt8] = [34]
      quoted.reserveCapacity(out.count - start + 8)
      for b in out[start...] {
        if b == 34 { quoted.append(34) }
        quoted.append(b)
      }
      quoted.append(34)
      out.replaceSubrange(start..<out.count, with: quoted)
    case .tsv:
      guard !plain else { return }
      let needsEscape = out.withUnsafeBufferPointer { buffer in
        for i in start..<buffer.count {
          let b = buffer[i]
          if b == 9 || b == 10 || b == 13 || b == 92 { return true }
        }
        return false
      }
      guard needsEscape else { return }
      var escaped: [UInt8] = []
      escaped.reserveCapacity(out.count - start + 8)
      for b in out[start...] {
        switch b {
        case 9: escaped += [92, 116]
        case 10: escaped += [92, 110]
        case 13: escaped += [92, 114]
        case 92: escaped += [92, 92]
        default: escaped.append(b)
        }
      }
      out.replaceSubrange(start..<out.count, with: escaped)
    }
  }
}

/// Writes rows of one text format into a byte buffer (the writer flushes it).
protocol TextRowEncoder: AnyObject {
  /// The header, if any.
  func begin(into out: inout [UInt8])
  /// One row: `columns` are already in export order, `kinds` their `ExportTextCell.Kind`s;
  /// `row` is 0-based within them.
  func row(
    _ columns: [ArrowColumn], kinds: [ExportTextCell.Kind], _ row: Int,
    into out: inout [UInt8]
  )
  /// Rows from the start of `rows` (0-based within `columns`), the same bytes as `row` for
  /// each in turn, until the range ends or about `chunkBytes` are made; returns the row after
  /// the last one written (at least one is).
  func rows(
    _ columns: [ArrowColumn], kinds: [ExportTextCell.Kind], _ rows: Range<Int>,
    into out: inout [UInt8]
  ) -> Int
  /// Anything after the last row.
  func end(into out: inout [UInt8])
}

extension TextRowEncoder {
  /// Bytes after which `rows(_:kinds:_:into:)` ends its chunk.
  static var chunkBytes: Int { 128 * 1024 }

  /// One row at a time (formats without a batch path).
  func rows(
    _ columns: [ArrowColumn], kinds: [ExportTextCell.Kind], _ rows: Range<Int>,
    into out: inout [UInt8]
  ) -> Int {
    guard !rows.isEmpty else { return rows.upperBound }
    row(columns, kinds: kinds, rows.lowerBound, into: &out)
    return rows.lowerBound + 1
  }
}
