import SparkConnectClient
import Synchronization

/// Counts how often a run's result streams were resumed, for `flint query --verbose`: Spark
/// ends reattachable streams on purpose (after `senderMaxStreamDuration` or
/// `senderMaxStreamSize`) and Flint reattaches; a broken stream is reconnected first.
final class ResumeCounter: Sendable {
  private struct Counts {
    var serverEnded = 0
    var afterFailure = 0
    var reconnects = 0
  }
  private let counts = Mutex(Counts())

  func observe(_ event: QueryEvent) {
    switch event {
    case .reattaching(_, .serverEndedStream): counts.withLock { $0.serverEnded += 1 }
    case .reattaching(_, .streamBroke): counts.withLock { $0.afterFailure += 1 }
    case .reconnecting: counts.withLock { $0.reconnects += 1 }
    default: break
    }
  }

  /// One stderr line: `flint: 12 reattaches (12 after the server ended the stream, 0 after
  /// a broken stream), 0 reconnection attempts`.
  var summary: String {
    let counts = counts.withLock { $0 }
    let total = counts.serverEnded + counts.afterFailure
    return "flint: \(total) reattach\(total == 1 ? "" : "es") (\(counts.serverEnded) after the "
      + "server ended the stream, \(counts.afterFailure) after a broken stream), "
      + "\(counts.reconnects) reconnection attempt\(counts.reconnects == 1 ? "" : "s")\n"
  }
}
