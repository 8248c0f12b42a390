import Synchronization

/// A cancel flag shared between the UI (which sets it) and an export (which checks it between
/// batches, and every few thousand rows of a row-index export). Task cancellation is checked
/// too, so either way works.
public final class ExportCancellation: Sendable {
  private let flag = Atomic<Bool>(false)

  public init() {}

  /// Asks the export to stop; it then removes its temporary file and throws `.cancelled`.
  public func cancel() { flag.store(true, ordering: .relaxed) }

  /// True once `cancel()` ran.
  public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
