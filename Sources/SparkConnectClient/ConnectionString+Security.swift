import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension ConnectionString {
  /// Whether the connection uses TLS: as `use_ssl` says when the string gives it; without
  /// it, exactly when a token goes to a host that is not loopback. A bearer token is as good
  /// as a password, so it goes in cleartext only to this machine (local development) or
  /// when `use_ssl=false` asks for it.
  public var usesTLS: Bool {
    useSSL ?? (token != nil && !isLoopback)
  }

  /// Whether a token goes in cleartext to another machine: only with an explicit
  /// `use_ssl=false`, and then `cleartextTokenWarning` says so.
  public var sendsTokenInCleartext: Bool {
    token != nil && !usesTLS && !isLoopback
  }

  /// The warning to print before connecting when `sendsTokenInCleartext`, naming the risk;
  /// nil otherwise. Never contains the token.
  public var cleartextTokenWarning: String? {
    guard sendsTokenInCleartext else { return nil }
    let hostPart = host.contains(":") ? "[\(host)]" : host
    return
      "warning: use_ssl=false sends the token in cleartext to \(hostPart):\(port); anyone on the network path can read it and use it as you. Drop use_ssl=false to use TLS."
  }

  /// Whether `host` is this machine's loopback interface: `localhost`, an IPv4 address in
  /// 127.0.0.0/8, or `::1` (also as an IPv4-mapped 127.x address). Names are not resolved:
  /// a name that happens to resolve to loopback counts as another machine.
  public var isLoopback: Bool {
    Self.isLoopback(host: host)
  }

  static func isLoopback(host: String) -> Bool {
    let lowered = host.lowercased()
    if lowered == "localhost" || lowered == "localhost." { return true }
    if SparkConnectSession.isIPv4Literal(host) {
      return host.split(separator: ".").first.flatMap { UInt8($0) } == 127
    }
    guard host.contains(":") else { return false }
    var address = in6_addr()
    guard inet_pton(AF_INET6, host, &address) == 1 else { return false }
    let bytes = withUnsafeBytes(of: &address) { Array($0) }
    if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
    let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
    return Array(bytes[0..<12]) == mappedPrefix && bytes[12] == 127
  }
}
