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

  @Test(arguments: [
    ("127.0.0.1", true), ("10.1.2.255", true), ("256.1.1.1", false), ("1.2.3", false),
    ("spark.example.com", false), ("1.2.3.4.5", false), ("01.2.3.4", true), ("a.b.c.d", false),
  ])
  func ipv4LiteralsAreRecognised(host: String, isLiteral: Bool) {
    #expect(SparkConnectSession.isIPv4Literal(host) == isLiteral)
  }
}
