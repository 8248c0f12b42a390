import ArrowIPC
import Foundation

/// Streams record batches into one export file (CSV, TSV, JSON Lines, Markdown or Arrow IPC).
///
/// Start it with the result's schema and the columns to export (in display order; hidden
/// columns left out), feed it batches — whole, a row range, or explicit row indices (client-side
/// sort order) — then call `finish()`. Output goes through `SafeFileOutput`: nothing appears at
/// `path` until `finish()` succeeds; `cancel()`, an error or dropping the writer leaves no file.
/// Memory stays constant: for text formats two 256 KiB buffers (a file's is written by a
/// thread of its own while the next fills) and a chunk of about 128 KiB; one batch for Arrow.
///
/// Cancellation: `cancellation.cancel()` or cancelling the current task makes the next `write`
/// (checked per batch and every 4,096 rows) remove the temporary file and throw `.cancelled`.
///
/// Any error (a bad batch or row index, a write failure, cancellation) ends the export: the
/// temporary file is removed and later calls throw `.notOpen`.
///
/// Not thread-safe: use one writer from one task.
public final class ExportWriter {
  /// The file format written.
  public let format: ExportFormat
  /// The target path.
  public let path: String
  /// The schema of the batches fed in (all source columns).
  public let sourceSchema: ArrowSchema
  /// Source column indices, in export order.
  public let columnOrder: [Int]
  /// Rows written so far.
  public private(set) var rowCount = 0
  /// Bytes of output so far (including buffered bytes).
  public var byteCount: Int64 {
    if arrowWriter != nil {
      return Int64(max(0, lseek(output.descriptor, 0, SEEK_CUR)))
    }
    return output.byteCount
  }

  private let output: SafeFileOutput
  private let encoder: TextRowEncoder?
  private let arrowWriter: ArrowFileWriter?
  private let arrowHandle: FileHandle?
  private let cancellation: ExportCancellation?
  private var isOpen = true

  /// Rows between cancellation checks inside one batch.
  static let cancelCheckInterval = 4096

  /// Opens the temporary output and writes the header (if the format has one).
  /// - Parameters:
  ///   - path: the file to create.
  ///   - format: the file format.
  ///   - schema: the schema of the batches that will be written.
  ///   - columns: source column indices in export order (nil: all, in schema order).
  ///   - options: text options (ignored by Arrow IPC).
  ///   - overwrite: whether an existing file at `path` may be replaced (on success only).
  ///   - cancellation: an optional cancel flag shared with the UI.
  /// - Throws: `.fileExists`, `.cannotWrite`, `.invalidColumn`, `.invalidOption`.
  public convenience init(
    path: String, format: ExportFormat, schema: ArrowSchema, columns: [Int]? = nil,
    options: ExportOptions = ExportOptions(), overwrite: Bool = false,
    cancellation: ExportCancellation? = nil
  ) throws(ExportError) {
    try self.init(
      output: SafeFileOutput(path: path, overwrite: overwrite), format: format, schema: schema,
      columns: columns, options: options, cancellation: cancellation)
  }

  /// Writes the export as it goes to `descriptor` (standard output), which stays open: rows
  /// appear as their batches arrive, and an error leaves what was already written. `name`
  /// stands for the path in messages. For the text formats (Arrow IPC needs a seekable file).
  public convenience init(
    streamingTo descriptor: Int32, name: String, format: ExportFormat, schema: ArrowSchema,
    options: ExportOptions = ExportOptions()
  ) throws(ExportError) {
    guard format != .arrow else {
      throw .invalidOption("Arrow IPC cannot be streamed to \(name); write it to a file")
    }
    try self.init(
      output: SafeFileOutput(passingThroughTo: descriptor, name: name), format: format,
      schema: schema, columns: nil, options: options, cancellation: nil)
  }

  private init(
    output: SafeFileOutput, format: ExportFormat, schema: ArrowSchema, columns: [Int]?,
    options: ExportOptions, cancellation: ExportCancellation?
  ) throws(ExportError) {
    let path = output.path
    let order = columns ?? Array(schema.fields.indices)
    for i in order where !schema.fields.indices.contains(i) { throw .invalidColumn(i) }
    var delimiter: UInt8 = 44
    if format == .csv {
      guard let ascii = options.delimiter.asciiValue, ascii != 34, ascii != 10, ascii != 13
      else {
        throw .invalidOption(
          "CSV delimiter \(options.delimiter.debugDescription) must be one ASCII character "
            + "other than a quote or a line break")
      }
      delimiter = ascii
    }
    self.format = format
    self.path = path
    self.sourceSchema = schema
    self.columnOrder = order
    self.cancellation = cancellation
    let fields = order.map { schema.fields[$0] }
    let intervals = order.map { options.intervalFields[$0] ?? .widest }
    self.output = output
    switch format {
    case .csv:
      encoder = DelimitedTextEncoder(
        mode: .csv(delimiter: delimiter), names: fields.map(\.name), intervalFields: intervals,
        options: options)
    case .tsv:
      encoder = DelimitedTextEncoder(
        mode: .tsv, names: fields.map(\.name), intervalFields: intervals, options: options)
    case .jsonLines:
      encoder = JSONLinesEncoder(
        names: fields.map(\.name), intervalFields: intervals, options: options)
    case .markdown:
      encoder = MarkdownEncoder(fields: fields, intervalFields: intervals, options: options)
    case .arrow:
      encoder = nil
    }
    if format == .arrow {
      let handle = FileHandle(fileDescriptor: output.descriptor, closeOnDealloc: false)
      arrowHandle = handle
      do {
        arrowWriter = try ArrowFileWriter(schema: schema.project(order), to: handle)
      } catch {
        output.cancel()
        throw Self.exportError(error, path: path)
      }
    } else {
      arrowHandle = nil
      arrowWriter = nil
      output.writeInBackground()
      encoder?.begin(into: &output.buffer)
      do throws(ExportError) {
        try output.flushIfNeeded()
      } catch {
        output.cancel()
        throw error
      }
    }
  }

