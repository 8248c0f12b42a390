import Foundation
import Synchronization

/// A throwaway CA, a server certificate it signed (for 127.0.0.1 and localhost unless told
/// otherwise), and nginx (optionally checking a bearer token) terminating TLS in front of a plaintext Spark Connect port: TLS tests without a real PKI.
///
/// nginx, not stunnel: grpc-swift's HTTP/2 transport insists on ALPN `h2`, which Debian's
/// stunnel 5.68 does not negotiate; nginx speaks HTTP/2 on the TLS side and forwards each
/// gRPC call with `grpc_pass`. nginx runs in the foreground as this process's child, as one
/// process (`master_process off`), so stopping it leaves nothing behind; an `OrphanGuard`
/// kills it if the test run dies first. Needs `openssl` and Debian's `nginx` (nginx 1.22:
/// `listen … ssl http2`; `http2 on` came in 1.25), which scripts/test installs.
public final class TLSProxy: Sendable {
  /// The CA, keys, certificates, nginx config, temp files and logs (a fresh temp dir).
  public let directory: String
  /// The CA certificate (PEM) clients must trust.
  public var caCertificatePath: String { directory + "/ca.pem" }
  /// The TLS port nginx listens on (127.0.0.1).
  public let port: Int
  private let targetPort: Int
  private let running = Mutex<Running?>(nil)

  /// The nginx process and the guard that kills it should this process die first.
  private struct Running: @unchecked Sendable {
    // Safe: the Process is only touched under the Mutex that holds this value.
    var process: Process
    var orphanGuard: OrphanGuard
  }

  /// The token nginx requires (`authorization: Bearer …`), answering HTTP 401 otherwise
  /// (which gRPC clients see as UNAUTHENTICATED); nil: no check.
  private let requiredToken: String?

  /// Generates the CA and the certificate and writes the nginx config; `start()` runs it.
  /// `names` are the certificate's subject alternative names (a different list makes a
  /// certificate for another host); `requiredToken` makes nginx check a bearer token.
  public init(
    port: Int, targetPort: Int, names: [String] = ["IP:127.0.0.1", "DNS:localhost"],
    requiredToken: String? = nil
  ) throws {
    self.port = port
    self.targetPort = targetPort
    self.requiredToken = requiredToken
    directory = NSTemporaryDirectory() + "flint-tls-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(
      atPath: directory + "/tmp", withIntermediateDirectories: true)
    let ext = directory + "/san.ext"
    try "subjectAltName=\(names.joined(separator: ","))\nbasicConstraints=CA:FALSE\n"
      .write(toFile: ext, atomically: true, encoding: .utf8)
    let commonName = names.first.map { $0.drop { $0 != ":" }.dropFirst() }.map(String.init) ?? "x"
    let steps: [[String]] = [
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-days", "2", "-subj", "/CN=Flint Test CA",
        "-keyout", directory + "/ca.key", "-out", directory + "/ca.pem",
      ],
      [
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
        "/CN=\(commonName)",
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
    try nginxConfig.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
  }

  deinit { remove() }

  /// One nginx process, logs and temp files in `directory`, HTTP/2 over TLS in, plaintext
  /// gRPC out; reads may wait an hour (a slow query sends nothing for a long time).
  private var nginxConfig: String {
    """
    daemon off;
    master_process off;
    worker_processes 1;
    pid \(directory)/nginx.pid;
    error_log \(directory)/error.log warn;
    events { worker_connections 256; }
    http {
      access_log off;
      client_body_temp_path \(directory)/tmp/body;
      proxy_temp_path \(directory)/tmp/proxy;
      fastcgi_temp_path \(directory)/tmp/fastcgi;
      uwsgi_temp_path \(directory)/tmp/uwsgi;
      scgi_temp_path \(directory)/tmp/scgi;
      server {
        listen 127.0.0.1:\(port) ssl http2;
        ssl_certificate \(directory)/server.pem;
        ssl_certificate_key \(directory)/server.key;
        client_max_body_size 0;
        location / {
          \(tokenCheck)
          grpc_pass grpc://127.0.0.1:\(targetPort);
          grpc_read_timeout 1h;
          grpc_send_timeout 1h;
        }
      }
    }

    """
  }

  /// The nginx lines that refuse a call without the required token (HTTP 401).
  private var tokenCheck: String {
    guard let requiredToken else { return "" }
    return "if ($http_authorization != \"Bearer \(requiredToken)\") { return 401; }"
  }

  /// The nginx binary, or nil when it is not installed.
  private static var nginx: String? {
    ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Starts nginx and waits (≤ 10 s) until its port accepts connections.
  public func start() throws {
    guard let nginx = Self.nginx else {
      throw SparkTestServer.ServerError(
        message: "nginx is not installed (apt-get install nginx; scripts/test does it)")
    }
    guard !LoopbackPort.accepts(port) else {
      throw SparkTestServer.ServerError(message: "port \(port) is already in use")
    }
    stop()
    try FileManager.default.createDirectory(
      atPath: directory + "/tmp", withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: nginx)
    // -e: the error log before the config is read (the default path may not be writable).
    process.arguments = [
      "-p", directory, "-c", directory + "/nginx.conf", "-e", directory + "/error.log",
    ]
    // Output to a file and no stdin: the child must not hold a pipe this process reads.
    let out = directory + "/nginx.out"
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    defer { try? handle.close() }
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let pid = process.processIdentifier
    let orphanGuard = try OrphanGuard(cleanup: "kill -9 \(pid)")
    running.withLock { $0 = Running(process: process, orphanGuard: orphanGuard) }
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      if !process.isRunning {
        let log = [out, directory + "/error.log"].compactMap {
          try? String(contentsOfFile: $0, encoding: .utf8)
        }.joined(separator: "\n")
        stop()
        throw SparkTestServer.ServerError(message: "nginx exited at start: \(log)")
      }
      if LoopbackPort.accepts(port) { return }
      Thread.sleep(forTimeInterval: 0.05)
    }
    stop()
    throw SparkTestServer.ServerError(message: "nginx did not listen on \(port) within 10 s")
  }

  /// nginx's error log (TLS handshake failures, upstream errors), for failure messages.
  public func errorLog() -> String {
    (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
  }

  /// Stops nginx (SIGTERM, then SIGKILL after 0.5 s) and waits until it has exited. The grace
  /// is short because nginx started from a test run was seen to sit out SIGTERM every time
  /// (probably a signal mask inherited from the test process), and it has nothing to flush:
  /// no access log, and the temp dir goes with the proxy. The temp dir stays until the
  /// proxy is released, so `errorLog()` still works after a stop.
  public func stop() {
    guard
      let current = running.withLock({ state -> Running? in
        defer { state = nil }
        return state
      })
    else { return }
    let process = current.process
    if process.isRunning {
      kill(process.processIdentifier, SIGTERM)
      let deadline = Date().addingTimeInterval(0.5)
      while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
    }
    current.orphanGuard.cancel()
  }

  /// Stops nginx and removes the temp dir (keys and logs).
  public func remove() {
    stop()
    try? FileManager.default.removeItem(atPath: directory)
  }
}
