import Foundation
import GRPCCore
import GRPCProtobuf
import SparkConnectProto

extension SparkError {
  /// Builds a SparkError from a gRPC failure, reading Spark's ErrorInfo when present.
  /// The token is never part of any message built here.
  static func from(_ error: any Error) -> SparkError {
    if let spark = error as? SparkError { return spark }
    if error is CancellationError {
      return SparkError(kind: .cancelled, code: "cancelled", message: "cancelled")
    }
    guard let rpc = error as? RPCError else {
      return SparkError(
        kind: .protocolViolation, code: "unknown", message: String(describing: error))
    }
    var spark = SparkError(
      kind: .server, code: String(describing: rpc.code), message: rpc.message)
    var info: [String: String] = [:]
    if let status = try? rpc.unpackGoogleRPCStatus() {
      for detail in status.details {
        if let errorInfo = detail.errorInfo { info = errorInfo.metadata }
        if let retryInfo = detail.retryInfo {
          spark.isRetryable = true
          spark.retryDelay = retryInfo.delay
        }
      }
    }
    spark.errorClass = info["errorClass"]
    spark.sqlState = info["sqlState"]
    if let parameters = info["messageParameters"],
      let data = parameters.data(using: .utf8),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    {
      spark.messageParameters = object.mapValues { "\($0)" }
    }
    if spark.errorClass == nil { spark.errorClass = Self.errorClass(inMessage: rpc.message) }
    switch rpc.code {
    case .unavailable:
      spark.kind = .connection
      spark.isRetryable = true
      spark.message = Self.connectionMessage(rpc)
    case .unauthenticated, .permissionDenied:
      spark.kind = .authentication
      spark.message = Self.authenticationMessage(rpc)
    case .deadlineExceeded:
      spark.kind = .timeout
    case .cancelled:
      spark.kind = .cancelled
    case .resourceExhausted where spark.errorClass == nil:
      spark.kind = .protocolViolation
    default:
      break
    }
    if let errorClass = spark.errorClass {
      if errorClass.hasPrefix("INVALID_HANDLE.SESSION_CHANGED")
        || errorClass.hasPrefix("INVALID_HANDLE.SESSION_CLOSED")
      {
        spark.kind = .sessionChanged
        spark.message = Self.sessionGoneMessage(serverSaid: rpc.message)
      } else if errorClass == "OPERATION_CANCELED" {
        spark.kind = .cancelled
      } else if errorClass.hasPrefix("INVALID_CURSOR.DISCONNECTED") {
        spark.isRetryable = true
      }
    }
    if rpc.message.contains("INVALID_CURSOR.DISCONNECTED") { spark.isRetryable = true }
    return spark
  }

  /// The error id Spark attaches for FetchErrorDetails, if any.
  static func errorID(of error: any Error) -> String? {
    guard let rpc = error as? RPCError, let status = try? rpc.unpackGoogleRPCStatus() else {
      return nil
    }
    return status.details.lazy.compactMap { $0.errorInfo?.metadata["errorId"] }.first
  }

  /// Fills in the full message and query contexts from a FetchErrorDetails response.
  mutating func merge(_ details: Spark_Connect_FetchErrorDetailsResponse) {
    guard details.hasRootErrorIdx, Int(details.rootErrorIdx) < details.errors.count else { return }
    let root = details.errors[Int(details.rootErrorIdx)]
    // The full text replaces the truncated one, but a lost session keeps saying what to do.
    if !root.message.isEmpty {
      message =
        kind == .sessionChanged ? Self.sessionGoneMessage(serverSaid: root.message) : root.message
    }
    guard root.hasSparkThrowable else { return }
    let throwable = root.sparkThrowable
    if throwable.hasErrorClass { errorClass = throwable.errorClass }
    if throwable.hasSqlState { sqlState = throwable.sqlState }
    if !throwable.messageParameters.isEmpty { messageParameters = throwable.messageParameters }
    queryContexts = throwable.queryContexts.compactMap { context in
      guard context.contextType == .sql else { return nil }
      return QueryContext(
        startIndex: Int(context.startIndex), stopIndex: Int(context.stopIndex),
        fragment: context.fragment, line: 0, column: 0, summary: context.summary)
    }
  }

