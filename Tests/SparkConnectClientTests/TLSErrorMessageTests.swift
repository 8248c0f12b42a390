import TestSupport
import Testing

@testable import SparkConnectClient

/// How TLS failures are worded and where an IP literal connects; no server needed.
@Suite(.timeLimit(.minutes(1))) struct TLSErrorMessageTests {
  @Test(arguments: [
    ("handshakeFailed(...CERTIFICATE_VERIFY_FAILED at handshake.cc:320)", "not trusted"),
    ("NIOSSLExtraError.failedToValidateHostname: Couldn't find <host> in certificate", "host name"),
    (
      "The server accepted the TCP connection but closed the connection before completing the HTTP/2 connection preface. (handshakeFailed(WRONG_VERSION_NUMBER))",
      "is not a TLS server"
    ),
  ])
  func tlsFailuresAreNamed(text: String, expected: String) throws {
    let message = try #require(
      SparkError.tlsFailureMessage(text, target: "db:443", customCA: false))
    #expect(message.hasPrefix("TLS handshake with Spark Connect at db:443 failed"))
    #expect(message.contains(expected), "\(message)")
    #expect(TransportInternals.found(in: message).isEmpty, "\(message)")
  }

  @Test func theRemedyDependsOnWhetherACAWasGiven() throws {
    let text = "CERTIFICATE_VERIFY_FAILED"
    let without = try #require(SparkError.tlsFailureMessage(text, target: "h:1", customCA: false))
    let with = try #require(SparkError.tlsFailureMessage(text, target: "h:1", customCA: true))
    #expect(without.contains("pass the CA that signed it with --ca-cert"))
    #expect(with.contains("check --ca-cert is the CA that signed it"))
  }

  @Test func otherConnectionFailuresAreNotTLS() {
    #expect(
      SparkError.tlsFailureMessage(
        "connection reset (error set): Connection refused (errno: 111)", target: "h:1",
        customCA: false) == nil)
  }

  /// Texts the transport really produced (grpc-swift-nio-transport 2, swift-nio-ssl 2.37).
  static let refused =
    "Channel is in a transient failure state and 'wait for ready' isn't enabled. Could not establish a connection to [ipv4]127.0.0.1:1. (connection reset (error set): Connection refused) (errno: 111))"
  static let tlsToPlaintext =
    "Channel is in a transient failure state and 'wait for ready' isn't enabled. The server accepted the TCP connection but closed the connection before completing the HTTP/2 connection preface. (handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435703 error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER at /work/x/.build/checkouts/swift-nio-ssl/Sources/CNIOBoringSSL/ssl/tls_record.cc:127])))"
  static let closedBeforePreface =
    "Channel is in a transient failure state and 'wait for ready' isn't enabled. The server accepted the TCP connection but closed the connection before completing the HTTP/2 connection preface."

  @Test(arguments: [
    ("sc://127.0.0.1:1", refused, "127.0.0.1:1: the connection was refused"),
    ("sc://127.0.0.1:1/;use_ssl=true", tlsToPlaintext, "is not a TLS server"),
    ("sc://10.0.0.9/;token=T", tlsToPlaintext, "TLS is on because a token goes to another"),
    ("sc://127.0.0.1:1", closedBeforePreface, "does not speak plaintext gRPC"),
    ("sc://[::1]:1", "something new and strange", "[::1]:1: the connection failed"),
  ])
  func connectionFailuresAreOneLineWithoutInternals(url: String, raw: String, expected: String)
    throws
  {
    let message = SparkConnectSession.connectionFailureMessage(
      raw, kind: .connection, connection: try ConnectionString(parsing: url), customCA: false,
      connectTimeout: .seconds(10))
    #expect(message.contains(expected), "\(message)")
    #expect(!message.contains("\n"))
    #expect(TransportInternals.found(in: message).isEmpty, "\(message)")
  }

  @Test func aTimeoutSaysHowLongItWaited() throws {
    let message = SparkConnectSession.connectionFailureMessage(
      "deadline exceeded", kind: .timeout,
      connection: try ConnectionString(parsing: "sc://db:1"), customCA: false,
      connectTimeout: .seconds(3))
    #expect(message.hasPrefix("could not reach Spark Connect at db:1 within 3"), "\(message)")
  }

  @Test(arguments: [
    ("127.0.0.1", true), ("10.1.2.255", true), ("256.1.1.1", false), ("1.2.3", false),
    ("spark.example.com", false), ("1.2.3.4.5", false), ("01.2.3.4", true), ("a.b.c.d", false),
  ])
  func ipv4LiteralsAreRecognised(host: String, isLiteral: Bool) {
    #expect(SparkConnectSession.isIPv4Literal(host) == isLiteral)
  }
}
