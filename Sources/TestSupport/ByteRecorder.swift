import Foundation
import Synchronization

/// A TCP listener inside a `NetworkNamespace` that records the first bytes a client sends on
/// each connection and then closes it: what a client would have put on the wire to another
/// machine (a TLS ClientHello, or HTTP/2's cleartext preface and headers).
///
/// Runs a few lines of Python (`TestEnvironment.python`) with `ip netns exec`, one file of
/// bytes per connection in a temp dir; an `OrphanGuard` kills it should this process die.
public final class ByteRecorder: Sendable {
  /// The address and port the listener accepts on (in the namespace).
  public let address: String
  public let port: Int
  private let directory: String
  private let running: Mutex<Running?>

  private struct Running: @unchecked Sendable {
    // Safe: the Process is only touched under the Mutex that holds this value.
    var process: Process
    var orphanGuard: OrphanGuard
  }

  /// Each connection's bytes are read for up to `readSeconds` or until `limit` bytes came.
  private static let script = """
    import os, socket, sys
    address, port, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((address, port))
    server.listen(16)
    open(os.path.join(directory, "ready"), "w").close()
    count = 0
    while True:
        connection, _ = server.accept()
        connection.settimeout(1.5)
        data = b""
        try:
            while len(data) < 65536:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
        connection.close()
        count += 1
        path = os.path.join(directory, "connection-%04d" % count)
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.rename(path + ".tmp", path)
    """

  /// Starts the listener in `namespace` on its address and `port`, and waits (≤ 10 s) until
  /// it accepts.
  public init(in namespace: NetworkNamespace, port: Int) throws {
    address = namespace.address
    self.port = port
    directory = NSTemporaryDirectory() + "flint-bytes-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = namespace.command([
      TestEnvironment.python, "-c", Self.script, address, String(port), directory,
    ])
    process.standardInput = FileHandle.nullDevice
    let log = directory + "/listener.log"
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    defer { try? handle.close() }
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    let orphanGuard = try OrphanGuard(cleanup: "kill -9 \(process.processIdentifier)")
    running = Mutex(Running(process: process, orphanGuard: orphanGuard))
    let deadline = Date().addingTimeInterval(10)
    while !FileManager.default.fileExists(atPath: directory + "/ready") {
      guard process.isRunning, Date() < deadline else {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        stop()
        throw SparkTestServer.ServerError(
          message: "the listener in namespace \(namespace.name) did not start: \(text)")
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
  }

  deinit { stop() }

  /// The bytes of every connection closed so far, in the order they came.
  public func connections() -> [Data] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasPrefix("connection-") && !$0.hasSuffix(".tmp") }.sorted()
      .compactMap { FileManager.default.contents(atPath: directory + "/" + $0) }
  }

  /// Waits (≤ `timeout`) until at least one connection has been recorded.
  public func waitForConnection(timeout: TimeInterval = 10) -> [Data] {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let recorded = connections()
      if !recorded.isEmpty { return recorded }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return connections()
  }

  /// Forgets the connections recorded so far.
  public func clear() {
    for data in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    where data.hasPrefix("connection-") {
      try? FileManager.default.removeItem(atPath: directory + "/" + data)
    }
  }

  /// Stops the listener and removes its files.
  public func stop() {
    guard
      let current = running.withLock({ state -> Running? in
        defer { state = nil }
        return state
      })
    else { return }
    // SIGKILL, then at most 2 s for the exit: never an unbounded `waitUntilExit`, which can
    // miss a child's exit (see `TestEnvironment.runBounded`).
    kill(current.process.processIdentifier, SIGKILL)
    let deadline = Date().addingTimeInterval(2)
    while current.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    current.orphanGuard.cancel()
    try? FileManager.default.removeItem(atPath: directory)
  }
}
