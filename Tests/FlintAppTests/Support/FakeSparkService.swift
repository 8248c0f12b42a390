import ArrowIPC
import Foundation
import SparkConnectClient
import Synchronization

@testable import FlintApp

/// A scripted `SparkService` for tests and demos: each SQL text maps to a list of events
/// (or an error); catalog paths map to children. Records what was asked of it.
public final class FakeSparkService: SparkService {
  /// What a scripted query does.
  public struct Script: Sendable {
    public var events: [QueryEvent]
    public var error: SparkError?
    /// When true the stream stays open after `events` until cancelled (a long query).
    public var hangs: Bool
    public init(events: [QueryEvent], error: SparkError? = nil, hangs: Bool = false) {
      self.events = events
      self.error = error
      self.hangs = hangs
    }
  }

  private struct State {
    var scripts: [String: Script] = [:]
    var catalog: [[String]: [CatalogEntry]] = [:]
    var ran: [(sql: String, maxRows: Int?)] = []
    var interrupted: [String] = []
    var tags: [String: String] = [:]
    var closed = false
    var connectError: SparkError?
    var writes: [(sql: String, destination: ServerWrite)] = []
    var writeScript = Script(events: [])
    var explanations: [String: Result<String, SparkError>] = [:]
    var explained: [(sql: String, mode: SparkConnectSession.ExplainMode)] = []
    var schemas: [String: Result<SparkSchema, SparkError>] = [:]
    var groups: [String: Int64] = [:]
    var profiles: [String: Result<TableProfile, SparkError>] = [:]
    var renewals = 0
    var parameterized: [[String: PlanValue]] = []
    var names: [NameScope: [String]] = [:]
    var namesAsked: [NameScope] = []
  }

  private let state = Mutex(State())

  public init() {}

  /// Scripts the answer to `sql`.
  public func script(_ sql: String, _ script: Script) {
    state.withLock { $0.scripts[sql] = script }
  }
  /// Scripts the children of a catalog path.
  public func catalog(_ path: [String], _ items: [CatalogEntry]) {
    state.withLock { $0.catalog[path] = items }
  }
  /// Scripts the names of a completion scope (unscripted scopes fail).
  public func names(_ scope: NameScope, _ names: [String]) {
    state.withLock { $0.names[scope] = names }
  }
  /// Completion scopes asked for so far, in order.
  public var namesAsked: [NameScope] { state.withLock { $0.namesAsked } }
  /// Scripts what every server-side write does (default: finishes at once).
  public func scriptWrite(_ script: Script) { state.withLock { $0.writeScript = script } }
  /// Scripts the explanation of `sql` (every mode gets "MODE: " and the text).
  public func scriptExplain(_ sql: String, _ result: Result<String, SparkError>) {
    state.withLock { $0.explanations[sql] = result }
  }
  /// Explains asked for so far.
  public var explained: [(sql: String, mode: SparkConnectSession.ExplainMode)] {
    state.withLock { $0.explained }
  }
  /// Scripts the analysis of an exploration (by its pipe SQL): its schema or an error.
  public func scriptSchema(_ exploration: Exploration, _ result: Result<SparkSchema, SparkError>) {
    state.withLock { $0.schemas[exploration.pipeSQL] = result }
  }
  /// Scripts the number of distinct groups behind a frequency exploration.
  public func scriptGroups(_ exploration: Exploration, _ groups: Int64) {
    state.withLock { $0.groups[exploration.pipeSQL] = groups }
  }
  /// Scripts the profile of an exploration (by its pipe SQL).
  public func scriptProfile(_ exploration: Exploration, _ result: Result<TableProfile, SparkError>)
  {
    state.withLock { $0.profiles[exploration.pipeSQL] = result }
  }
  /// Makes `connect()` fail.
  public func failConnect(_ error: SparkError?) { state.withLock { $0.connectError = error } }

  /// SQL texts run so far, with their caps.
  public var ran: [(sql: String, maxRows: Int?)] { state.withLock { $0.ran } }
  public var interrupted: [String] { state.withLock { $0.interrupted } }
  /// Server-side writes asked for so far.
  public var writes: [(sql: String, destination: ServerWrite)] { state.withLock { $0.writes } }
  public var isClosed: Bool { state.withLock { $0.closed } }

  /// Sessions started over so far.
  public var renewals: Int { state.withLock { $0.renewals } }

  public func renewSession() async throws(SparkError) {
    state.withLock {
      $0.renewals += 1
      $0.connectError = nil
    }
  }

  public func connect() async throws(SparkError) -> String {
    if let error = state.withLock({ $0.connectError }) { throw error }
    return "4.0.0-fake"
  }

  public func run(sql: String, maxRows: Int?, tag: String?) -> AsyncThrowingStream<
    QueryEvent, any Error
  > {
    let script = state.withLock { s -> Script? in
      s.ran.append((sql, maxRows))
      if let tag { s.tags[tag] = sql }
      return s.scripts[sql]
    }
    return AsyncThrowingStream { continuation in
      guard let script else {
        continuation.finish(
          throwing: SparkError(
            kind: .server, code: "unknown", message: "no script for \(sql)",
            errorClass: "FAKE_NO_SCRIPT", sqlState: "42000"))
        return
      }
      for event in script.events { continuation.yield(event) }
      if let error = script.error {
        continuation.finish(throwing: error)
      } else if !script.hangs {
        continuation.finish()
      }
    }
  }

