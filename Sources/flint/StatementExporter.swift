import ArrowIPC
import Foundation
import ResultModel

/// Streams one statement's batches into an export file (or, for standard output, into a
/// temporary file copied to stdout at the end), honouring the row limit.
final class StatementExporter {
  private let writer: ExportWriter
  private let schema: ArrowSchema
  private let temporaryPath: String?
  private var rowsWritten = 0

  init(
    path: String?, format: ExportFormat, schema: ArrowSchema, options: ExportOptions,
    overwrite: Bool
  ) throws {
    self.schema = schema
    let target: String
    if let path {
      target = path
      temporaryPath = nil
    } else {
      target = NSTemporaryDirectory() + "flint-stdout-\(getpid())-\(UUID().uuidString).out"
      temporaryPath = target
      TemporaryFiles.register(target)
    }
    do {
      writer = try ExportWriter(
        path: target, format: format, schema: schema, options: options,
        overwrite: overwrite || path == nil)
    } catch {
      throw CLIError(message: error.description)
    }
  }

  /// Whether batches of `other` belong to this export (same columns and types).
  func isFor(_ other: ArrowSchema) -> Bool {
    other.fields.map(\.name) == schema.fields.map(\.name)
      && other.fields.map(\.type) == schema.fields.map(\.type)
  }

  /// Writes the batch's rows, at most up to `limit` rows in all (0 = no limit).
  func write(_ batch: RecordBatch, limit: Int) throws {
    let remaining = limit > 0 ? max(0, limit - rowsWritten) : batch.rowCount
    let count = min(remaining, batch.rowCount)
    guard count > 0 else { return }
    do {
      if count == batch.rowCount {
        try writer.write(batch)
      } else {
        try writer.write(batch, rows: 0..<count)
      }
    } catch {
      throw CLIError(message: error.description)
    }
    rowsWritten += count
  }

  /// Completes the file; for standard output, copies it there and removes it.
  func finish(toStandardOutput: Bool) throws {
    do {
      _ = try writer.finish()
    } catch {
      throw CLIError(message: error.description)
    }
    guard toStandardOutput, let temporaryPath else { return }
    defer { TemporaryFiles.remove(temporaryPath) }
    guard let input = FileHandle(forReadingAtPath: temporaryPath) else {
      throw CLIError(message: "cannot read back \(temporaryPath)")
    }
    defer { try? input.close() }
    while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
      try StandardStreams.output(chunk)
    }
  }

  func cancel() {
    writer.cancel()
    if let temporaryPath { TemporaryFiles.remove(temporaryPath) }
  }
}
