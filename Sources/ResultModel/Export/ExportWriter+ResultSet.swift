import ArrowIPC

extension ExportWriter {
  /// Rows per chunk when exporting explicit global row indices.
  static let rowChunk = 8192

  /// Exports a whole `ResultSet` (or the global rows `rows`, in that order) in one call: the
  /// entry point for `flint query -o FILE` and the TUI export dialog (run it off the UI task).
  ///
  /// - Parameters:
  ///   - result: the rows; batches appended while this runs are included when `rows` is nil
  ///     and they arrive before the loop reaches them.
  ///   - path: the file to create.
  ///   - format: the file format (e.g. `ExportFormat(path:)` or the user's choice).
  ///   - rows: global row indices in export order (client-side sort, a selection); nil = all
  ///     rows in result order.
  ///   - columns: source column indices in display order (hidden columns left out); nil = all.
  ///   - options: text options.
  ///   - overwrite: whether an existing file may be replaced.
  ///   - cancellation: a cancel flag (task cancellation works too).
  ///   - progress: called after each batch or chunk with the rows written so far.
  /// - Returns: what was written. On any error or cancellation no file is left at `path`.
  @discardableResult
  public static func export(
    _ result: ResultSet, to path: String, format: ExportFormat, rows: [Int]? = nil,
    columns: [Int]? = nil, options: ExportOptions = ExportOptions(), overwrite: Bool = false,
    cancellation: ExportCancellation? = nil, progress: ((Int) -> Void)? = nil
  ) throws(ExportError) -> ExportSummary {
    let writer = try ExportWriter(
      path: path, format: format, schema: result.schema, columns: columns, options: options,
      overwrite: overwrite, cancellation: cancellation)
    do {
      if let rows {
        try writer.writeGlobalRows(rows, of: result) { progress?($0) }
      } else {
        var index = 0
        while let batch = try Self.loadedBatch(index, of: result, path: path) {
          try writer.write(batch)
          progress?(writer.rowCount)
          index += 1
        }
      }
      return try writer.finish()
    } catch {
      writer.cancel()
      throw error
    }
  }

  /// Batch `index` of `result` for an export to `path`; nil past the last one. A spilled
  /// batch that cannot be read back fails the export (nothing is left at `path`).
  public static func loadedBatch(_ index: Int, of result: ResultSet, path: String)
    throws(ExportError) -> RecordBatch?
  {
    do {
      return try result.readBatch(index)
    } catch {
      throw .cannotWrite(path: path, reason: error.description)
    }
  }

  /// Writes global rows of `result` in chunks: a chunk from one batch goes through
  /// `write(_:rows:)` (Arrow: one `take`), a mixed chunk through `write(cells:)`.
  /// `progress` gets the rows written so far after each chunk.
  public func writeGlobalRows(
    _ rows: [Int], of result: ResultSet, progress: (Int) -> Void = { _ in }
  ) throws(ExportError) {
    var cells: [(batch: RecordBatch, row: Int)] = []
    var localRows: [Int] = []
    var chunkBatch: Int?
    var mixed = false
    var cached: (index: Int, batch: RecordBatch)?
    func flush() throws(ExportError) {
      guard !cells.isEmpty else { return }
      if !mixed, let first = cells.first {
        try write(first.batch, rows: localRows)
      } else {
        try write(cells: cells)
      }
      cells.removeAll(keepingCapacity: true)
      localRows.removeAll(keepingCapacity: true)
      chunkBatch = nil
      mixed = false
      progress(rowCount)
    }
    for r in rows {
      guard let (b, local) = result.locate(row: r) else { throw .invalidRow(r) }
      let batch: RecordBatch
      if let cached, cached.index == b {
        batch = cached.batch
      } else {
        guard let found = result.batch(b) else { throw .invalidRow(r) }
        cached = (b, found)
        batch = found
      }
      if let chunkBatch, chunkBatch != b { mixed = true }
      chunkBatch = b
      cells.append((batch, local))
      localRows.append(local)
      if cells.count == Self.rowChunk { try flush() }
    }
    try flush()
  }
}
