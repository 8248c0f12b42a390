import ArrowIPC

extension JSONLinesEncoder {
  /// Appends rows from the start of `rows` of `columns` (in export order) to `out`, up to about
  /// `chunkBytes`, and returns the next row: the same bytes as `row(_:kinds:_:into:)` for each, made in `bytes` through a raw pointer with a direct path for every
  /// flat kind; only `.general` values go through `appendValue` (into a scratch array).
  func rows(
    _ columns: [ArrowColumn], kinds: [ExportTextCell.Kind], _ rows: Range<Int>,
    into out: inout [UInt8]
  ) -> Int {
    let bytes = self.bytes
    var scratch: [UInt8] = []
    for r in rows {
      bytes.append(123)
      for i in 0..<columns.count {
        if i > 0 { bytes.append(44) }
        bytes.append(keys[i])
        let column = columns[i]
        if column.isNull(r) {
          bytes.append(Self.nullText)
          continue
        }
        switch kinds[i] {
        case .int64:
          bytes.appendDecimal(column.int64(at: r))
        case .uint64:
          bytes.appendDecimal(column.uint64(at: r))
        case .bool:
          bytes.append(column.bool(at: r) ? DelimitedTextEncoder.trueText : Self.falseText)
        case .double:
          let v = column.double(at: r)
          if v.isFinite {
            var text = v.description
            text.withUTF8 { bytes.append(UnsafeRawBufferPointer($0)) }
          } else {
            scratch.removeAll(keepingCapacity: true)
            appendValue(column, row: r, intervalFields: intervalFields[i], to: &scratch)
            bytes.append(scratch)
          }
        case .utf8:
          column.withBytes(at: r) { Self.appendString(raw: $0, to: bytes) }
        case .general:
          scratch.removeAll(keepingCapacity: true)
          appendValue(column, row: r, intervalFields: intervalFields[i], to: &scratch)
          bytes.append(scratch)
        }
      }
      bytes.append(125)
      bytes.append(lineEnding)
      if bytes.count >= Self.chunkBytes {
        bytes.drain(into: &out)
        return r + 1
      }
    }
    bytes.drain(into: &out)
    return rows.upperBound
  }

  private static let falseText = DelimitedTextEncoder.falseText

  /// `appendString(raw:to:)` into a `RowBytes`: a JSON string of possibly invalid UTF-8.
  @inline(__always)
  static func appendString(raw text: UnsafeRawBufferPointer, to bytes: RowBytes) {
    var plain = true
    for b in text where b >= 0x80 || b < 32 || b == 34 || b == 92 {
      plain = false
      break
    }
    if plain {
      bytes.append(34)
      bytes.append(text)
      bytes.append(34)
      return
    }
    var escaped: [UInt8] = []
    appendString(raw: text, to: &escaped)
    bytes.append(escaped)
  }
}
