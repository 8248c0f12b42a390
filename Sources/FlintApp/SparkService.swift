import SparkConnectClient

/// What the explorer needs from Spark. `SparkSessionService` implements it over a real
/// `SparkConnectSession`; `FakeSparkService` scripts it for tests.
public protocol SparkService: Sendable {
  /// Checks the server answers; returns its Spark version.
  func connect() async throws(SparkError) -> String
  /// Runs a SQL text (see `SparkConnectSession.run(sql:maxRows:tag:)`); `maxRows` nil = no cap.
  func run(sql: String, maxRows: Int?, tag: String?) -> AsyncThrowingStream<QueryEvent, any Error>
  /// Writes the result of one query on the server with the DataFrame writer (see
  /// `SparkConnectSession.write(sql:to:tag:)`); the stream ends when every file is written.
  func write(sql: String, to destination: ServerWrite, tag: String?) -> AsyncThrowingStream<
    QueryEvent, any Error
  >
  /// Interrupts a running operation; returns the ids the server says it interrupted.
  func interrupt(operationID: String) async throws(SparkError) -> [String]
  /// Interrupts every operation carrying `tag`; returns the ids the server interrupted.
  func interrupt(tag: String) async throws(SparkError) -> [String]
  /// The children of a catalog path: [] lists catalogs, [c] databases, [c, d] tables and
  /// views, [c, d, t] columns.
  func listChildren(of path: [String]) async throws(SparkError) -> [CatalogItem]
  /// Releases the server session and closes the connection.
  func close() async
}

/// A catalog, database, table, view or column (FlintApp's own copy of `CatalogEntry`, which
/// has no public initializer, so fakes and tests can build one).
public struct CatalogItem: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable { case catalog, database, table, view, column }
  public var kind: Kind
  public var name: String
  /// Catalog, database (and table, for columns) names qualifying this item.
  public var namespace: [String]
  /// Columns: the Spark type; tables: MANAGED, EXTERNAL, VIEW, TEMPORARY.
  public var detail: String?

  public init(kind: Kind, name: String, namespace: [String] = [], detail: String? = nil) {
    self.kind = kind
    self.name = name
    self.namespace = namespace
    self.detail = detail
  }

  /// The full path of this item (namespace + name).
  public var path: [String] { namespace + [name] }

  /// The name to paste into SQL, backticked where needed.
  public var qualifiedName: String { path.map(Self.quoted).joined(separator: ".") }

  /// `part` as a SQL identifier, backticked unless it is a plain ASCII word.
  public static func quoted(_ part: String) -> String {
    let plain =
      !part.isEmpty && part.first.map { $0.isLetter || $0 == "_" } == true
      && part.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
    return plain ? part : "`" + part.replacingOccurrences(of: "`", with: "``") + "`"
  }
}

extension CatalogItem {
  init(_ entry: CatalogEntry) {
    let kind: Kind
    switch entry.kind {
    case .catalog: kind = .catalog
    case .database: kind = .database
    case .table: kind = .table
    case .view: kind = .view
    case .column: kind = .column
    }
    self.init(kind: kind, name: entry.name, namespace: entry.namespace, detail: entry.detail)
  }
}
