import ArrowIPC

extension DelimitedTextEncoder {
  /// Appends rows from the start of `rows` of `columns` (in export order) to `out`, up to about
  /// `chunkBytes` and at most `ChunkCells.rows` rows, and returns the next row: the same bytes
  /// as `row(_:kinds:_:into:)` for each, made in `bytes` through a raw pointer with a direct
  /// path for every flat kind; only `.general` cells go through `ExportTextCell` (into a scratch
  /// array).
  func rows(
    _ columns: [ArrowColumn], kinds: [ExportTextCell.Kind], _ rows: Range<Int>,
    into out: inout [UInt8]
  ) -> Int {
    let bytes = self.bytes
    // Borrowed through pointers: no reference counting per cell.
    return columns.withUnsafeBufferPointer { columns in
      kinds.withUnsafeBufferPointer { kinds in
        nullMarker.withUnsafeBytes { nullMarker in
          lineEnding.withUnsafeBytes { lineEnding in
            care.withUnsafeBufferPointer { care in
              encode(columns, kinds, rows, nullMarker, lineEnding, care, bytes, into: &out)
            }
          }
        }
      }
    }
  }

  @inline(__always)
  private func encode(
    _ columns: UnsafeBufferPointer<ArrowColumn>, _ kinds: UnsafeBufferPointer<ExportTextCell.Kind>,
    _ rows: Range<Int>, _ nullMarker: UnsafeRawBufferPointer,
    _ lineEnding: UnsafeRawBufferPointer, _ care: UnsafeBufferPointer<Bool>, _ bytes: RowBytes,
    into out: inout [UInt8]
  ) -> Int {
    let plainIsFinal = numbersNeedNoQuotes && nullMarker.isEmpty
    var scratch: [UInt8] = []
    let chunk = rows.lowerBound..<min(rows.upperBound, rows.lowerBound + ChunkCells.rows)
    cells.load(columns, kinds: kinds, rows: chunk)
    let n = chunk.count
    let (nulls, words, texts) = (cells.nulls, cells.words, cells.texts)
    for k in 0..<n {
      for i in 0..<columns.count {
        if i > 0 { bytes.append(separator) }
        let kind = kinds[i]
        let slot = i &* n &+ k
        if kind != .general && nulls[slot] {
          bytes.append(nullMarker)
          continue
        }
        let start = bytes.count
        switch kind {
        case .int64:
          bytes.appendDecimal(Int64(bitPattern: words[slot]))
        case .uint64:
          bytes.appendDecimal(words[slot])
        case .double:
          bytes.count += JavaFloatText.write(
            Double(bitPattern: words[slot]), to: bytes.reserve(JavaFloatText.maxLength))
        case .bool:
          bytes.append(words[slot] != 0)
        case .utf8:
          // Text without a byte that needs care (quotes, escapes, UTF-8 checks) goes as it is.
          let text = texts[slot]
          var copied = !text.isEmpty
          for b in text where care[Int(b)] {
            copied = false
            break
          }
          if copied {
            bytes.append(text)
          } else {
            Self.appendValidUTF8(text, to: bytes)
          }
          if !copied || !nullMarker.isEmpty {
            finishField(from: start, emptyIsString: true, plain: false, in: bytes)
          }
          continue
        case .general:
          scratch.removeAll(keepingCapacity: true)
          if cell.append(
            columns[i], kind: kind, row: chunk.lowerBound + k, intervalFields: intervalFields[i],
            to: &scratch)
          {
            bytes.append(scratch)
            finishField(from: start, emptyIsString: true, plain: false, in: bytes)
          } else {
            bytes.append(nullMarker)
          }
          continue
        }
        if !plainIsFinal { finishField(from: start, emptyIsString: true, plain: true, in: bytes) }
      }
      bytes.append(lineEnding)
      if bytes.count >= Self.chunkBytes {
        bytes.drain(into: &out)
        return chunk.lowerBound + k + 1
      }
    }
    bytes.drain(into: &out)
    return chunk.upperBound
  }

  /// Per byte value: whether a string holding it needs more than a copy (quoting or escaping
  /// in this mode, or a UTF-8 check).
  static func needsCare(_ mode: Mode) -> [Bool] {
    (0..<256).map { b in
      switch mode {
      case .csv(let delimiter): b >= 0x80 || b == 34 || b == 10 || b == 13 || b == delimiter
      case .tsv: b >= 0x80 || b == 9 || b == 10 || b == 13 || b == 92
      }
    }
  }

  /// Appends bytes as valid UTF-8 (as `ExportTextCell.appendValidUTF8`): ASCII and well-formed
  /// text as it is, anything else repaired to U+FFFD.
  @inline(__always)
  static func appendValidUTF8(_ text: UnsafeRawBufferPointer, to bytes: RowBytes) {
    var ascii = true
    for b in text where b >= 0x80 {
      ascii = false
      break
    }
    if ascii || ExportTextCell.isValidUTF8(text) {
      bytes.append(text)
    } else {
      bytes.append(Array(String(decoding: text, as: UTF8.self).utf8))
    }
  }

  /// `finishField(from:emptyIsString:plain:in:)` on a `RowBytes`: quotes (CSV) or escapes (TSV)
  /// the field that starts at byte `start`, in place, with the same rules.
  func finishField(from start: Int, emptyIsString: Bool, plain: Bool, in bytes: RowBytes) {
    let length = bytes.count - start
    switch mode {
    case .csv(let delimiter):
      if length == 0 {
        if emptyIsString && nullMarker.isEmpty {
          bytes.append(34)
          bytes.append(34)
        }
        return
      }
      var quotes = 0
      var needsQuotes = false
      if !(plain && numbersNeedNoQuotes) {
        let field = bytes.base + start
        for k in 0..<length {
          let b = field[k]
          if b == 34 {
            quotes += 1
            needsQuotes = true
          } else if b == delimiter || b == 10 || b == 13 {
            needsQuotes = true
          }
        }
      }
      if !needsQuotes && !nullMarker.isEmpty && length == nullMarker.count
        && UnsafeBufferPointer(start: bytes.base + start, count: length).elementsEqual(nullMarker)
      {
        needsQuotes = true
      }
      guard needsQuotes else { return }
      // Widen from the back: every quote doubled, one quote on each side.
      _ = bytes.reserve(quotes + 2)
      let field = bytes.base + start
      var to = length + quotes + 1
      field[to] = 34
      for k in stride(from: length - 1, through: 0, by: -1) {
        let b = field[k]
        to -= 1
        field[to] = b
        if b == 34 {
          to -= 1
          field[to] = 34
        }
      }
      field[0] = 34
      bytes.count += quotes + 2
    case .tsv:
      guard !plain else { return }
      var specials = 0
      let source = bytes.base + start
      for k in 0..<length {
        let b = source[k]
        if b == 9 || b == 10 || b == 13 || b == 92 { specials += 1 }
      }
      guard specials > 0 else { return }
      _ = bytes.reserve(specials)
      let field = bytes.base + start
      var to = length + specials
      for k in stride(from: length - 1, through: 0, by: -1) {
        let b = field[k]
        let escape: UInt8
        switch b {
        case 9: escape = 116
        case 10: escape = 110
        case 13: escape = 114
        case 92: escape = 92
        default:
          to -= 1
          field[to] = b
          continue
        }
        to -= 2
        field[to] = 92
        field[to + 1] = escape
      }
      bytes.count += specials
    }
  }
}
