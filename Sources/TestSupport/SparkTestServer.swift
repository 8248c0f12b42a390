import Foundation
import Synchronization

/// A Spark Connect server of a test's own (token auth, a server to kill), on its own port and
/// state dir, run through `scripts/spark-server`. Start one per suite: a start takes ~30 s.
/// From `start()` until `stop()` an `OrphanGuard` stops the server should the test process
/// die first, so an interrupted run leaves no JVM behind.
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

  private let orphanGuard = Mutex<OrphanGuard?>(nil)

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
    try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
    if orphanGuard.withLock({ $0 == nil }) {
      let stop = "exec \"$FLINT_GUARD_SCRIPT\" stop >/dev/null 2>&1"
      let newGuard = try OrphanGuard(
        cleanup: stop, environment: environment.merging(["FLINT_GUARD_SCRIPT": script]) { $1 })
      orphanGuard.withLock { $0 = newGuard }
    }
    let result = try runScript("start")
    guard result.status == 0 else {
      throw ServerError(message: "spark-server start failed: \(result.output.suffix(2000))")
    }
  }

  /// Stops the server started by `start()` (SIGTERM, SIGKILL after 10 s) and waits for it.
  public func stop() {
    _ = try? runScript("stop")
    orphanGuard.withLock { current in
      current?.cancel()
      current = nil
    }
  }

  /// Runs `spark-server <command>` with its output in a file. Through `DaemonLauncher`,
  /// not Foundation's Process: the server it daemonizes would inherit what Process watches,
  /// and waiting would last until the server exits.
  private func runScript(_ command: String) throws -> (status: Int32, output: String) {
    try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
    let log = "\(stateDir)/spark-server-\(command).log"
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let status = try DaemonLauncher.run(
      script, [command], environment: environment, outputPath: log)
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    return (status, output)
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

  /// Sends SIGKILL to the server's JVM (no graceful shutdown) and returns at once; false
  /// when no server runs. `waitUntilGone()` waits for the process to disappear.
  @discardableResult
  public func kill9() -> Bool {
    guard let pid = pid(), Self.isAlive(pid) else { return false }
    return kill(pid, SIGKILL) == 0
  }

  /// Waits (≤ `timeout`) until neither the JVM nor its port is left; true when both are gone.
  public func waitUntilGone(timeout: Duration = .seconds(10)) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let alive = pid().map(Self.isAlive) ?? false
      if !alive && !LoopbackPort.accepts(port) { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  /// Whether `pid` is a live process: a zombie (killed, not yet reaped) counts as gone.
  private static func isAlive(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return true }
    return !stat[close...].hasPrefix(") Z")
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
