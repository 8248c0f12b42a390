import ArrowIPC

/// The cells of a chunk of rows, read out of their columns a column at a time, so the text
/// encoders' row loops index plain memory instead of calling into an `ArrowColumn` (and
/// reference counting its storage) for every cell.
///
/// Layout: slot `c * rowCount + k` holds column `c`, row `k` of the chunk. Flat kinds only:
/// `.int64`, `.uint64`, `.double` (bit pattern) and `.bool` fill `words`, `.utf8` fills `texts`;
/// `.general` columns are left to the caller. `texts` point into the batch's own buffers, so
/// they are valid only while the columns passed to `load` are alive (the encoders use them
/// within the same call). Owned by one encoder; memory follows the largest chunk.
final class ChunkCells {
  /// Rows loaded by the last `load`.
  private(set) var rowCount = 0
  private(set) var nulls: UnsafeMutablePointer<Bool>
  private(set) var words: UnsafeMutablePointer<UInt64>
  private(set) var texts: UnsafeMutablePointer<UnsafeRawBufferPointer>
  private var capacity: Int

  /// Rows per chunk: small enough to stay in cache, large enough to pay for the column loops.
  static let rows = 1024

  init() {
    capacity = 0
    nulls = .allocate(capacity: 0)
    words = .allocate(capacity: 0)
    texts = .allocate(capacity: 0)
  }

  deinit {
    nulls.deallocate()
    words.deallocate()
    texts.deallocate()
  }

  /// Reads rows `rows` (at most `ChunkCells.rows`) of every flat column.
  func load(
    _ columns: UnsafeBufferPointer<ArrowColumn>, kinds: UnsafeBufferPointer<ExportTextCell.Kind>,
    rows: Range<Int>
  ) {
    let n = rows.count
    let needed = n * columns.count
    if needed > capacity {
      nulls.deallocate()
      words.deallocate()
      texts.deallocate()
      nulls = .allocate(capacity: needed)
      words = .allocate(capacity: needed)
      texts = .allocate(capacity: needed)
      capacity = needed
    }
    rowCount = n
    for c in 0..<columns.count {
      let column = columns[c]
      let base = c * n
      let kind = kinds[c]
      guard kind != .general else { continue }
      var k = base
      for r in rows {
        nulls[k] = column.isNull(r)
        k += 1
      }
      k = base
      switch kind {
      case .int64, .uint64:
        for r in rows {
          words[k] = UInt64(bitPattern: column.int64(at: r))
          k += 1
        }
      case .double:
        for r in rows {
          words[k] = column.double(at: r).bitPattern
          k += 1
        }
      case .bool:
        for r in rows {
          words[k] = column.bool(at: r) ? 1 : 0
          k += 1
        }
      case .utf8:
        for r in rows {
          texts[k] = column.withBytes(at: r) { $0 }
          k += 1
        }
      case .general:
        break
      }
    }
  }
}
