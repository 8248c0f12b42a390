import SparkConnectClient
import Synchronization

/// `SparkService` over a real Spark Connect session; `renewSession()` swaps in a fresh one
/// (a new session id) when the server no longer knows the old one (a restarted server).
public final class SparkSessionService: SparkService {
  private let current: Mutex<SparkConnectSession>

  public init(session: SparkConnectSession) { current = Mutex(session) }

  /// The session calls go to now.
  public var session: SparkConnectSession { current.withLock { $0 } }

  public func connect() async throws(SparkError) -> String { try await session.connect() }

  public func renewSession() async throws(SparkError) {
    let old = session
    let fresh = try old.reconnected()
    current.withLock { $0 = fresh }
  }

  public func run(sql: String, maxRows: Int?, tag: String?) -> AsyncThrowingStream<
    QueryEvent, any Error
  > {
    session.run(sql: sql, maxRows: maxRows, tag: tag)
  }

  public func run(sql: String, parameters: [String: PlanValue], maxRows: Int?, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    session.run(sql: sql, maxRows: maxRows, tag: tag, parameters: parameters)
  }

  public func run(exploration: Exploration, maxRows: Int?, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    session.run(exploration: exploration, maxRows: maxRows, tag: tag)
  }

  public func write(exploration: Exploration, to destination: ServerWrite, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    session.write(exploration: exploration, to: destination, tag: tag)
  }

  public func write(sql: String, to destination: ServerWrite, tag: String?)
    -> AsyncThrowingStream<QueryEvent, any Error>
  {
    session.write(sql: sql, to: destination, tag: tag)
  }

  public func interrupt(operationID: String) async throws(SparkError) -> [String] {
    try await session.interrupt(operationID: operationID)
  }

  public func interrupt(tag: String) async throws(SparkError) -> [String] {
    try await session.interrupt(tag: tag)
  }

  public func listChildren(of path: [String]) async throws(SparkError) -> [CatalogEntry] {
    let session = self.session
    let entries: [CatalogEntry]
    switch path.count {
    case 0: entries = try await session.listCatalogs()
    case 1: entries = try await session.listDatabases(catalog: path[0])
    case 2: entries = try await session.listTables(catalog: path[0], database: path[1])
    default:
      entries = try await session.listColumns(catalog: path[0], database: path[1], table: path[2])
    }
    return entries
  }

  public func names(in scope: NameScope) async throws(SparkError) -> [String] {
    let session = self.session
    switch scope {
    case .catalogs: return try await session.listCatalogs().map(\.name)
    case .databases(let catalog): return try await session.databaseNames(in: catalog)
    case .tables(let database): return try await session.tableNames(in: database)
    case .columns(let table): return try await session.columnNames(of: table)
    case .functions: return try await session.functionNames()
    }
  }

  public func explain(sql: String, mode: SparkConnectSession.ExplainMode) async throws(SparkError)
    -> String
  {
    do {
      return try await session.explain(sql: sql, mode: mode)
    } catch {
      throw error.located(in: SQLScript.Statement(text: sql, offset: 0), of: sql)
    }
  }

  public func explain(exploration: Exploration, mode: SparkConnectSession.ExplainMode)
    async throws(SparkError) -> String
  {
    try await session.explain(exploration: exploration, mode: mode)
  }

  public func schema(exploration: Exploration) async throws(SparkError) -> SparkSchema {
    try await session.schema(exploration: exploration)
  }

  public func distinctGroups(of exploration: Exploration, tag: String?) async throws(SparkError)
    -> Int64?
  {
    try await session.distinctGroups(of: exploration, tag: tag)
  }

  public func profile(of exploration: Exploration, columns: [String]?, tag: String?)
    async throws(SparkError) -> TableProfile
  {
    try await session.profile(of: exploration, columns: columns, tag: tag)
  }

  public func close() async { await session.close() }
}
