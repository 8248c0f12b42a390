import Foundation
import ResultModel

/// Takes SIGINT, SIGTERM and SIGHUP (the terminal or the SSH connection went away) off their
/// default action, which ends the process on the spot, and calls `handler` with the signal's
/// number on a dispatch queue instead, so the command can wind down: interrupt its operations
/// on the server, remove temporary files, keep what the user typed. A signal the parent
/// ignores stays ignored (`nohup`, background jobs of a script).
final class SignalWatcher {
  private var handled: [(number: Int32, source: any DispatchSourceSignal)] = []
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  init(_ handler: @escaping @Sendable (Int32) -> Void) {
    handled = Self.signals.compactMap { number in
      let previous = signal(number, SIG_IGN)
      if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
        return nil
      }
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { handler(number) }
      source.resume()
      return (number, source)
    }
  }

  /// "SIGTERM", "SIGHUP", …: for messages.
  static func name(_ number: Int32) -> String {
    switch number {
    case SIGINT: "SIGINT"
    case SIGTERM: "SIGTERM"
    case SIGHUP: "SIGHUP"
    default: "signal \(number)"
    }
  }

  /// Ends the process `grace` from now with the status a shell gives signal `number`
  /// (128 + it), removing the temporary files still registered: the bound on winding down
  /// when the server or the session does not answer.
  static func exit(after grace: DispatchTimeInterval, signal number: Int32) {
    DispatchQueue.global().asyncAfter(deadline: .now() + grace) {
      TemporaryFiles.removeAll()
      Foundation.exit(128 + number)
    }
  }

  /// Gives the signals their default action back.
  func cancel() {
    for (number, source) in handled {
      source.cancel()
      signal(number, SIG_DFL)
    }
    handled = []
  }
}
