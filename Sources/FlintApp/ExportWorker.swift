import ArrowIPC
import Foundation
import ResultModel
import SparkConnectClient

/// The work behind the export effects, run by `EffectRunner` on detached tasks (never on the
/// main actor). Every path ends with the file complete at its target or nothing there: writes
/// go through `ExportWriter`/`SafeFileOutput` (temporary file + rename), and any error or
/// cancel removes the temporary file.
enum ExportWorker {
  /// Calls `report` at most every `interval` seconds (and always when forced).
  struct Throttle {
    let interval: Duration
    var last: ContinuousClock.Instant?

    init(interval: Duration = .milliseconds(100)) { self.interval = interval }

    mutating func due(force: Bool = false) -> Bool {
      let now = ContinuousClock.now
      if !force, let last, now - last < interval { return false }
      last = now
      return true
    }
  }

  /// Writes loaded rows (a `.exportRows` job).
  /// - Parameter progress: rows and bytes written so far, throttled.
  static func writeRows(
    _ job: ExportJob, cancellation: ExportCancellation,
    progress: (_ rows: Int, _ bytes: Int64) -> Void
  ) throws(ExportError) -> ExportOutcome {
    guard let result = job.result else { throw .invalidOption("no rows are loaded") }
    let path = job.resolvedPath
    let writer = try ExportWriter(
      path: path, format: job.format, schema: result.schema, columns: job.columns,
      options: job.options, overwrite: job.overwrite, cancellation: cancellation)
    var throttle = Throttle()
    do {
      if let rows = job.rows {
        try writer.writeGlobalRows(rows, of: result) { _ in
          if throttle.due(force: job.toClipboard) { progress(writer.rowCount, writer.byteCount) }
        }
      } else {
        var index = 0
        while let batch = try ExportWriter.loadedBatch(index, of: result, path: path) {
          try writer.write(batch)
          index += 1
          if throttle.due(force: job.toClipboard) { progress(writer.rowCount, writer.byteCount) }
        }
      }
      let summary = try writer.finish()
      progress(summary.rowCount, summary.byteCount)
      return ExportOutcome(
        path: path, rows: summary.rowCount, bytes: summary.byteCount, onServer: false)
    } catch {
      writer.cancel()
      throw error
    }
  }

  /// A `.exportRows` job: to its file, or to the clipboard.
  static func exportRows(
    _ job: ExportJob, cancellation: ExportCancellation,
    progress: (_ rows: Int, _ bytes: Int64) -> Void
  ) throws(ExportFailure) -> ExportOutcome {
    if job.toClipboard { return try copyRows(job, cancellation: cancellation, progress: progress) }
    do {
      return try writeRows(job, cancellation: cancellation, progress: progress)
    } catch {
      throw .file(error)
    }
  }

  /// Writes loaded rows as text for the clipboard (a `.exportRows` job with `toClipboard`):
  /// through a temporary file, read back and removed; stops as soon as the text passes
  /// `ExportJob.clipboardLimit`.
  static func copyRows(
    _ job: ExportJob, cancellation: ExportCancellation,
    progress: (_ rows: Int, _ bytes: Int64) -> Void
  ) throws(ExportFailure) -> ExportOutcome {
    let limit = ExportJob.clipboardLimit
    var tooLarge = false
    let outcome: ExportOutcome
    do {
      outcome = try writeRows(job, cancellation: cancellation) { rows, bytes in
        if bytes > Int64(limit) {
          tooLarge = true
          cancellation.cancel()
        }
        progress(rows, bytes)
      }
    } catch {
      throw tooLarge ? .tooLargeForClipboard(limit: limit) : .file(error)
    }
    defer { try? FileManager.default.removeItem(atPath: outcome.path) }
    guard let data = FileManager.default.contents(atPath: outcome.path) else {
      throw .file(.cannotWrite(path: outcome.path, reason: "the temporary file vanished"))
    }
    guard data.count <= limit else { throw .tooLargeForClipboard(limit: limit) }
    return ExportOutcome(
      path: "the clipboard", rows: outcome.rows, bytes: Int64(data.count), onServer: false,
      clipboardText: String(decoding: data, as: UTF8.self))
  }

  /// Runs `query` with no row cap and streams every batch into the file (a `.exportQuery` job):
  /// memory holds one batch at a time. An existing file is refused before the query starts
  /// (unless `overwrite`); cancelling the task interrupts the query on the server.
  static func streamQuery(
    _ job: ExportJob, query: QuerySource, service: any SparkService, tag: String,
    cancellation: ExportCancellation,
    progress: @escaping @Sendable (_ rows: Int, _ bytes: Int64) -> Void,
    serverProgress: @escaping @Sendable (ExecutionProgress) -> Void
  ) async throws -> ExportOutcome {
    let path = job.resolvedPath
    if !job.overwrite, FileManager.default.fileExists(atPath: path) {
      throw ExportError.fileExists(path)
    }
    var writer: ExportWriter?
    var sparkSchema: SparkSchema?
    var throttle = Throttle()
    func open(_ schema: ArrowSchema) throws(ExportError) -> ExportWriter {
      var options = job.options
      if let sparkSchema { options.intervalFields = sparkSchema.intervalFieldsByColumn }
      return try ExportWriter(
        path: path, format: job.format, schema: schema, columns: job.columns, options: options,
        overwrite: job.overwrite, cancellation: cancellation)
    }
    do {
      for try await event in service.run(query, maxRows: nil, tag: tag) {
        if cancellation.isCancelled || Task.isCancelled { throw ExportError.cancelled }
        switch event {
        case .statementStarted:
          // Only the last statement's rows are exported.
          writer?.cancel()
          writer = nil
        case .schema(let schema):
          sparkSchema = schema
        case .batch(let batch, _):
          let output = try writer ?? open(batch.schema)
          writer = output
          try output.write(batch)
          if throttle.due() { progress(output.rowCount, output.byteCount) }
        case .progress(let server):
          serverProgress(server)
        case .operationStarted, .statementFinished, .reconnecting, .reattaching, .metrics:
          break
        }
      }
      if cancellation.isCancelled || Task.isCancelled { throw ExportError.cancelled }
      if writer == nil {
        // No batch at all: an empty result; the loaded rows' schema is the same query's.
        guard let schema = job.result?.schema else {
          throw ExportError.invalidOption("the query returned no rows and no schema to write")
        }
        writer = try open(schema)
      }
      guard let output = writer else { throw ExportError.notOpen }
      let summary = try output.finish()
      progress(summary.rowCount, summary.byteCount)
      return ExportOutcome(
        path: path, rows: summary.rowCount, bytes: summary.byteCount, onServer: false)
    } catch {
      writer?.cancel()
      throw error
    }
  }

  /// Has the server write the result of `query` (a `.writeOnServer` job).
  static func writeOnServer(
    query: QuerySource, destination: ServerWrite, service: any SparkService, tag: String,
    serverProgress: @escaping @Sendable (ExecutionProgress) -> Void
  ) async throws -> ExportOutcome {
    for try await event in service.write(query, to: destination, tag: tag) {
      if Task.isCancelled { throw ExportError.cancelled }
      if case .progress(let server) = event { serverProgress(server) }
    }
    if Task.isCancelled { throw ExportError.cancelled }
    return ExportOutcome(path: destination.path, rows: nil, bytes: nil, onServer: true)
  }
}
