import Foundation

/// A throwaway CA, a server certificate signed by it (for 127.0.0.1 and localhost), and a
/// TLS-terminating stunnel in front of a plaintext port: TLS tests without a real PKI.
/// Needs `openssl` and Debian's `stunnel4` (scripts/test installs it).
public final class TLSTerminator: Sendable {
  /// Where the CA, key, certificate and stunnel config live (a fresh temp dir).
  public let directory: String
  /// The CA certificate (PEM) clients must trust.
  public var caCertificatePath: String { directory + "/ca.pem" }
  /// The TLS port stunnel listens on (127.0.0.1).
  public let port: Int
  private let targetPort: Int

  /// Generates the CA and certificate; call `start()` to run stunnel.
  public init(port: Int, targetPort: Int) throws {
    self.port = port
    self.targetPort = targetPort
    directory = NSTemporaryDirectory() + "flint-tls-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let ext = directory + "/san.ext"
    try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
      .write(toFile: ext, atomically: true, encoding: .utf8)
    let steps: [[String]] = [
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Flint Test CA",
        "-keyout", directory + "/ca.key", "-out", directory + "/ca.pem",
      ],
      [
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", directory + "/server.key", "-out", directory + "/server.csr",
      ],
      [
        "x509", "-req", "-in", directory + "/server.csr", "-CA", directory + "/ca.pem",
        "-CAkey", directory + "/ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", ext, "-out", directory + "/server.pem",
      ],
    ]
    for step in steps {
      let result = try TestEnvironment.run("/usr/bin/openssl", step)
      guard result.status == 0 else {
        throw SparkTestServer.ServerError(message: "openssl \(step[0]) failed: \(result.stderr)")
      }
    }
    let config = """
      foreground = no
      pid = \(directory)/stunnel.pid
      output = \(directory)/stunnel.log
      [spark]
      accept = 127.0.0.1:\(port)
      connect = 127.0.0.1:\(targetPort)
      cert = \(directory)/server.pem
      key = \(directory)/server.key

      """
    try config.write(toFile: directory + "/stunnel.conf", atomically: true, encoding: .utf8)
  }

  /// Starts stunnel (it daemonizes) and waits until the port accepts connections.
  public func start() throws {
    let binary =
      ["/usr/bin/stunnel4", "/usr/bin/stunnel"].first { FileManager.default.fileExists(atPath: $0) }
    guard let binary else {
      throw SparkTestServer.ServerError(
        message: "stunnel is not installed (apt-get install stunnel4; scripts/test does it)")
    }
    // Output to a file: the daemon must not inherit a pipe this process reads to its end.
    let result = try TestEnvironment.run(
      "/bin/bash",
      [
        "-c", "exec \"$0\" \"$1\" >\"$2\" 2>&1 </dev/null", binary, directory + "/stunnel.conf",
        directory + "/stunnel.out",
      ])
    guard result.status == 0 else {
      let output = (try? String(contentsOfFile: directory + "/stunnel.out", encoding: .utf8)) ?? ""
      throw SparkTestServer.ServerError(message: "stunnel failed: \(output)")
    }
    for _ in 0..<50 {
      if pid() != nil { return }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw SparkTestServer.ServerError(message: "stunnel did not start")
  }

  private func pid() -> Int32? {
    guard let text = try? String(contentsOfFile: directory + "/stunnel.pid", encoding: .utf8)
    else { return nil }
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Stops stunnel and removes the temp dir.
  public func stop() {
    if let pid = pid() { kill(pid, SIGTERM) }
    try? FileManager.default.removeItem(atPath: directory)
  }
}
