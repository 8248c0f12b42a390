import Foundation
import ResultModel

/// Standard output and error, written without `FileHandle.write(_:)`: Foundation's old API
/// traps when a write fails, so `flint query … | head` died with a crash report as soon as
/// `head` exited. Now a closed standard output ends the command quietly (`OutputClosed`).
enum StandardStreams {
  /// Writes to standard error; a failure is ignored (there is nowhere left to report it).
  static func error(_ text: String) {
    _ = Data(text.utf8).withUnsafeBytes { SafeFileOutput.writeAll(STDERR_FILENO, $0) }
  }

  /// Writes to standard output.
  /// - Throws: `OutputClosed` when its reader has gone (EPIPE), else a `CLIError`.
  static func output(_ data: Data) throws {
    guard let code = data.withUnsafeBytes({ SafeFileOutput.writeAll(STDOUT_FILENO, $0) }) else {
      return
    }
    if code == EPIPE { throw OutputClosed() }
    throw CLIError(message: "cannot write to standard output: \(String(cString: strerror(code)))")
  }

  static func output(_ text: String) throws { try output(Data(text.utf8)) }
}

/// Standard output's reader went away (`| head`): the command stops without a message, with
/// the status a shell gives a process that SIGPIPE ended (128 + 13). Leaving the `for try
/// await` loop cancels the query's stream, which interrupts it on the server.
struct OutputClosed: Error {
  static let exitCode: Int32 = 141
}
