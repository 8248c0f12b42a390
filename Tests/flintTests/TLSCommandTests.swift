import Foundation
import TestSupport
import Testing

/// The `flint` binary (`query` and the explorer) over TLS: nginx with a throwaway CA and a
/// bearer-token check in front of the shared server, the token from each of its three
/// sources, each kind of failure as one clear line, and the token nowhere in what a run
/// leaves behind.
@Suite(.serialized, .timeLimit(.minutes(4))) struct TLSCommandTests {
  static var flint: String {
    if let path = ProcessInfo.processInfo.environment["FLINT_BIN"] { return path }
    return TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/flint").path
  }

  /// Two ports in 15300–15399 no other test run holds: the token-checking proxy, and one
  /// whose certificate names another host.
  static let reservedPorts: Result<Int, any Error> = Result {
    try PortReservation.reserve(count: 2, in: 15300...15399)
  }

  static func serverPort() throws -> Int {
    let text = TestEnvironment.remote.split(separator: ":").last.map(String.init) ?? ""
    return try #require(Int(text), "no port in FLINT_TEST_REMOTE \(TestEnvironment.remote)")
  }

  /// A token nobody else uses, so finding it anywhere is a leak.
  static func newToken() -> String { "flint-tls-token-\(UUID().uuidString.prefix(13))" }

  /// A run's own config, state, cache, home and temp dirs, with a named connection `tls`
  /// (token from `$FLINT_TLS_TOKEN`), and the environment that points there.
  struct Sandbox {
    let root: String
    let environment: [String: String]

    init(port: Int) throws {
      root = NSTemporaryDirectory() + "flint-tls-cli-\(UUID().uuidString.prefix(8))"
      for sub in ["config/flint", "state", "cache", "home", "tmp", "out"] {
        try FileManager.default.createDirectory(
          atPath: root + "/" + sub, withIntermediateDirectories: true)
      }
      try """
      [connections.tls]
      url = "sc://127.0.0.1:\(port)/;use_ssl=true"
      token_env = "FLINT_TLS_TOKEN"

      """.write(toFile: root + "/config/flint/config.toml", atomically: true, encoding: .utf8)
      environment = [
        "XDG_CONFIG_HOME": root + "/config", "XDG_STATE_HOME": root + "/state",
        "XDG_CACHE_HOME": root + "/cache", "HOME": root + "/home", "TMPDIR": root + "/tmp",
        "SPARK_REMOTE": "", "SPARK_CONNECT_AUTHENTICATE_TOKEN": "", "FLINT_TLS_TOKEN": "",
      ]
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
  }

  /// Runs `flint` with the sandbox's environment plus `extra`; never longer than 60 s.
  static func flint(
    _ arguments: [String], _ sandbox: Sandbox, _ extra: [String: String] = [:],
    scan: inout SecretScan
  ) throws -> (status: Int32, stdout: String, stderr: String) {
    let result = try TestEnvironment.runBounded(
      flint, arguments, environment: sandbox.environment.merging(extra) { $1 }, timeout: 60)
    let label = arguments.prefix(3).joined(separator: " ")
    scan.add("stdout of flint \(label)", result.stdout)
    scan.add("stderr of flint \(label)", result.stderr)
    return result
  }

  /// Fails the test for every place the token turned up, and says what was scanned.
  static func expectNoLeak(_ scan: SecretScan, _ sandbox: Sandbox, extra: [String] = []) {
    let result = scan.run(directories: [sandbox.root] + extra)
    #expect(result.leaks.isEmpty, "the token leaked into: \(result.leaks)")
    #expect(result.files > 0, "nothing was scanned under \(sandbox.root)")
    print(
      "FLINT-FIGURES token leak scan: \(scan.texts.count) outputs/screens and \(result.files) files (\(result.bytes) bytes) under \(sandbox.root) \(extra): \(result.leaks.count) leaks"
    )
  }

  enum Source: String, CaseIterable, Sendable {
    case connectionString, environment, namedConnection
  }

  @Test(arguments: Source.allCases)
  func queryOverTLSWithTheTokenFrom(_ source: Source) throws {
    let port = try Self.reservedPorts.get()
    let token = Self.newToken()
    let proxy = try TLSProxy(port: port, targetPort: Self.serverPort(), requiredToken: token)
    try proxy.start()
    defer { proxy.remove() }
    let sandbox = try Sandbox(port: port)
    defer { sandbox.remove() }
    var scan = SecretScan(secret: token)

    let url = "sc://127.0.0.1:\(port)/;use_ssl=true"
    let (target, environment): ([String], [String: String]) =
      switch source {
      case .connectionString: (["--remote", url + ";token=\(token)"], [:])
      case .environment: (["--remote", url], ["SPARK_CONNECT_AUTHENTICATE_TOKEN": token])
      case .namedConnection: (["-c", "tls"], ["FLINT_TLS_TOKEN": token])
      }
    let common = target + ["--ca-cert", proxy.caCertificatePath, "--connect-timeout", "20"]
    let shown = try Self.flint(
      ["query"] + common + ["SELECT 41 + 1 AS answer, 'tls' AS how"], sandbox, environment,
      scan: &scan)
    #expect(shown.status == 0, "\(shown.stderr) nginx: \(proxy.errorLog())")
    #expect(shown.stdout.contains("|42    |tls|"), "\(shown.stdout)")

    let csv = sandbox.root + "/out/rows.csv"
    let exported = try Self.flint(
      ["query"] + common
        + ["--verbose", "-o", csv, "SELECT id, id * 2 AS twice FROM range(1000)"], sandbox,
      environment, scan: &scan)
    #expect(exported.status == 0, "\(exported.stderr)")
    // The --verbose trace is scanned for the token too.
    #expect(exported.stderr.contains("reattach"), "\(exported.stderr)")
    let lines = (try? String(contentsOfFile: csv, encoding: .utf8))?.split(separator: "\n")
    #expect(lines?.count == 1001)

    // Every command that talks to Spark takes the same options: the catalog too.
    let catalog = try Self.flint(
      ["catalog"] + common + ["--json"], sandbox, environment, scan: &scan)
    #expect(catalog.status == 0, "\(catalog.stderr)")
    #expect(catalog.stdout.contains("spark_catalog"), "\(catalog.stdout.prefix(300))")

    // Without the token, the same route is refused as an authentication failure.
    let without = try Self.flint(
      ["query", "--remote", url, "--ca-cert", proxy.caCertificatePath, "SELECT 1"], sandbox,
      scan: &scan)
    #expect(without.status == 3)  // cannot connect or authenticate
    #expect(without.stderr.contains("authentication failed"), "\(without.stderr)")
    Self.expectNoLeak(scan, sandbox)
  }

  /// `flint query -o` through a fault proxy in front of the token-checking TLS proxy: after a
  /// cut half-way through the result, the file holds every row exactly once.
  @Test func aCutOverTLSResumesExactlyOnceInTheBinary() throws {
    let port = try Self.reservedPorts.get()
    let token = Self.newToken()
    let tls = try TLSProxy(port: port, targetPort: Self.serverPort(), requiredToken: token)
    try tls.start()
    defer { tls.remove() }
    let faults = try FaultProxy(targetPort: port)
    defer { faults.stop() }
    let sandbox = try Sandbox(port: port)
    defer { sandbox.remove() }
    var scan = SecretScan(secret: token)
    let rows = 1_000_000
    let arguments = [
      "query", "--remote", "sc://127.0.0.1:\(faults.port)/;use_ssl=true", "--ca-cert",
      tls.caCertificatePath, "-o", sandbox.root + "/out/cut.csv", "--force",
      "SELECT id, id * 2 AS twice FROM range(\(rows))",
    ]
    let environment = ["SPARK_CONNECT_AUTHENTICATE_TOKEN": token]
    let uncut = try Self.flint(arguments, sandbox, environment, scan: &scan)
    #expect(uncut.status == 0, "\(uncut.stderr)")
    let streamBytes = faults.bytesForwarded
    let connectionsBefore = faults.connections
    faults.inject(.cut(afterBytes: streamBytes / 2))
    let cut = try Self.flint(arguments, sandbox, environment, scan: &scan)
    #expect(cut.status == 0, "\(cut.stderr)")
    #expect(faults.faultsTriggered == 1, "the cut at \(streamBytes / 2) bytes did not fire")
    // The binary does not report its resumes (TLSFaultTests counts them in the library:
    // exactly one per cut); here the cut run must have connected again, and the file below
    // must hold every row exactly once. The transport opens two TCP connections after a
    // cut, in plaintext too, for the one resume.
    #expect(
      faults.connections - connectionsBefore > connectionsBefore,
      "\(connectionsBefore) connection(s) uncut, \(faults.connections - connectionsBefore) cut")

    let text = try String(contentsOfFile: sandbox.root + "/out/cut.csv", encoding: .utf8)
    var seen = Set<Int>()
    var wrong = 0
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      guard fields.count == 2, let id = Int(fields[0]), Int(fields[1]) == id * 2,
        seen.insert(id).inserted
      else {
        wrong += 1
        continue
      }
    }
    #expect(seen.count == rows && wrong == 0, "\(seen.count) distinct rows, \(wrong) wrong")
    print(
      "FLINT-FIGURES binary over TLS cut at \(streamBytes / 2) of \(streamBytes) bytes: \(seen.count) rows, \(faults.connections - connectionsBefore) connections (uncut: \(connectionsBefore))"
    )
    Self.expectNoLeak(scan, sandbox)
  }

  enum Failure: String, CaseIterable, Sendable {
    case wrongToken, untrustedCertificate, wrongHostName, tlsToAPlaintextPort
  }

  @Test(arguments: Failure.allCases)
  func aFailureIsOneClearLine(_ failure: Failure) throws {
    let port = try Self.reservedPorts.get()
    let token = Self.newToken()
    let proxy = try TLSProxy(port: port, targetPort: Self.serverPort(), requiredToken: token)
    try proxy.start()
    defer { proxy.remove() }
    let otherHost = try TLSProxy(
      port: port + 1, targetPort: Self.serverPort(), names: ["DNS:spark.invalid"])
    try otherHost.start()
    defer { otherHost.remove() }
    let sandbox = try Sandbox(port: port)
    defer { sandbox.remove() }
    var scan = SecretScan(secret: token)

    let (arguments, expected): ([String], String) =
      switch failure {
      case .wrongToken:
        (
          [
            "--remote", "sc://127.0.0.1:\(port)/;use_ssl=true;token=\(token)-wrong",
            "--ca-cert", proxy.caCertificatePath,
          ], "authentication failed"
        )
      case .untrustedCertificate:
        (["--remote", "sc://127.0.0.1:\(port)/;use_ssl=true;token=\(token)"], "not trusted")
      case .wrongHostName:
        (
          [
            "--remote", "sc://127.0.0.1:\(port + 1)/;use_ssl=true;token=\(token)",
            "--ca-cert", otherHost.caCertificatePath,
          ], "does not match the host name"
        )
      case .tlsToAPlaintextPort:
        (
          [
            "--remote", "sc://127.0.0.1:\(try Self.serverPort())/;use_ssl=true;token=\(token)",
            "--ca-cert", proxy.caCertificatePath,
          ], "is not a TLS server"
        )
      }
    let started = Date()
    let got = try Self.flint(
      ["query", "--connect-timeout", "20"] + arguments + ["SELECT 1"], sandbox, scan: &scan)
    #expect(got.status == 3, "\(got.stderr)")  // cannot connect or authenticate
    #expect(got.stdout.isEmpty)
    #expect(got.stderr.hasPrefix("flint: "), "\(got.stderr)")
    #expect(got.stderr.contains(expected), "\(got.stderr)")
    #expect(got.stderr.split(separator: "\n").count == 1, "\(got.stderr)")
    #expect(TransportInternals.found(in: got.stderr).isEmpty, "\(got.stderr)")
    print(
      "FLINT-FIGURES \(failure) after \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \(got.stderr)"
    )
    Self.expectNoLeak(scan, sandbox)
  }

  /// Starts the explorer in tmux with the sandbox's environment; EXIT=<status> when it ends.
  static func explorer(_ arguments: [String], _ sandbox: Sandbox, _ extra: [String: String])
    throws -> TmuxSession
  {
    let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
    var environment = sandbox.environment.merging(extra) { $1 }
    environment["TERM"] = "xterm-256color"
    environment["LANG"] = "C.UTF-8"
    return try TmuxSession(
      command: "'\(flint)' \(quoted); echo EXIT=$?; sleep 60", width: 160, height: 30,
      environment: environment, socketPrefix: "flint-tls-test")
  }

  @Test func theExplorerConnectsOverTLSWithANamedConnectionAndKeepsNoToken() throws {
    let port = try Self.reservedPorts.get()
    let token = Self.newToken()
    let proxy = try TLSProxy(port: port, targetPort: Self.serverPort(), requiredToken: token)
    try proxy.start()
    defer { proxy.remove() }
    let sandbox = try Sandbox(port: port)
    defer { sandbox.remove() }
    var scan = SecretScan(secret: token)

    let tmux = try Self.explorer(
      ["-c", "tls", "--ca-cert", proxy.caCertificatePath], sandbox, ["FLINT_TLS_TOKEN": token])
    scan.add("screen when connected", try tmux.waitFor(text: "● Spark", timeout: 30))
    try tmux.type("SELECT 'over-tls' AS probe, 6 * 7 AS answer")
    try tmux.sendKeys("F5")
    scan.add("screen with the result", try tmux.waitFor(text: "1 row", timeout: 60))
    #expect(try tmux.screen().contains("over-tls"))
    // A hang-up keeps the editor's text in draft.sql: that file is scanned too.
    try tmux.type(" -- still editing")
    let draft = sandbox.root + "/state/flint/draft.sql"
    try tmux.run(["kill-session", "-t", tmux.name])
    let deadline = Date().addingTimeInterval(10)
    while !FileManager.default.fileExists(atPath: draft) && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.05)
    }
    #expect(FileManager.default.fileExists(atPath: draft), "no draft.sql after SIGHUP")
    #expect(FileManager.default.fileExists(atPath: sandbox.root + "/state/flint/history"))
    Self.expectNoLeak(scan, sandbox)
  }

  @Test(arguments: [Failure.untrustedCertificate, .wrongToken])
  func theExplorerShowsABannerNotACrash(_ failure: Failure) throws {
    let port = try Self.reservedPorts.get()
    let token = Self.newToken()
    let proxy = try TLSProxy(port: port, targetPort: Self.serverPort(), requiredToken: token)
    try proxy.start()
    defer { proxy.remove() }
    let sandbox = try Sandbox(port: port)
    defer { sandbox.remove() }
    var scan = SecretScan(secret: token)

    let url = "sc://127.0.0.1:\(port)/;use_ssl=true"
    let (arguments, extra, expected): ([String], [String: String], String) =
      switch failure {
      case .untrustedCertificate:
        ([url], ["SPARK_CONNECT_AUTHENTICATE_TOKEN": token], "certificate is not trusted")
      default:
        (
          ["--remote", url + ";token=\(token)x", "--ca-cert", proxy.caCertificatePath], [:],
          "authentication failed"
        )
      }
    let tmux = try Self.explorer(arguments, sandbox, extra)
    let screen = try tmux.waitFor(text: expected, timeout: 30)
    scan.add("screen with the banner", screen)
    let banner = screen.split(separator: "\n").first { $0.contains(expected) } ?? ""
    #expect(banner.contains("✕ cannot connect: "), "\(banner)")
    #expect(TransportInternals.found(in: String(banner)).isEmpty, "\(banner)")
    // The explorer stays usable: the editor takes text, and quitting ends it normally.
    try tmux.type("SELECT 1")
    _ = try tmux.waitFor(text: "SELECT 1", timeout: 10)
    try tmux.sendKeys("C-q")
    scan.add("screen after quitting", try tmux.waitFor(text: "EXIT=0", timeout: 15))
    Self.expectNoLeak(scan, sandbox)
  }
}
