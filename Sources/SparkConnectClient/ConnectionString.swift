import Foundation

/// A parsed Spark Connect connection string: `sc://host[:port]/;key=value;key=value`.
///
/// Follows Spark's `client-connection-string.md`: the port defaults to 15002, an IPv6
/// host goes in brackets, `token`, `use_ssl`, `user_id`, `user_agent`, `session_id`
/// (a UUID) and `grpc_max_message_size` are understood, and any other key is sent as
/// gRPC metadata on every call. The token never appears in `description`, errors or logs.
///
/// A token never goes in cleartext to another machine unless asked: without `use_ssl`, a
/// token to a host that is not loopback turns TLS on (as Spark's Scala and Python clients
/// do); see `usesTLS` and `cleartextTokenWarning` in `ConnectionString+Security.swift`.
public struct ConnectionString: Sendable, Equatable, CustomStringConvertible {
  /// The default Spark Connect port.
  public static let defaultPort = 15002
  /// The default inbound message limit in bytes (Spark's own default, 128 MiB).
  public static let defaultMaxMessageSize = 128 * 1024 * 1024
  /// Where Flint connects when neither an argument nor `SPARK_REMOTE` says otherwise.
  public static let defaultURL = "sc://localhost:15002"

  public var host: String
  public var port: Int
  /// The bearer token, sent as `authorization: Bearer <token>`. Redacted in every description.
  public var token: String?
  /// What `use_ssl` said: true or false when the string gives it, nil when it does not
  /// (then `usesTLS` decides from the token and the host).
  public var useSSL: Bool?
  public var userID: String?
  public var userAgent: String?
  /// The client-chosen session id; a random UUID when the string names none.
  public var sessionID: UUID
  /// The inbound gRPC message limit in bytes.
  public var maxMessageSize: Int
  /// Every other `key=value`, sent verbatim as gRPC metadata, in the order given.
  public var headers: [(key: String, value: String)]

  public init(
    host: String, port: Int = ConnectionString.defaultPort, token: String? = nil,
    useSSL: Bool? = nil, userID: String? = nil, userAgent: String? = nil,
    sessionID: UUID = UUID(), maxMessageSize: Int = ConnectionString.defaultMaxMessageSize,
    headers: [(key: String, value: String)] = []
  ) {
    self.host = host
    self.port = port
    self.token = token
    self.useSSL = useSSL
    self.userID = userID
    self.userAgent = userAgent
    self.sessionID = sessionID
    self.maxMessageSize = maxMessageSize
    self.headers = headers
  }

  /// The connection string from `SPARK_REMOTE`, or `sc://localhost:15002` when it is unset,
  /// with the token from `SPARK_CONNECT_AUTHENTICATE_TOKEN` when the string has none.
  public static func fromEnvironment(
    _ environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConnectionStringError) -> ConnectionString {
    try resolve(nil, environment: environment)
  }