  /// `[CLASS] ...` at the start of a message.
  private static func errorClass(inMessage message: String) -> String? {
    let text = message.drop { $0 != "[" }
    guard text.hasPrefix("["), let close = text.firstIndex(of: "]") else { return nil }
    let candidate = text[text.index(after: text.startIndex)..<close]
    guard !candidate.isEmpty,
      candidate.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" || $0 == "." })
    else { return nil }
    return String(candidate)
  }

  /// The server lost this session (a restart, or ReleaseSession): what that means and what
  /// to do, then Spark's own text.
  private static func sessionGoneMessage(serverSaid text: String) -> String {
    "the Spark Connect server no longer has this session (the server restarted or the session was closed); start a new session — temporary views and session settings are gone. Server said: \(text)"
  }

  /// What a failed TLS connection means, from the transport's error text, as one sentence
  /// without the transport's or the TLS library's internals: a certificate the client does
  /// not trust, one issued for another host name, or a peer that is not a TLS server (a
  /// plaintext port). Nil when the text is not about TLS. `implied`: TLS is on because a
  /// token goes to another machine, not because the string says `use_ssl=true`.
  static func tlsFailureMessage(
    _ text: String, target: String, customCA: Bool, implied: Bool = false
  ) -> String? {
    let lowered = text.lowercased()
    let prefix = "TLS handshake with Spark Connect at \(target) failed"
    let untrusted = [
      "certificate_verify_failed", "certificate verify failed", "unknown ca", "self signed",
      "self-signed", "unable to get local issuer", "unknown_ca",
    ]
    let wrongName = [
      "hostname", "host name", "failedtovalidatehostname", "subject alternative name",
    ]
    if wrongName.contains(where: lowered.contains) {
      return
        "\(prefix): the server's certificate does not match the host name (it was issued for another name; connect by a name it lists)"
    }
    if untrusted.contains(where: lowered.contains) {
      let remedy =
        customCA
        ? "check --ca-cert is the CA that signed it" : "pass the CA that signed it with --ca-cert"
      return "\(prefix): the server's certificate is not trusted (\(remedy))"
    }
    let notTLS = [
      "wrong_version_number", "wrong version number", "http/2 connection preface",
      "unexpected eof", "eof during handshake", "packet_length_too_long", "http_request",
    ]
    if notTLS.contains(where: lowered.contains) {
      let why =
        implied
        ? "TLS is on because a token goes to another machine; use_ssl=false sends it in cleartext"
        : "use_ssl=true needs a TLS port"
      return "\(prefix): \(target) is not a TLS server, or does not speak HTTP/2 over TLS (\(why))"
    }
    if lowered.contains("certificate") {
      return "\(prefix): the server's certificate is not valid"
    }
    if ["ssl", "tls", "handshake", "alpn"].contains(where: lowered.contains) {
      return "\(prefix) (is it a TLS server that speaks HTTP/2?)"
    }
    return nil
  }

  /// What went wrong with the token, and where to fix it. Spark's pre-shared-key check says
  /// "No authentication token provided" or "Invalid authentication token"; neither the
  /// server's text nor this one contains the token.
  private static func authenticationMessage(_ rpc: RPCError) -> String {
    let remedy = "set token=… in the connection string or SPARK_CONNECT_AUTHENTICATE_TOKEN"
    let lowered = rpc.message.lowercased()
    if lowered.contains("no authentication token") {
      return
        "authentication failed: no token was sent, and the server requires one (\(remedy)). Server said: \(rpc.message)"
    }
    if lowered.contains("invalid authentication token") {
      return
        "authentication failed: the server rejected the token (check it: \(remedy)). Server said: \(rpc.message)"
    }
    // A proxy's refusal (HTTP 401 or 403) arrives as gRPC's text about the status code.
    if rpc.message.isEmpty || lowered.contains("http") || lowered.contains("status code") {
      return
        "authentication failed: the server rejected the credentials sent (check the token: \(remedy))"
    }
    return "authentication failed (check the token: \(remedy)). Server said: \(rpc.message)"
  }

  private static func connectionMessage(_ rpc: RPCError) -> String {
    var text = rpc.message
    if let cause = rpc.cause { text += " (\(cause))" }
    return text
  }
}