  /// Values given with a parameterized text, in order.
  public var parameterized: [[String: PlanValue]] { state.withLock { $0.parameterized } }

  public func run(sql: String, parameters: [String: PlanValue], maxRows: Int?, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    state.withLock { $0.parameterized.append(parameters) }
    return run(sql: sql, maxRows: maxRows, tag: tag)
  }

  /// Explorations run as their pipe SQL: script them with `script(exploration.pipeSQL, …)`.
  public func run(exploration: Exploration, maxRows: Int?, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    run(sql: exploration.pipeSQL, maxRows: maxRows, tag: tag)
  }

  public func write(exploration: Exploration, to destination: ServerWrite, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    write(sql: exploration.pipeSQL, to: destination, tag: tag)
  }

  public func explain(exploration: Exploration, mode: SparkConnectSession.ExplainMode)
    async throws(SparkError) -> String
  {
    try await explain(sql: exploration.pipeSQL, mode: mode)
  }

  public func schema(exploration: Exploration) async throws(SparkError) -> SparkSchema {
    switch state.withLock({ $0.schemas[exploration.pipeSQL] }) {
    case .success(let schema)?: return schema
    case .failure(let error)?: throw error
    case nil: throw SparkError(kind: .server, code: "internal", message: "no schema scripted")
    }
  }

  public func profile(of exploration: Exploration, columns: [String]?, tag: String?)
    async throws(SparkError) -> TableProfile
  {
    switch state.withLock({ $0.profiles[exploration.pipeSQL] }) {
    case .success(let profile)?: return profile
    case .failure(let error)?: throw error
    case nil: throw SparkError(kind: .server, code: "internal", message: "no profile scripted")
    }
  }

  public func distinctGroups(of exploration: Exploration, tag: String?) async throws(SparkError)
    -> Int64?
  {
    state.withLock { $0.groups[exploration.pipeSQL] }
  }

  public func write(sql: String, to destination: ServerWrite, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    let script = state.withLock { s -> Script in
      s.writes.append((sql, destination))
      if let tag { s.tags[tag] = sql }
      return s.writeScript
    }
    return Self.stream(script)
  }

  /// Plays a script as a query stream.
  private static func stream(_ script: Script) -> AsyncThrowingStream<QueryEvent, any Error> {
    AsyncThrowingStream { continuation in
      for event in script.events { continuation.yield(event) }
      if let error = script.error {
        continuation.finish(throwing: error)
      } else if !script.hangs {
        continuation.finish()
      }
    }
  }

  public func interrupt(operationID: String) async throws(SparkError) -> [String] {
    state.withLock { $0.interrupted.append(operationID) }
    return [operationID]
  }

  public func explain(sql: String, mode: SparkConnectSession.ExplainMode) async throws(SparkError)
    -> String
  {
    let result = state.withLock { s in
      s.explained.append((sql, mode))
      return s.explanations[sql]
    }
    switch result {
    case .success(let text)?: return "\(mode.rawValue.uppercased()): \(text)"
    case .failure(let error)?: throw error
    case nil: throw SparkError(kind: .server, code: "internal", message: "no explanation scripted")
    }
  }

  public func interrupt(tag: String) async throws(SparkError) -> [String] {
    state.withLock { s in
      guard s.tags[tag] != nil else { return [] }
      s.interrupted.append("tag:" + tag)
      return ["op-of-" + tag]
    }
  }

  public func listChildren(of path: [String]) async throws(SparkError) -> [CatalogEntry] {
    guard let items = state.withLock({ $0.catalog[path] }) else {
      throw SparkError(kind: .server, code: "unknown", message: "no such namespace")
    }
    return items
  }

  public func names(in scope: NameScope) async throws(SparkError) -> [String] {
    let names = state.withLock { s in
      s.namesAsked.append(scope)
      return s.names[scope]
    }
    guard let names else {
      throw SparkError(kind: .server, code: "unknown", message: "no names scripted")
    }
    return names
  }

  public func close() async { state.withLock { $0.closed = true } }

  // MARK: - Building results

  /// A batch of `rows` rows with an `id` bigint column (values from `start`) and a `name`
  /// string column ("row <id>", NULL every 7th row).
  public static func sampleBatch(start: Int, rows: Int) throws -> RecordBatch {
    let schema = sampleArrowSchema
    let ids = (start..<(start + rows)).map { ArrowValue.int(Int64($0)) }
    let names = (start..<(start + rows)).map {
      $0 % 7 == 6 ? ArrowValue.null : ArrowValue.string("row \($0)")
    }
    return try ArrowColumnBuilder.batch(schema, columns: [ids, names])
  }

  /// The Arrow schema of `sampleBatch`.
  public static let sampleArrowSchema = ArrowSchema(fields: [
    ArrowField(name: "id", type: .int(bitWidth: 64, signed: true), nullable: false),
    ArrowField(name: "name", type: .utf8, nullable: true),
  ])

  /// The Spark schema of `sampleBatch`.
  public static let sampleSchema = SparkSchema(fields: [
    SparkField(name: "id", type: .long, nullable: false),
    SparkField(name: "name", type: .string(collation: nil), nullable: true),
  ])
}
