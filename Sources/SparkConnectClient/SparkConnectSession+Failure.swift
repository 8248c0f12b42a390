import Foundation

extension SparkConnectSession {
  /// Rewrites a connection, timeout or authentication failure as one sentence that names
  /// the problem and the remedy, without gRPC's or the TLS library's internals (channel
  /// states, error enums, source paths). Server errors are left as the server phrased them.
  func explain(_ error: inout SparkError) {
    switch error.kind {
    case .connection, .timeout:
      error.message = Self.connectionFailureMessage(
        error.message, kind: error.kind, connection: connection,
        customCA: options.caCertificatePath != nil, connectTimeout: options.connectTimeout)
    case .authentication where connection.token == nil && !error.message.contains("no token"):
      error.message =
        "authentication failed: no token was sent, and the server requires one (set token=… in the connection string or SPARK_CONNECT_AUTHENTICATE_TOKEN)"
    default:
      break
    }
  }

  /// What a failed connection means, from the transport's text `raw`, as one line.
  static func connectionFailureMessage(
    _ raw: String, kind: SparkError.Kind, connection: ConnectionString, customCA: Bool,
    connectTimeout: Duration
  ) -> String {
    let hostPart = connection.host.contains(":") ? "[\(connection.host)]" : connection.host
    let target = "\(hostPart):\(connection.port)"
    if connection.usesTLS,
      let tls = SparkError.tlsFailureMessage(
        raw, target: target, customCA: customCA, implied: connection.useSSL == nil)
    {
      return tls
    }
    if kind == .timeout {
      return
        "could not reach Spark Connect at \(target) within \(connectTimeout) (is the server running? is the address right?)"
    }
    let lowered = raw.lowercased()
    let reason: String
    if lowered.contains("connection refused") {
      reason = "the connection was refused (is the server running? is the port right?)"
    } else if [
      "name or service not known", "nodename nor servname", "name resolution",
      "no address associated", "getaddrinfo", "could not resolve", "unknown host",
    ]
    .contains(where: lowered.contains) {
      reason = "the host name '\(connection.host)' was not found"
    } else if ["no route to host", "network is unreachable", "host is unreachable"].contains(
      where: lowered.contains)
    {
      reason = "there is no route to the host (is the address right?)"
    } else if !connection.usesTLS,
      ["http/2 connection preface", "protocol error", "goaway", "http status"].contains(
        where: lowered.contains)
    {
      reason =
        "the server does not speak plaintext gRPC (is it a TLS port? add use_ssl=true)"
    } else if lowered.contains("connection reset") || lowered.contains("broken pipe") {
      reason = "the connection was reset"
    } else if lowered.contains("timed out") || lowered.contains("deadline") {
      reason = "the server did not answer in time"
    } else {
      reason = "the connection failed or was closed"
    }
    return "cannot connect to Spark Connect at \(target): \(reason)"
  }
}
