import ArrowIPC

extension JSONLinesEncoder {
  /// Appends rows from the start of `rows` of `columns` (in export order) to `out`, up to about
  /// `chunkBytes` and at most `ChunkCells.rows` rows, and returns the next row: the same bytes
  /// as `row(_:kinds:_:into:)` for each, made in `bytes` through a raw pointer with a direct
  /// path for every flat kind; only `.general` cells go through `appendValue` (into a scratch
  /// array).
  func rows(
    _ columns: [ArrowColumn], kinds: [ExportTextCell.Kind], _ rows: Range<Int>,
    into out: inout [UInt8]
  ) -> Int {
    // Borrowed through pointers: no reference counting per cell.
    columns.withUnsafeBufferPointer { columns in
      kinds.withUnsafeBufferPointer { kinds in
        encode(columns, kinds, rows, into: &out)
      }
    }
  }

  private func encode(
    _ columns: UnsafeBufferPointer<ArrowColumn>, _ kinds: UnsafeBufferPointer<ExportTextCell.Kind>,
    _ rows: Range<Int>, into out: inout [UInt8]
  ) -> Int {
    let bytes = self.bytes
    var scratch: [UInt8] = []
    let chunk = rows.lowerBound..<min(rows.upperBound, rows.lowerBound + ChunkCells.rows)
    cells.load(columns, kinds: kinds, rows: chunk)
    let n = chunk.count
    let (nulls, words, texts) = (cells.nulls, cells.words, cells.texts)
    for k in 0..<n {
      bytes.append(123)
      for i in 0..<columns.count {
        if i > 0 { bytes.append(44) }
        bytes.append(keys[i])
        let kind = kinds[i]
        let slot = i &* n &+ k
        if kind == .general {
          scratch.removeAll(keepingCapacity: true)
          appendValue(
            columns[i], row: chunk.lowerBound + k, intervalFields: intervalFields[i], to: &scratch)
          bytes.append(scratch)
          continue
        }
        if nulls[slot] {
          bytes.append(Self.nullText)
          continue
        }
        switch kind {
        case .int64:
          bytes.appendDecimal(Int64(bitPattern: words[slot]))
        case .uint64:
          bytes.appendDecimal(words[slot])
        case .bool:
          bytes.append(words[slot] != 0)
        case .double:
          let v = Double(bitPattern: words[slot])
          if v.isFinite {
            // The same text as `description`, without making a String of it.
            var sink = RowBytesSink(bytes: bytes)
            v.write(to: &sink)
          } else if v.isNaN {
            bytes.append("\"NaN\"")
          } else {
            bytes.append(v < 0 ? "\"-Infinity\"" : "\"Infinity\"")
          }
        case .utf8:
          Self.appendString(raw: texts[slot], to: bytes)
        case .general:
          break
        }
      }
      bytes.append(125)
      bytes.append(lineEnding)
      if bytes.count >= Self.chunkBytes {
        bytes.drain(into: &out)
        return chunk.lowerBound + k + 1
      }
    }
    bytes.drain(into: &out)
    return chunk.upperBound
  }

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
