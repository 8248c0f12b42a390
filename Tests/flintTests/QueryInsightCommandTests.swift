import Foundation
import TestSupport
import Testing

/// `flint query --metrics` and the progress line, the real binary against the real server.
@Suite(.serialized, .timeLimit(.minutes(10))) struct QueryInsightCommandTests {
  static var flint: String { QueryCommandTests.flint }
  static var remote: String { TestEnvironment.remote }

  /// Runs for several seconds, so the server sends progress reports (every couple of seconds)
  /// while its tasks run.
  static let slowQuery =
    "SELECT id % 10 AS k, count(*) AS n FROM range(0, 300000000, 1, 8) WHERE hash(id) % 3 = 0 GROUP BY 1 ORDER BY 1"

  /// The rows on stdout are what they are without `--metrics`; the tree on stderr has the
  /// aggregate with as many output rows as groups printed.
  @Test func queryMetricsPrintsTheTreeOnStderrAfterTheRows() throws {
    let sql =
      "SELECT vendor_id, count(*) AS trips FROM demo.trips GROUP BY vendor_id ORDER BY vendor_id"
    let plain = try TestEnvironment.run(Self.flint, ["query", "--remote", Self.remote, sql])
    let got = try TestEnvironment.run(
      Self.flint, ["query", "--remote", Self.remote, "--metrics", sql])
    #expect(got.status == 0, "\(got.stderr)")
    #expect(got.stdout == plain.stdout)
    let groups = got.stdout.split(separator: "\n").filter { $0.hasPrefix("|") }.count - 1
    #expect(groups == 7)
    let lines = got.stderr.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("Executed plan with Spark's metrics") == true, "\(got.stderr)")
    #expect(lines.dropFirst().first?.hasPrefix("AdaptiveSparkPlan") == true, "\(got.stderr)")
    let aggregate = try #require(lines.first { $0.contains("+- HashAggregate") })
    #expect(aggregate.contains("rows \(groups)"), "\(got.stderr)")
    #expect(got.stderr.contains("% of time]"))
    #expect(got.stderr.contains("\nLook first:\n- "), "\(got.stderr)")
    #expect(got.stderr.contains(" of the operator time ("))
    #expect(got.stderr.contains("Scan parquet spark_catalog.demo.trips"))
    #expect(got.stderr.contains("rows 1,000,000"))
  }

  @Test func noProgressLineWhenStderrIsNotATerminal() throws {
    let got = try TestEnvironment.run(
      Self.flint, ["query", "--remote", Self.remote, "--format", "csv", Self.slowQuery])
    #expect(got.status == 0, "\(got.stderr)")
    #expect(got.stdout.hasPrefix("k,n\n0,"), "\(got.stdout)")
    #expect(got.stderr.isEmpty, "\(got.stderr)")
  }

  /// On a terminal, stderr gets a line rewritten with `\r` and erased at the end; stdout (a
  /// pipe here) gets only the rows. `--quiet` turns the line off.
  @Test func aProgressLineOnATerminalAndNoneWithQuiet() throws {
    let arguments = ["query", "--remote", Self.remote, "--format", "csv", Self.slowQuery]
    let shown = try Self.runWithTerminalStderr(Self.flint, arguments)
    #expect(shown.status == 0, "\(shown.terminal)")
    #expect(shown.stdout.hasPrefix("k,n\n0,"))
    #expect(!shown.stdout.contains("tasks"))
    #expect(shown.terminal.hasPrefix("\r"), "\(shown.terminal.debugDescription)")
    #expect(shown.terminal.contains(" tasks · "), "\(shown.terminal.debugDescription)")
    #expect(shown.terminal.contains("\u{1B}[K"))
    #expect(shown.terminal.hasSuffix("\r\u{1B}[K"), "\(shown.terminal.debugDescription)")
    #expect(!shown.terminal.contains("\n"), "one line, rewritten in place")
    let quiet = try Self.runWithTerminalStderr(
      Self.flint, ["query", "--quiet"] + arguments.dropFirst())
    #expect(quiet.status == 0, "\(quiet.terminal)")
    #expect(quiet.stdout == shown.stdout)
    #expect(quiet.terminal.isEmpty, "\(quiet.terminal.debugDescription)")
  }

  /// Runs a program with standard error on a new pseudo-terminal (120 columns) and standard
  /// output on a pipe; returns what each received.
  static func runWithTerminalStderr(_ executable: String, _ arguments: [String]) throws
    -> (status: Int32, stdout: String, terminal: String)
  {
    let primary = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    guard primary >= 0, PseudoTerminal.unlock(primary), let name = PseudoTerminal.name(primary)
    else { throw TerminalError(step: "open /dev/ptmx") }
    defer { close(primary) }
    var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(primary, UInt(TIOCSWINSZ), &size)
    let secondary = open(name, O_RDWR | O_NOCTTY)
    guard secondary >= 0 else { throw TerminalError(step: "open \(name)") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = FileHandle.nullDevice
    // Closed here once the child has it, so the handle must not close it again when it goes:
    // by then the number may belong to another descriptor (a later call's terminal), and
    // Process.run() failed on it with EBADF (a crash of the whole test process, seen in CI).
    process.standardError = FileHandle(fileDescriptor: secondary, closeOnDealloc: false)
    do {
      try process.run()
    } catch {
      close(secondary)
      throw error
    }
    close(secondary)
    // Read the terminal on another thread; it reports EIO once the child's side is closed.
    let terminal = TerminalBuffer()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = read(primary, &buffer, buffer.count)
        if count <= 0 { break }
        terminal.append(buffer[0..<count])
      }
    }
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    group.wait()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), terminal.text)
  }

  struct TerminalError: Error { var step: String }
}

/// Bytes read from a pseudo-terminal on one thread, taken on another after a group wait.
private final class TerminalBuffer: @unchecked Sendable {
  // Safe: every access holds the lock.
  private let lock = NSLock()
  private var bytes: [UInt8] = []
  func append(_ slice: ArraySlice<UInt8>) { lock.withLock { bytes.append(contentsOf: slice) } }
  var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}

/// glibc's pseudo-terminal calls, which Swift's Glibc module does not import (they need
/// `_XOPEN_SOURCE`), looked up at run time.
private enum PseudoTerminal {
  typealias Unlock = @convention(c) (Int32) -> Int32
  typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

  /// `grantpt` and `unlockpt`: the secondary side may be opened.
  static func unlock(_ primary: Int32) -> Bool {
    guard let grant = dlsym(nil, "grantpt"), let unlock = dlsym(nil, "unlockpt") else {
      return false
    }
    return unsafeBitCast(grant, to: Unlock.self)(primary) == 0
      && unsafeBitCast(unlock, to: Unlock.self)(primary) == 0
  }

  /// `ptsname`: the path of the secondary side.
  static func name(_ primary: Int32) -> String? {
    guard let symbol = dlsym(nil, "ptsname"),
      let name = unsafeBitCast(symbol, to: Name.self)(primary)
    else { return nil }
    return String(cString: name)
  }
}
