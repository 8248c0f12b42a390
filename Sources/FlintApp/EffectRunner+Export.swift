import Foundation
import ResultModel
import SparkConnectClient

/// Exports as effects: each runs detached with a cancel flag its writer checks, reports its
/// progress, and ends with `.exportFinished`, `.exportFailed` or `.exportCancelled`.
extension EffectRunner {
  /// Loaded rows to a local file (or the clipboard).
  func exportRows(id: Int, _ job: ExportJob) {
    let send = self.send
    // The writer raises the flag itself when it stops early (a clipboard copy grown too large),
    // so only its error says whether this was a cancel.
    startExport(id: id, cancelFlagMeansCancelled: false) { cancellation in
      try ExportWorker.exportRows(job, cancellation: cancellation) {
        send(.exportProgressed(id: id, rows: $0, bytes: $1))
      }
    }
  }

  /// The query again with no cap, every batch streamed into the file.
  func exportQuery(id: Int, query: QuerySource, _ job: ExportJob) {
    let service = self.service
    let send = self.send
    startExport(id: id) { cancellation in
      try await ExportWorker.streamQuery(
        job, query: query, service: service, tag: Self.exportTag(id), cancellation: cancellation,
        progress: { send(.exportProgressed(id: id, rows: $0, bytes: $1)) },
        serverProgress: { send(.exportServerProgressed(id: id, $0)) })
    }
  }

  /// The server writes the result with the DataFrame writer.
  func writeOnServer(id: Int, query: QuerySource, _ destination: ServerWrite) {
    let service = self.service
    let send = self.send
    startExport(id: id) { _ in
      try await ExportWorker.writeOnServer(
        query: query, destination: destination, service: service, tag: Self.exportTag(id),
        serverProgress: { send(.exportServerProgressed(id: id, $0)) })
    }
  }

  /// Interrupts the server's operation by tag first, as a query's cancel does; only then
  /// raises the flag (the writer stops at its next batch and removes its temporary file) and
  /// drops the stream. Raising the flag first let the export report "cancelled" while its
  /// query still ran on the server.
  func cancelExport(id: Int) {
    let service = self.service
    guard let export = exports.removeValue(forKey: id) else { return }
    track(in: .interrupts) {
      _ = try? await service.interrupt(tag: Self.exportTag(id))
      export.cancellation.cancel()
      export.task.cancel()
    }
  }

  /// Runs export `id`'s work detached, cancellable through its flag, and reports how it ended:
  /// an error after the flag was raised counts as a cancel when `cancelFlagMeansCancelled`.
  private func startExport(
    id: Int, cancelFlagMeansCancelled: Bool = true,
    _ work: @escaping @Sendable (ExportCancellation) async throws -> ExportOutcome
  ) {
    let send = self.send
    let cancellation = ExportCancellation()
    let task = Task.detached {
      do {
        send(.exportFinished(id: id, try await work(cancellation)))
      } catch {
        let cancelled = cancelFlagMeansCancelled && cancellation.isCancelled
        send(Self.exportEnd(id: id, error, cancelled: cancelled))
      }
    }
    track(export: id, task, cancellation)
  }
}