  /// `url` parsed, or else `SPARK_REMOTE`, or else `sc://localhost:15002`; without a token
  /// of its own it takes `SPARK_CONNECT_AUTHENTICATE_TOKEN`, wherever the URL came from.
  public static func resolve(
    _ url: String?, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConnectionStringError) -> ConnectionString {
    let remote =
      url ?? environment["SPARK_REMOTE"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultURL
    var parsed = try ConnectionString(parsing: remote)
    parsed.takeTokenIfMissing(from: environment)
    return parsed
  }

  /// Sets the token from `SPARK_CONNECT_AUTHENTICATE_TOKEN` when there is none yet.
  public mutating func takeTokenIfMissing(
    from environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    if token == nil, let token = environment["SPARK_CONNECT_AUTHENTICATE_TOKEN"], !token.isEmpty {
      self.token = token
    }
  }

  /// Parses `sc://host[:port]/;k=v;...`, naming the part that is wrong when it fails.
  public init(parsing text: String) throws(ConnectionStringError) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let schemeEnd = trimmed.range(of: "://") else {
      throw .missingScheme
    }
    let scheme = String(trimmed[..<schemeEnd.lowerBound])
    guard scheme == "sc" else { throw .wrongScheme(scheme) }
    let rest = trimmed[schemeEnd.upperBound...]

    // Authority ends at the first '/' or ';' (outside brackets).
    var authorityEnd = rest.endIndex
    var inBrackets = false
    for index in rest.indices {
      let character = rest[index]
      if character == "[" { inBrackets = true }
      if character == "]" { inBrackets = false }
      if !inBrackets && (character == "/" || character == ";") {
        authorityEnd = index
        break
      }
    }
    let authority = rest[..<authorityEnd]
    var tail = rest[authorityEnd...]

    let (host, port) = try Self.parseAuthority(authority)
    if tail.hasPrefix("/") {
      tail = tail.dropFirst()
      let pathEnd = tail.firstIndex(of: ";") ?? tail.endIndex
      let path = tail[..<pathEnd]
      guard path.isEmpty else { throw .nonEmptyPath(String(path)) }
      tail = tail[pathEnd...]
    }

    self.init(host: host, port: port)
    var seen = Set<String>()
    for rawPair in tail.split(separator: ";", omittingEmptySubsequences: true) {
      guard let equals = rawPair.firstIndex(of: "=") else {
        throw .parameterWithoutValue(Self.redactedKey(String(rawPair)))
      }
      let key = String(rawPair[..<equals])
      let rawValue = String(rawPair[rawPair.index(after: equals)...])
      guard !key.isEmpty else { throw .emptyParameterName }
      guard seen.insert(key).inserted else { throw .duplicateParameter(key) }
      let value = rawValue.removingPercentEncoding ?? rawValue
      try apply(key: key, value: value)
    }
  }

  private mutating func apply(key: String, value: String) throws(ConnectionStringError) {
    switch key {
    case "token":
      guard !value.isEmpty else { throw .invalidValue(key: key, reason: "the token is empty") }
      token = value
    case "use_ssl":
      switch value.lowercased() {
      case "true": useSSL = true
      case "false": useSSL = false
      default: throw .invalidValue(key: key, reason: "expected true or false, got '\(value)'")
      }
    case "user_id":
      guard !value.isEmpty else { throw .invalidValue(key: key, reason: "the user id is empty") }
      userID = value
    case "user_agent":
      guard !value.isEmpty, value.utf8.count <= 2048 else {
        throw .invalidValue(key: key, reason: "must be 1 to 2048 bytes")
      }
      userAgent = value
    case "session_id":
      guard let uuid = UUID(uuidString: value) else {
        throw .invalidValue(key: key, reason: "'\(value)' is not a UUID")
      }
      sessionID = uuid
    case "grpc_max_message_size":
      guard let size = Int(value), size > 0 else {
        throw .invalidValue(key: key, reason: "expected a positive number of bytes, got '\(value)'")
      }
      maxMessageSize = size
    default:
      let lowered = key.lowercased()
      guard lowered.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
      else {
        throw .invalidValue(key: key, reason: "not a valid gRPC metadata key")
      }
      guard !lowered.hasSuffix("-bin"), value.allSatisfy({ $0.isASCII && !$0.isNewline }) else {
        throw .invalidValue(key: key, reason: "gRPC metadata values must be printable ASCII")
      }
      headers.append((key: lowered, value: value))
    }
  }

