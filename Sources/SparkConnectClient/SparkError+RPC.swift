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
      spark.message = "authentication failed: \(rpc.message)"
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
        spark.message =
          "the Spark Connect server no longer has this session (the server restarted or the session was closed); start a new session — temporary views and session settings are gone. Server said: \(rpc.message)"
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
    if !root.message.isEmpty { message = root.message }
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

  private static func connectionMessage(_ rpc: RPCError) -> String {
    var text = rpc.message
    if let cause = rpc.cause { text += " (\(cause))" }
    return text
  }
}
