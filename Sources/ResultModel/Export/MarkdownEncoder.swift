import ArrowIPC

/// A GitHub-flavoured Markdown table: a header row, a `---` separator (`---:` for numeric
/// columns, so they are right-aligned), one line per row. In cells `|` is written `\|` and line
/// breaks (LF, CR, CRLF) as `<br>`; NULL is the NULL marker. Columns are not padded, so the
/// table streams in constant memory.
final class MarkdownEncoder: TextRowEncoder {
  let names: [String]
  let numeric: [Bool]
  let nullMarker: [UInt8]
  let lineEnding: [UInt8]
  let cell: ExportTextCell
  let intervalFields: [SparkIntervalFields]

  init(fields: [ArrowField], intervalFields: [SparkIntervalFields], options: ExportOptions) {
    names = fields.map(\.name)
    numeric = fields.map(\.type.isNumeric)
    self.intervalFields = intervalFields
    nullMarker = Array(options.nullMarker.utf8)
    lineEnding = options.lineEnding.bytes
    cell = ExportTextCell(formatter: options.formatter)
  }

  func begin(into out: inout [UInt8]) {
    out.append(124)
    for name in names {
      out.append(32)
      let start = out.count
      out.append(contentsOf: name.utf8)
      escape(from: start, in: &out)
      out += [32, 124]
    }
    out.append(contentsOf: lineEnding)
    out.append(124)
    for isNumeric in numeric {
      out.append(contentsOf: isNumeric ? Array(" ---: |".utf8) : Array(" --- |".utf8))
    }
    out.append(contentsOf: lineEnding)
  }

  func row(
    _ columns: [ArrowColumn], kinds: [ExportTextCell.Kind], _ row: Int,
    into out: inout [UInt8]
  ) {
    out.append(124)
    for i in 0..<columns.count {
      out.append(32)
      let start = out.count
      if cell.append(
        columns[i], kind: kinds[i], row: row, intervalFields: intervalFields[i], to: &out)
      {
        escape(from: start, in: &out)
      } else {
        out.append(contentsOf: nullMarker)
        escape(from: start, in: &out)
      }
      out += [32, 124]
    }
    out.append(contentsOf: lineEnding)
  }

  func end(into out: inout [UInt8]) {}

  /// Escapes `|` and line breaks in `out[start...]`.
  private func escape(from start: Int, in out: inout [UInt8]) {
    guard out[start...].contains(where: { $0 == 124 || $0 == 10 || $0 == 13 }) else { return }
    var escaped: [UInt8] = []
    var previousCR = false
    for b in out[start...] {
      switch b {
      case 124: escaped += [92, 124]
      case 13: escaped += Array("<br>".utf8)
      case 10: if !previousCR { escaped += Array("<br>".utf8) }
      default: escaped.append(b)
      }
      previousCR = b == 13
    }
    out.replaceSubrange(start..<out.count, with: escaped)
  }
}