  /// Writes every row of `batch`.
  public func write(_ batch: RecordBatch) throws(ExportError) {
    try write(batch, rows: 0..<batch.rowCount)
  }

  /// Writes the rows `rows` (0-based within `batch`).
  public func write(_ batch: RecordBatch, rows: Range<Int>) throws(ExportError) {
    try guarded { () throws(ExportError) in
      try check(batch)
      guard rows.lowerBound >= 0 else { throw .invalidRow(rows.lowerBound) }
      guard rows.upperBound <= batch.rowCount else { throw .invalidRow(rows.upperBound - 1) }
      if let arrowWriter {
        let projected = try project(batch)
        let part =
          rows == 0..<batch.rowCount
          ? projected : projected.slice(offset: rows.lowerBound, length: rows.count)
        try writeArrow(part, arrowWriter)
        rowCount += rows.count
      } else {
        try writeText(batch.columns, rows: rows)
      }
    }
  }

  /// Writes the rows at `rows` (0-based within `batch`, any order, repeats allowed), e.g. a
  /// client-side sort order.
  public func write(_ batch: RecordBatch, rows: [Int]) throws(ExportError) {
    try guarded { () throws(ExportError) in
      try check(batch)
      for r in rows where r < 0 || r >= batch.rowCount { throw .invalidRow(r) }
      if let arrowWriter {
        let projected = try project(batch)
        let taken: RecordBatch
        do {
          taken = try projected.take(rows: rows)
        } catch {
          throw Self.exportError(error, path: path)
        }
        try writeArrow(taken, arrowWriter)
        rowCount += rows.count
      } else {
        try writeText(batch.columns, rows: rows)
      }
    }
  }

  /// Writes rows given as (batch, row) pairs, each from any batch of the same schema (a sorted
  /// view over a multi-batch result). Arrow output builds one batch from them.
  public func write(cells: [(batch: RecordBatch, row: Int)]) throws(ExportError) {
    guard !cells.isEmpty else { return }
    if arrowWriter == nil {
      try guarded { () throws(ExportError) in
        for (k, cell) in cells.enumerated() {
          if k % Self.cancelCheckInterval == 0 { try checkCancelled() }
          try check(cell.batch)
          guard cell.row >= 0, cell.row < cell.batch.rowCount else { throw .invalidRow(cell.row) }
          let columns = columnOrder.map { cell.batch.columns[$0] }
          let kinds = columns.map(ExportTextCell.Kind.init)
          encoder?.row(columns, kinds: kinds, cell.row, into: &output.buffer)
          rowCount += 1
          try output.flushIfNeeded()
        }
      }
      return
    }
    guard let arrowWriter else { return }
    try guarded { () throws(ExportError) in
      for cell in cells {
        try check(cell.batch)
        guard cell.row >= 0, cell.row < cell.batch.rowCount else { throw .invalidRow(cell.row) }
      }
      let fields = columnOrder.map { sourceSchema.fields[$0] }
      let schema = ArrowSchema(fields: fields, metadata: sourceSchema.metadata)
      do {
        let values = columnOrder.map { c in cells.map { $0.batch.columns[c].value(at: $0.row) } }
        let batch = try ArrowColumnBuilder.batch(schema, columns: values)
        try writeArrow(batch, arrowWriter)
      } catch let error as ExportError {
        throw error
      } catch {
        throw Self.exportError(error, path: path)
      }
      rowCount += cells.count
    }
  }

  /// Completes the file: writes the trailer, syncs, and moves it to `path`.
  /// - Returns: what was written.
  /// - Throws: `.cannotWrite` (the temporary file is removed), `.fileExists` if the target
  ///   appeared meanwhile and `overwrite` is false, `.cancelled`.
  @discardableResult
  public func finish() throws(ExportError) -> ExportSummary {
    guard isOpen else { throw .notOpen }
    let bytes: Int64
    try guarded { () throws(ExportError) in
      try checkCancelled()
      if let arrowWriter {
        do {
          try arrowWriter.finish()
        } catch {
          throw Self.exportError(error, path: path)
        }
      } else {
        encoder?.end(into: &output.buffer)
      }
    }
    bytes = byteCount
    isOpen = false
    try output.commit()
    return ExportSummary(path: path, format: format, rowCount: rowCount, byteCount: bytes)
  }