  private static func parseAuthority(_ authority: Substring) throws(ConnectionStringError) -> (
    String, Int
  ) {
    guard !authority.isEmpty else { throw .missingHost }
    var host: Substring
    var portText: Substring?
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else { throw .unclosedIPv6Bracket }
      host = authority[authority.index(after: authority.startIndex)..<close]
      let after = authority[authority.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else { throw .invalidHost(String(authority)) }
        portText = after.dropFirst()
      }
      guard !host.isEmpty, host.contains(":") else { throw .invalidHost(String(authority)) }
    } else {
      if let colon = authority.firstIndex(of: ":") {
        host = authority[..<colon]
        portText = authority[authority.index(after: colon)...]
        guard !portText!.contains(":") else {
          throw .invalidHost("\(authority) (an IPv6 address must be in brackets)")
        }
      } else {
        host = authority
      }
      guard !host.isEmpty else { throw .missingHost }
      guard
        host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) })
      else {
        throw .invalidHost(String(host))
      }
    }
    var port = defaultPort
    if let portText {
      guard let value = Int(portText), (1...65535).contains(value) else {
        throw .invalidPort(String(portText))
      }
      port = value
    }
    return (String(host), port)
  }

  /// A key from a malformed pair, with anything that might be a secret cut away.
  private static func redactedKey(_ pair: String) -> String {
    pair.hasPrefix("token") ? "token" : String(pair.prefix(40))
  }

  /// The string with the token redacted: safe for logs and errors.
  public var description: String {
    let hostPart = host.contains(":") ? "[\(host)]" : host
    var text = "sc://\(hostPart):\(port)"
    var parameters: [String] = []
    if token != nil { parameters.append("token=<redacted>") }
    if let useSSL { parameters.append("use_ssl=\(useSSL)") }
    if let userID { parameters.append("user_id=\(userID)") }
    if let userAgent { parameters.append("user_agent=\(userAgent)") }
    for header in headers { parameters.append("\(header.key)=\(header.value)") }
    if !parameters.isEmpty { text += "/;" + parameters.joined(separator: ";") }
    return text
  }

  public static func == (lhs: ConnectionString, rhs: ConnectionString) -> Bool {
    lhs.host == rhs.host && lhs.port == rhs.port && lhs.token == rhs.token
      && lhs.useSSL == rhs.useSSL && lhs.userID == rhs.userID && lhs.userAgent == rhs.userAgent
      && lhs.sessionID == rhs.sessionID && lhs.maxMessageSize == rhs.maxMessageSize
      && lhs.headers.map(\.key) == rhs.headers.map(\.key)
      && lhs.headers.map(\.value) == rhs.headers.map(\.value)
  }
}

/// Why a connection string could not be parsed; each case names the part that is wrong.
public enum ConnectionStringError: Error, Sendable, Equatable, CustomStringConvertible {
  case missingScheme
  case wrongScheme(String)
  case missingHost
  case invalidHost(String)
  case unclosedIPv6Bracket
  case invalidPort(String)
  case nonEmptyPath(String)
  case parameterWithoutValue(String)
  case emptyParameterName
  case duplicateParameter(String)
  case invalidValue(key: String, reason: String)

  public var description: String {
    switch self {
    case .missingScheme:
      return "connection string must start with sc:// (e.g. sc://localhost:15002)"
    case .wrongScheme(let scheme):
      return "connection string scheme must be 'sc', not '\(scheme)'"
    case .missingHost: return "connection string has no host (e.g. sc://localhost:15002)"
    case .invalidHost(let host): return "connection string host '\(host)' is not valid"
    case .unclosedIPv6Bracket: return "connection string IPv6 host is missing its closing ']'"
    case .invalidPort(let port):
      return "connection string port '\(port)' is not a number from 1 to 65535"
    case .nonEmptyPath(let path):
      return "connection string path must be empty, found '/\(path)' (parameters go after '/;')"
    case .parameterWithoutValue(let key):
      return "connection string parameter '\(key)' has no value (expected key=value)"
    case .emptyParameterName: return "connection string has a parameter with an empty name"
    case .duplicateParameter(let key): return "connection string parameter '\(key)' is given twice"
    case .invalidValue(let key, let reason):
      return "connection string parameter '\(key)': \(reason)"
    }
  }
}
