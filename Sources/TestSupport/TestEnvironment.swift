import Foundation

/// Where tests find the real Spark Connect server and the project's tools.
///
/// `scripts/test` starts the server and exports `FLINT_TEST_REMOTE`; without it, tests use
/// the default local server address. Tests that need the server fail (not skip) when it is
/// not there, so a missing server can never pass for a green run.
public enum TestEnvironment {
  /// The Spark Connect URL of the test server.
  public static var remote: String {
    ProcessInfo.processInfo.environment["FLINT_TEST_REMOTE"] ?? "sc://127.0.0.1:15002"
  }

  /// A query that runs for hours unless cancelled, and that Spark can cancel at once.
  ///
  /// Spark's generated code for `range` checks for a killed task only between batches of up
  /// to 2^31 rows, so `range(0, 1e11, 1, 4)` keeps a core busy for minutes after a successful
  /// Interrupt. 20,000 partitions of 5M rows give the executor a kill check every ~0.2 s.
  public static let cancellableLongQuery =
    "SELECT count(*) FROM range(0, 100000000000, 1, 20000) WHERE hash(id) = 42"

  /// The repository root, found from this file's path.
  public static var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// The Python of the project's venv (pyspark, pyarrow), for independent checks.
  public static var python: String {
    if let python = ProcessInfo.processInfo.environment["FLINT_PYTHON"] { return python }
    let cache =
      ProcessInfo.processInfo.environment["XDG_CACHE_HOME"]
      ?? (NSHomeDirectory() + "/.cache")
    return cache + "/flint/venv-pyspark-4.3.0/bin/python"
  }

  /// Runs a program and returns its exit status, standard output and standard error.
  public static func run(
    _ executable: String, _ arguments: [String], input: String? = nil,
    environment: [String: String]? = nil
  ) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try? inPipe.fileHandleForWriting.close()
    // Read standard error on another thread so a full pipe never blocks the child.
    let errors = ErrorBuffer()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      errors.set(errPipe.fileHandleForReading.readDataToEndOfFile())
    }
    let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    let errData = errors.get()
    return (
      process.terminationStatus, String(decoding: outData, as: UTF8.self),
      String(decoding: errData, as: UTF8.self)
    )
  }
}

/// Bytes written by one thread and read by another after a DispatchGroup wait.
private final class ErrorBuffer: @unchecked Sendable {
  // Safe: set() happens-before get() through DispatchGroup.wait(); the lock makes it explicit.
  private let lock = NSLock()
  private var data = Data()
  func set(_ value: Data) { lock.withLock { data = value } }
  func get() -> Data { lock.withLock { data } }
}
