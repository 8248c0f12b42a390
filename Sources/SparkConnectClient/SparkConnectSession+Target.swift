import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

extension SparkConnectSession {
  /// Where the transport connects: an IPv6 literal as such; an IPv4 literal as such when TLS
  /// is on, since a DNS target passes its host on as the TLS server name (SNI) and an IP
  /// address may not be one (NIOSSL refuses: `cannotUseIPAddressInSNI`); otherwise DNS.
  static func resolvableTarget(for connection: ConnectionString) -> any ResolvableTarget {
    if connection.host.contains(":") {
      return .ipv6(address: connection.host, port: connection.port)
    }
    if connection.usesTLS, isIPv4Literal(connection.host) {
      return .ipv4(address: connection.host, port: connection.port)
    }
    return .dns(host: connection.host, port: connection.port)
  }

  /// "a.b.c.d" with four decimal parts of 0–255.
  static func isIPv4Literal(_ host: String) -> Bool {
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4
      && parts.allSatisfy { part in
        !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII)
          && UInt8(part) != nil
      }
  }
}
