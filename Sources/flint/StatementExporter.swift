import ArrowIPC
import Foundation
import ResultModel

/// Streams one statement's batches into an export file, or to standard output, honouring the
/// row limit. To standard output rows go out as they arrive when `streaming`; otherwise (a
/// script of several statements, where only the last one that returns rows is printed) they
/// go to a temporary file that is copied to stdout at the end.
final class StatementExporter {
  private let writer: ExportWriter
  private let schema: ArrowSchema
  private let temporaryPath: String?
  private var rowsWritten = 0

  init(
    path: String?, format: ExportFormat, schema: ArrowSchema, options: ExportOptions,
    overwrite: Bool, streaming: Bool
  ) throws {
    self.schema = schema
    do {
      if let path {
        temporaryPath = nil
        writer = try ExportWriter(
          path: path, format: format, schema: schema, options: options, overwrite: overwrite)
      } else if streaming {
        temporaryPath = nil
        writer = try ExportWriter(
          streamingTo: STDOUT_FILENO, name: "standard output", format: format, schema: schema,
          options: options)
      } else {
        let target =
          NSTemporaryDirectory() + "flint-stdout-\(getpid())-\(UUID().uuidString).out"
        temporaryPath = target
        TemporaryFiles.register(target)
        writer = try ExportWriter(
          path: target, format: format, schema: schema, options: options, overwrite: true)
      }
    } catch {
      throw Self.reported(error)
    }
  }

  /// The error as the CLI reports it: a reader of standard output that has gone (`| head`)
  /// ends the command quietly, like any other write to it.
  static func reported(_ error: ExportError) -> any Error {
    if SafeFileOutput.isClosedPipe(error) { return OutputClosed() }
    if case .fileExists = error {
      return CLIError(
        message: error.description + " (--force overwrites)", exitCode: ExitStatus.usage)
    }
    return CLIError(message: error.description)
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
      throw Self.reported(error)
    }
    rowsWritten += count
  }

  /// Completes the file; a spooled standard output is copied there and removed.
  func finish() throws {
    do {
      _ = try writer.finish()
    } catch {
      throw Self.reported(error)
    }
    guard let temporaryPath else { return }
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