  /// Abandons the export: the temporary file is removed and `path` is left as it was.
  public func cancel() {
    isOpen = false
    output.cancel()
  }

  // MARK: - Internals

  /// Runs `body`; on any error the export is abandoned (no partial file) and the error rethrown.
  private func guarded(_ body: () throws(ExportError) -> Void) throws(ExportError) {
    guard isOpen else { throw .notOpen }
    do {
      try checkCancelled()
      try body()
    } catch {
      cancel()
      throw error
    }
  }

  private func checkCancelled() throws(ExportError) {
    if cancellation?.isCancelled == true || Task.isCancelled { throw .cancelled }
  }

  private func check(_ batch: RecordBatch) throws(ExportError) {
    guard isOpen else { throw .notOpen }
    guard batch.columns.count == sourceSchema.fields.count else {
      throw .schemaMismatch(
        "batch has \(batch.columns.count) columns, schema \(sourceSchema.fields.count)")
    }
    for c in columnOrder {
      let expected = sourceSchema.fields[c].type.withoutDictionaries
      let actual = batch.columns[c].field.type.withoutDictionaries
      guard expected == actual else {
        throw .schemaMismatch(
          "column \(sourceSchema.fields[c].name) is \(actual.name), expected \(expected.name)")
      }
    }
  }

  private func project(_ batch: RecordBatch) throws(ExportError) -> RecordBatch {
    do {
      return try batch.project(columnOrder)
    } catch {
      throw Self.exportError(error, path: path)
    }
  }

  private func writeArrow(_ batch: RecordBatch, _ writer: ArrowFileWriter) throws(ExportError) {
    do {
      try writer.write(batch)
    } catch {
      throw Self.exportError(error, path: path)
    }
  }

  /// A contiguous range goes through the encoder's batch path, a chunk at a time (the same
  /// bytes as row by row; a chunk ends after `TextRowEncoder.chunkBytes`, so memory stays flat).
  private func writeText(_ source: [ArrowColumn], rows: Range<Int>) throws(ExportError) {
    guard let encoder else { return }
    let columns = columnOrder.map { source[$0] }
    let kinds = columns.map(ExportTextCell.Kind.init)
    var next = rows.lowerBound
    var sinceCheck = 0
    while next < rows.upperBound {
      let end = encoder.rows(
        columns, kinds: kinds, next..<min(next + Self.cancelCheckInterval, rows.upperBound),
        into: &output.buffer)
      rowCount += end - next
      sinceCheck += end - next
      next = end
      if output.buffer.count >= SafeFileOutput.flushThreshold { try output.flush() }
      if sinceCheck >= Self.cancelCheckInterval, next < rows.upperBound {
        sinceCheck = 0
        try checkCancelled()
      }
    }
    // Through to standard output, each batch's rows go out as soon as they are made.
    if output.isPassThrough { try output.flush() } else { try output.flushIfNeeded() }
  }

  private func writeText<S: Sequence<Int>>(_ source: [ArrowColumn], rows: S)
    throws(ExportError)
  {
    guard let encoder else { return }
    let columns = columnOrder.map { source[$0] }
    let kinds = columns.map(ExportTextCell.Kind.init)
    var sinceCheck = 0
    for r in rows {
      encoder.row(columns, kinds: kinds, r, into: &output.buffer)
      rowCount += 1
      if output.buffer.count >= SafeFileOutput.flushThreshold { try output.flush() }
      sinceCheck += 1
      if sinceCheck == Self.cancelCheckInterval {
        sinceCheck = 0
        try checkCancelled()
      }
    }
    // Through to standard output, each batch's rows go out as soon as they are made.
    if output.isPassThrough { try output.flush() } else { try output.flushIfNeeded() }
  }

  /// The OS text for the POSIX code inside a Foundation error description
  /// (`… NSPOSIXErrorDomain Code=28 …` → "No space left on device"), if there is one.
  static func posixReason(in text: String) -> String? {
    guard let range = text.range(of: "NSPOSIXErrorDomain Code=") else { return nil }
    let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
    guard let code = Int32(digits), code > 0 else { return nil }
    return SafeFileOutput.reason(code)
  }

  static func exportError(_ error: any Error, path: String) -> ExportError {
    if let error = error as? ExportError { return error }
    if let error = error as? ArrowIPCError {
      if case .io(let reason) = error {
        return .cannotWrite(path: path, reason: posixReason(in: reason) ?? reason)
      }
      return .schemaMismatch(error.description)
    }
    if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
      return .cannotWrite(
        path: path, reason: SafeFileOutput.reason(Int32(underlying.code.rawValue)))
    }
    return .cannotWrite(path: path, reason: "\(error)")
  }
}
