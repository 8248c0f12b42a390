import Foundation
import TestSupport
import Testing

/// "Never a token in cleartext to another machine", through the binary: `flint query` to a
/// host that is not loopback (a network namespace of the test's own, behind a veth pair),
/// where a listener records the first bytes of every connection.
@Suite(.serialized, .timeLimit(.minutes(2))) struct CleartextTokenTests {
  /// The TLS record header of a handshake (ClientHello): content type 22, version 3.x.
  static func isTLSHandshake(_ data: Data) -> Bool {
    data.count >= 3 && data[data.startIndex] == 0x16 && data[data.startIndex + 1] == 0x03
  }

  /// HTTP/2's cleartext connection preface: plaintext gRPC.
  static func isCleartextHTTP2(_ data: Data) -> Bool {
    data.starts(with: Data("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8))
  }

  enum Case: String, CaseIterable, Sendable {
    /// `token=` in the string, no `use_ssl`: TLS.
    case tokenInTheString
    /// The token from `SPARK_CONNECT_AUTHENTICATE_TOKEN` with `--remote`: TLS.
    case tokenFromTheEnvironment
    /// `use_ssl=false` asks for cleartext: allowed, with a warning naming the risk.
    case explicitCleartext
    /// No token at all: plaintext as before.
    case noToken
  }

  @Test(arguments: Case.allCases)
  func aTokenToAnotherMachineGoesOnlyOverTLS(_ testCase: Case) throws {
    let namespace = try NetworkNamespace()
    defer { namespace.remove() }
    let recorder = try ByteRecorder(in: namespace, port: 15002)
    defer { recorder.stop() }
    let token = "flint-netns-token-\(UUID().uuidString.prefix(13))"
    let host = "sc://\(namespace.address):15002"
    let (url, environment): (String, [String: String]) =
      switch testCase {
      case .tokenInTheString: ("\(host)/;token=\(token)", [:])
      case .tokenFromTheEnvironment: (host, ["SPARK_CONNECT_AUTHENTICATE_TOKEN": token])
      case .explicitCleartext: ("\(host)/;token=\(token);use_ssl=false", [:])
      case .noToken: (host, [:])
      }
    let state = NSTemporaryDirectory() + "flint-netns-\(UUID().uuidString.prefix(8))"
    defer { try? FileManager.default.removeItem(atPath: state) }
    var base = ["SPARK_REMOTE": "", "SPARK_CONNECT_AUTHENTICATE_TOKEN": ""]
    for key in ["XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOME", "TMPDIR"] {
      base[key] = state + "/" + key
      try FileManager.default.createDirectory(
        atPath: state + "/" + key, withIntermediateDirectories: true)
    }
    let got = try TestEnvironment.runBounded(
      TLSCommandTests.flint, ["query", "--remote", url, "--connect-timeout", "5", "SELECT 1"],
      environment: base.merging(environment) { $1 }, timeout: 60)
    let connections = recorder.waitForConnection()
    try #require(!connections.isEmpty, "flint never connected to \(namespace.address)")

    #expect(got.status == 3, "\(got.stderr)")  // cannot connect or authenticate
    #expect(got.stderr.split(separator: "\n").count == (testCase == .explicitCleartext ? 2 : 1))
    #expect(TransportInternals.found(in: got.stderr).isEmpty, "\(got.stderr)")
    var scan = SecretScan(secret: token)
    scan.add("stdout", got.stdout)
    scan.add("stderr", got.stderr)
    let result = scan.run(directories: [state])
    #expect(result.leaks.isEmpty, "the token leaked into \(result.leaks)")
    let firstBytes = connections.map { $0.prefix(8).map { String(format: "%02x", $0) }.joined() }
    switch testCase {
    case .tokenInTheString, .tokenFromTheEnvironment:
      #expect(connections.allSatisfy(Self.isTLSHandshake), "sent \(firstBytes)")
      #expect(connections.allSatisfy { $0.range(of: Data(token.utf8)) == nil })
      #expect(got.stderr.contains("TLS handshake"), "\(got.stderr)")
      #expect(got.stderr.contains("a token goes to another machine"), "\(got.stderr)")
      #expect(!got.stderr.contains("warning"))
    case .explicitCleartext:
      #expect(connections.allSatisfy(Self.isCleartextHTTP2), "sent \(firstBytes)")
      #expect(
        got.stderr.hasPrefix(
          "flint: warning: use_ssl=false sends the token in cleartext to \(namespace.address):15002"
        ), "\(got.stderr)")
    case .noToken:
      #expect(connections.allSatisfy(Self.isCleartextHTTP2), "sent \(firstBytes)")
      #expect(!got.stderr.contains("warning"))
    }
    print(
      "FLINT-FIGURES \(testCase) to \(namespace.address): \(connections.count) connection(s), first bytes \(firstBytes.first ?? ""); \(got.stderr.replacingOccurrences(of: "\n", with: " | "))"
    )
  }

  @Test func theExplorerShowsTheCleartextWarningInItsStatusBar() throws {
    let namespace = try NetworkNamespace()
    defer { namespace.remove() }
    let recorder = try ByteRecorder(in: namespace, port: 15002)
    defer { recorder.stop() }
    let token = "flint-netns-token-\(UUID().uuidString.prefix(13))"
    let state = NSTemporaryDirectory() + "flint-netns-ui-\(UUID().uuidString.prefix(8))"
    defer { try? FileManager.default.removeItem(atPath: state) }
    try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
    let url = "sc://\(namespace.address):15002/;token=\(token);use_ssl=false"
    let tmux = try TmuxSession(
      command: "'\(TLSCommandTests.flint)' '\(url)'; echo EXIT=$?; sleep 60", width: 220,
      height: 30,
      environment: [
        "XDG_STATE_HOME": state, "XDG_CONFIG_HOME": state, "HOME": state, "SPARK_REMOTE": "",
        "SPARK_CONNECT_AUTHENTICATE_TOKEN": "", "TERM": "xterm-256color", "LANG": "C.UTF-8",
      ], socketPrefix: "flint-netns-test")
    let screen = try tmux.waitFor(text: "sends the token in cleartext", timeout: 20)
    #expect(screen.contains("\(namespace.address):15002"), "\(screen)")
    #expect(!screen.contains(token))
    let recorded = recorder.waitForConnection()
    // Without the listener, connections are refused at once and quitting does not wait on
    // a connection attempt that the listener holds open.
    recorder.stop()
    try tmux.sendKeys("C-q")
    let after = try tmux.waitFor(text: "EXIT=0", timeout: 30)
    // The same warning stays on the terminal after the explorer ends.
    #expect(after.contains("flint: warning: use_ssl=false sends the token in cleartext"))
    #expect(!after.contains(token))
    #expect(!recorded.isEmpty && recorded.allSatisfy(Self.isCleartextHTTP2))
  }
}
