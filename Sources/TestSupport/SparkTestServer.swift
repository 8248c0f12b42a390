import Foundation

/// A Spark Connect server of a test's own (token auth, a server to kill), on its own port and
/// state dir, run through `scripts/spark-server`. Start one per suite: a start takes ~30 s.
public final class SparkTestServer: Sendable {
  /// The gRPC port.
  public let port: Int
  /// Extra `--conf` pairs ("k=v").
  public let conf: [String]
  /// The state dir (pid files, logs, warehouse).
  public let stateDir: String

  /// A bearer token the server requires, passed in its environment
  /// (`SPARK_CONNECT_AUTHENTICATE_TOKEN`) so it never shows in its command line or log.
  public let token: String?

  public init(port: Int, conf: [String] = [], token: String? = nil, stateDir: String? = nil) {
    self.port = port
    self.conf = conf
    self.token = token
    self.stateDir = stateDir ?? NSTemporaryDirectory() + "flint-test-server-\(port)"
  }

  /// `sc://127.0.0.1:<port>`.
  public var url: String { "sc://127.0.0.1:\(port)" }

  private var environment: [String: String] {
    var environment = [
      "FLINT_SPARK_PORT": String(port), "FLINT_STATE_DIR": stateDir,
      "FLINT_SPARK_CONF": conf.joined(separator: " "), "FLINT_SPARK_START_TIMEOUT": "300",
      "FLINT_SPARK_DRIVER_MEMORY": "1g",
    ]
    if let token { environment["SPARK_CONNECT_AUTHENTICATE_TOKEN"] = token }
    return environment
  }

  private var script: String {
    TestEnvironment.repositoryRoot.appendingPathComponent("scripts/spark-server").path
  }

  /// Starts the server (idempotent) and waits until it answers a query.
  public func start() throws {
    let result = try runScript("start")
    guard result.status == 0 else {
      throw ServerError(message: "spark-server start failed: \(result.output.suffix(2000))")
    }
  }

  /// Stops the server started by `start()`.
  public func stop() {
    _ = try? runScript("stop")
  }

  /// Runs `spark-server <command>` with its output in a file: the server it daemonizes must
  /// not inherit a pipe, or reading the pipe to its end would wait for the server to exit.
  private func runScript(_ command: String) throws -> (status: Int32, output: String) {
    try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
    let log = "\(stateDir)/spark-server-\(command).log"
    FileManager.default.createFile(atPath: log, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: script)
    process.arguments = [command]
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try? handle.close()
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    return (process.terminationStatus, output)
  }

  /// The server's JVM pid, from the pid file spark-server keeps.
  public func pid() -> Int32? {
    let directory = "\(stateDir)/spark-\(port)/pid"
    guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return nil
    }
    for file in files where file.contains("SparkConnectServer") && file.hasSuffix(".pid") {
      if let text = try? String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8),
        let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
      {
        return pid
      }
    }
    return nil
  }

  /// Kills the server with SIGKILL (no graceful shutdown) and waits until it is gone.
  public func kill9() {
    guard let pid = pid() else { return }
    kill(pid, SIGKILL)
    for _ in 0..<100 {
      if kill(pid, 0) != 0 { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
  }

  /// The server's log text (for checking that a secret never appears in it).
  public func logText() -> String {
    let directory = "\(stateDir)/spark-\(port)/log"
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return files.compactMap { try? String(contentsOfFile: "\(directory)/\($0)", encoding: .utf8) }
      .joined(separator: "\n")
  }

  /// Why a server could not be started.
  public struct ServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }
}
