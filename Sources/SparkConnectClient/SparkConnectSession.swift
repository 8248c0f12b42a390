import ArrowIPC
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import NIOCore
import SparkConnectProto
import Synchronization

/// One Spark Connect session over one long-lived gRPC connection.
///
/// Every request carries the session id, the user context, `client_type` (`flint/<version>`)
/// and the server-side session id first observed, so a server restart is reported as
/// `SparkError.Kind.sessionChanged` rather than silently starting over. UI-agnostic:
/// FlintApp and the headless commands both use it.
public final class SparkConnectSession: Sendable {
  typealias Transport = HTTP2ClientTransport.Posix

  public let connection: ConnectionString
  public let options: SessionOptions
  let service: Spark_Connect_SparkConnectService.Client<Transport>
  private let grpc: GRPCClient<Transport>
  private let state: Mutex<State>

  private struct State {
    var serverSideSessionID: String?
    var isClosed = false
    var runTask: Task<Void, Never>?
    /// Fire-and-forget calls still in flight (ReleaseExecute, the interrupt of an abandoned
    /// stream): `close()` waits for them so ReleaseSession never overtakes them.
    var background: [UUID: Task<Void, Never>] = [:]
  }

  /// Waits until no tracked background call is left (they may start others), or `limit`.
  func drainBackground(within limit: Duration) async {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
      let pending = state.withLock { Array($0.background.values) }
      if pending.isEmpty { return }
      await withTaskGroup(of: Void.self) { group in
        group.addTask {
          for task in pending { await task.value }
        }
        group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
        await group.next()
        group.cancelAll()
      }
    }
  }

  /// Runs `work` in the background, tracked so that `close()` can wait for it.
  func inBackground(_ work: @escaping @Sendable () async -> Void) {
    let id = UUID()
    state.withLock { state in
      state.background[id] = Task.detached { [weak self] in
        await work()
        _ = self?.state.withLock { $0.background.removeValue(forKey: id) }
      }
    }
  }

  /// Creates the session and starts its connection in the background. Nothing is sent
  /// until the first call; `connect()` makes that call and reports the server version.
  public init(connection: ConnectionString, options: SessionOptions = SessionOptions()) throws {
    self.connection = connection
    self.options = options
    let security: Transport.TransportSecurity
    if connection.usesTLS {
      let caPath = options.caCertificatePath
      security = .tls { config in
        if let caPath { config.trustRoots = .certificates([.file(path: caPath, format: .pem)]) }
      }
    } else {
      security = .plaintext
    }
    let target = Self.resolvableTarget(for: connection)
    let keepaliveTime = options.keepaliveTime
    let keepaliveTimeout = options.keepaliveTimeout
    let transport = try Transport(
      target: target, transportSecurity: security,
      config: .defaults { config in
        // Bulk results cross the NIO pipeline once per socket read and once per HTTP/2 frame
        // (HTTP/2 handler, stream channel, gRPC handler, deframer). NIO reads at most 64 KiB
        // at a time by default and HTTP/2 frames default to 16 KiB; reads and frames of up to
        // 1 MiB cut the client's CPU for a large result by about a third (scripts/bench;
        // larger reads were slower again).
        config.http2.maxFrameSize = 1 << 20
        config.channelDebuggingCallbacks.onCreateTCPConnection = { channel in
          channel.setOption(
            ChannelOptions.recvAllocator,
            value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 16 << 10, maximum: 1 << 20)
          )
        }
        config.connection.keepalive = .init(
          time: keepaliveTime, timeout: keepaliveTimeout, allowWithoutCalls: true)
        config.backoff = .init(
          initial: .milliseconds(100), max: .seconds(5), multiplier: 2, jitter: 0.2)
      })
    let grpc = GRPCClient(transport: transport)
    self.grpc = grpc
    self.service = Spark_Connect_SparkConnectService.Client(wrapping: grpc)
    self.state = Mutex(State())
    let task = Task { _ = try? await grpc.runConnections() }
    state.withLock { $0.runTask = task }
  }

  deinit {
    grpc.beginGracefulShutdown()
  }

  /// A fresh session with the same connection settings and options but a new session id,
  /// for when this one's server session is gone (`SparkError.Kind.sessionChanged`, e.g. after
  /// a server restart). This session is closed in the background; the caller keeps its own
  /// state (editor text, loaded results) and should re-apply session confs it relies on.
  public func reconnected() throws(SparkError) -> SparkConnectSession {
    var fresh = connection
    fresh.sessionID = UUID()
    let session: SparkConnectSession
    do {
      session = try SparkConnectSession(connection: fresh, options: options)
    } catch {
      throw SparkError(
        kind: .connection, code: "unavailable",
        message: "cannot open a new session to \(connection.host):\(connection.port): \(error)")
    }
    Task.detached { [self] in await self.close() }
    return session
  }

  /// The client-chosen session id (a UUID, lower case as Spark prints it).
  public var sessionID: String { connection.sessionID.uuidString.lowercased() }

  /// The server-side session id seen first, once any response arrived.
  public var serverSideSessionID: String? { state.withLock { $0.serverSideSessionID } }

  // MARK: - Connecting and closing

  /// Checks the server answers within the connect timeout; returns its Spark version.
  public func connect() async throws(SparkError) -> String {
    try await sparkVersion(timeout: options.connectTimeout)
  }

  /// Sends ReleaseSession (best effort) and closes the connection.
  public func close() async {
    let alreadyClosed = state.withLock { state -> Bool in
      defer { state.isClosed = true }
      return state.isClosed
    }
    // Let releases and interrupts already sent finish first (for at most 2 s): a
    // ReleaseSession that overtakes them makes the server log SESSION_CLOSED errors.
    if !alreadyClosed { await drainBackground(within: .seconds(2)) }
    if !alreadyClosed && serverSideSessionID != nil {
      var request = Spark_Connect_ReleaseSessionRequest()
      request.sessionID = sessionID
      request.userContext = userContext
      request.clientType = clientType
      var callOptions = self.callOptions
      callOptions.timeout = .seconds(2)
      _ = try? await service.releaseSession(request, metadata: metadata, options: callOptions)
    }
    grpc.beginGracefulShutdown()
    let task = state.withLock { $0.runTask }
    await task?.value
  }

  // MARK: - Request plumbing

  var clientType: String {
    connection.userAgent.map { "\($0) \(FlintVersion.clientType)" } ?? FlintVersion.clientType
  }

  var userContext: Spark_Connect_UserContext {
    var context = Spark_Connect_UserContext()
    let environment = ProcessInfo.processInfo.environment
    let user = connection.userID ?? environment["SPARK_USER"] ?? environment["USER"] ?? "flint"
    context.userID = user
    context.userName = user
    return context
  }

  /// gRPC metadata for every call: the bearer token and the connection string's extra keys.
  var metadata: Metadata {
    var metadata = Metadata()
    if let token = connection.token {
      metadata.addString("Bearer \(token)", forKey: "authorization")
    }
    for header in connection.headers { metadata.addString(header.value, forKey: header.key) }
    return metadata
  }

  /// Call options with the inbound limit raised: grpc-swift-nio-transport 2.9.2 reads the
  /// client's inbound limit from `maxRequestMessageBytes`, so both are set.
  var callOptions: CallOptions {
    var options = CallOptions.defaults
    let limit = max(connection.maxMessageSize, ConnectionString.defaultMaxMessageSize)
    options.maxRequestMessageBytes = limit
    options.maxResponseMessageBytes = limit
    options.waitForReady = false
    return options
  }

  /// Fills the fields every session-scoped request carries.
  func stamp<Request: SessionScopedRequest>(_ request: inout Request) {
    request.sessionID = sessionID
    request.userContext = userContext
    request.clientType = clientType
    if let observed = serverSideSessionID {
      request.clientObservedServerSideSessionID = observed
    }
  }

  /// Records the server-side session id of a response; a different id than before means
  /// the server restarted and this session is gone.
  func observe(serverSideSessionID observed: String) throws(SparkError) {
    guard !observed.isEmpty else { return }
    let previous = state.withLock { state -> String? in
      if state.serverSideSessionID == nil { state.serverSideSessionID = observed }
      return state.serverSideSessionID
    }
    if let previous, previous != observed {
      throw SparkError(
        kind: .sessionChanged, code: "failedPrecondition",
        message:
          "the server's session changed (the server restarted or the session expired); start a new session",
        errorClass: "INVALID_HANDLE.SESSION_CHANGED")
    }
  }

  /// Runs a unary call, retrying retryable failures per the retry policy, and converting
  /// failures to SparkError with Spark's full details.
  func unary<Response: Sendable>(
    timeout: Duration? = nil,
    _ call: @Sendable (Metadata, CallOptions) async throws -> Response
  ) async throws(SparkError) -> Response {
    var options = callOptions
    options.timeout = timeout
    let start = ContinuousClock.now
    var attempt = 0
    while true {
      do {
        return try await call(metadata, options)
      } catch {
        let spark = SparkError.from(error)
        let delay = self.options.retryPolicy.delay(
          forAttempt: attempt + 1, serverDelay: spark.retryDelay)
        guard spark.isRetryable, spark.kind != .sessionChanged, !Task.isCancelled,
          self.options.retryPolicy.allows(
            attempt: attempt + 1, after: delay, elapsed: ContinuousClock.now - start),
          (try? await Task.sleep(for: delay)) != nil
        else {
          throw await enrich(error)
        }
        attempt += 1
      }
    }
  }

  /// A SparkError for `error`, with the untruncated message and query contexts fetched
  /// through FetchErrorDetails when the server offers an error id.
  func enrich(_ error: any Error) async -> SparkError {
    var spark = SparkError.from(error)
    explain(&spark)
    guard let errorID = SparkError.errorID(of: error) else { return spark }
    var request = Spark_Connect_FetchErrorDetailsRequest()
    request.sessionID = sessionID
    request.userContext = userContext
    request.clientType = clientType
    request.errorID = errorID
    var options = callOptions
    options.timeout = .seconds(10)
    if let details = try? await service.fetchErrorDetails(
      request, metadata: metadata, options: options)
    {
      spark.merge(details)
    }
    return spark
  }

  // MARK: - AnalyzePlan

  /// The server's Spark version, e.g. "4.3.0".
  public func sparkVersion(timeout: Duration? = nil) async throws(SparkError) -> String {
    var request = Spark_Connect_AnalyzePlanRequest()
    stamp(&request)
    request.sparkVersion = .init()
    let response = try await unary(timeout: timeout) { [request] metadata, options in
      try await self.service.analyzePlan(request, metadata: metadata, options: options)
    }
    try observe(serverSideSessionID: response.serverSideSessionID)
    return response.sparkVersion.version
  }

  /// Spark's EXPLAIN modes.
  public enum ExplainMode: String, Sendable, CaseIterable {
    case simple, extended, codegen, cost, formatted
  }

  /// The query plan of a SQL query as Spark explains it.
  public func explain(sql: String, mode: ExplainMode = .simple) async throws(SparkError) -> String {
    try await explain(plan: Plan.root(.sql(sql)), mode: mode)
  }

  func explain(plan: Spark_Connect_Plan, mode: ExplainMode) async throws(SparkError) -> String {
    var request = Spark_Connect_AnalyzePlanRequest()
    stamp(&request)
    request.explain.plan = plan
    request.explain.explainMode =
      switch mode {
      case .simple: .simple
      case .extended: .extended
      case .codegen: .codegen
      case .cost: .cost
      case .formatted: .formatted
      }
    let response = try await unary { [request] metadata, options in
      try await self.service.analyzePlan(request, metadata: metadata, options: options)
    }
    try observe(serverSideSessionID: response.serverSideSessionID)
    return response.explain.explainString
  }

  /// The result schema of a SQL query, without running it.
  public func schema(sql: String) async throws(SparkError) -> SparkSchema {
    try await schema(plan: Plan.root(.sql(sql)))
  }

  func schema(plan: Spark_Connect_Plan) async throws(SparkError) -> SparkSchema {
    var request = Spark_Connect_AnalyzePlanRequest()
    stamp(&request)
    request.schema.plan = plan
    let response = try await unary { [request] metadata, options in
      try await self.service.analyzePlan(request, metadata: metadata, options: options)
    }
    try observe(serverSideSessionID: response.serverSideSessionID)
    return SparkSchema(proto: response.schema.schema)
  }

  // MARK: - Config

  /// Sets session confs (`spark.sql.session.timeZone`, ...).
  public func setConf(_ pairs: [(key: String, value: String)]) async throws(SparkError) {
    var operation = Spark_Connect_ConfigRequest.Operation()
    operation.set.pairs = pairs.map { pair in
      var keyValue = Spark_Connect_KeyValue()
      keyValue.key = pair.key
      keyValue.value = pair.value
      return keyValue
    }
    _ = try await config(operation)
  }

  /// The effective value of each key (nil when unset and without default).
  public func getConf(_ keys: [String]) async throws(SparkError) -> [String: String?] {
    var operation = Spark_Connect_ConfigRequest.Operation()
    operation.getOption.keys = keys
    let response = try await config(operation)
    var result: [String: String?] = [:]
    for pair in response.pairs { result[pair.key] = pair.hasValue ? pair.value : nil }
    return result
  }

  /// Unsets session confs.
  public func unsetConf(_ keys: [String]) async throws(SparkError) {
    var operation = Spark_Connect_ConfigRequest.Operation()
    operation.unset.keys = keys
    _ = try await config(operation)
  }

  /// Every explicitly set conf whose key starts with `prefix` (keys returned in full).
  public func allConf(prefix: String? = nil) async throws(SparkError) -> [(
    key: String, value: String
  )] {
    var operation = Spark_Connect_ConfigRequest.Operation()
    if let prefix { operation.getAll.prefix = prefix } else { operation.getAll = .init() }
    let response = try await config(operation)
    return response.pairs.map { (key: (prefix ?? "") + $0.key, value: $0.value) }
  }

  private func config(_ operation: Spark_Connect_ConfigRequest.Operation) async throws(SparkError)
    -> Spark_Connect_ConfigResponse
  {
    var request = Spark_Connect_ConfigRequest()
    stamp(&request)
    request.operation = operation
    let response = try await unary { [request] metadata, options in
      try await self.service.config(request, metadata: metadata, options: options)
    }
    try observe(serverSideSessionID: response.serverSideSessionID)
    return response
  }

  // MARK: - Interrupt

  /// Interrupts one execution; returns the ids the server interrupted.
  @discardableResult
  public func interrupt(operationID: String) async throws(SparkError) -> [String] {
    var request = Spark_Connect_InterruptRequest()
    stamp(&request)
    request.interruptType = .operationID
    request.operationID = operationID
    return try await interrupt(request)
  }

  /// Interrupts every execution carrying `tag`.
  @discardableResult
  public func interrupt(tag: String) async throws(SparkError) -> [String] {
    var request = Spark_Connect_InterruptRequest()
    stamp(&request)
    request.interruptType = .tag
    request.operationTag = tag
    return try await interrupt(request)
  }

  /// Interrupts every execution of this session.
  @discardableResult
  public func interruptAll() async throws(SparkError) -> [String] {
    var request = Spark_Connect_InterruptRequest()
    stamp(&request)
    request.interruptType = .all
    return try await interrupt(request)
  }

  private func interrupt(_ request: Spark_Connect_InterruptRequest) async throws(SparkError)
    -> [String]
  {
    let response = try await unary(timeout: .seconds(30)) { [request] metadata, options in
      try await self.service.interrupt(request, metadata: metadata, options: options)
    }
    try observe(serverSideSessionID: response.serverSideSessionID)
    return response.interruptedIds
  }

  /// The server's view of operations (Spark 4.2+ GetStatus): operation id → state name.
  public func operationStatus(_ operationIDs: [String]) async throws(SparkError) -> [String: String]
  {
    var request = Spark_Connect_GetStatusRequest()
    stamp(&request)
    request.operationStatus.operationIds = operationIDs
    let response = try await unary(timeout: .seconds(30)) { [request] metadata, options in
      try await self.service.getStatus(request, metadata: metadata, options: options)
    }
    try observe(serverSideSessionID: response.serverSideSessionID)
    var result: [String: String] = [:]
    for status in response.operationStatuses {
      result[status.operationID] = String(describing: status.state)
    }
    return result
  }
}

/// The fields every session-scoped request carries.
protocol SessionScopedRequest {
  var sessionID: String { get set }
  var userContext: Spark_Connect_UserContext { get set }
  var clientType: String { get set }
  var clientObservedServerSideSessionID: String { get set }
}

extension Spark_Connect_ExecutePlanRequest: SessionScopedRequest {}
extension Spark_Connect_AnalyzePlanRequest: SessionScopedRequest {}
extension Spark_Connect_ConfigRequest: SessionScopedRequest {}
extension Spark_Connect_InterruptRequest: SessionScopedRequest {}
extension Spark_Connect_ReattachExecuteRequest: SessionScopedRequest {}
extension Spark_Connect_ReleaseExecuteRequest: SessionScopedRequest {}
extension Spark_Connect_GetStatusRequest: SessionScopedRequest {}
