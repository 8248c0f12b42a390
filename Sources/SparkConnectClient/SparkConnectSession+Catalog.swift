import ArrowIPC
import SparkConnectProto

/// A catalog, database, table, view or column as the catalog browser and `flint catalog` list
/// them.
public struct CatalogEntry: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Hashable, Codable {
    case catalog, database, table, view, column
  }
  public var kind: Kind
  public var name: String
  /// Catalog and database (and table, for columns) names that qualify this entry (empty for
  /// catalogs).
  public var namespace: [String]
  public var description: String?
  /// Columns: the Spark type (`int`, `array<string>`); tables: MANAGED, EXTERNAL, VIEW, TEMPORARY.
  public var detail: String?
  public var isTemporary: Bool

  public init(
    kind: Kind, name: String, namespace: [String] = [], description: String? = nil,
    detail: String? = nil, isTemporary: Bool = false
  ) {
    self.kind = kind
    self.name = name
    self.namespace = namespace
    self.description = description
    self.detail = detail
    self.isTemporary = isTemporary
  }

  /// The full path of this entry (namespace + name).
  public var path: [String] { namespace + [name] }

  /// The name to paste into SQL, with backticks where needed.
  public var qualifiedName: String { path.map(Self.quoted).joined(separator: ".") }

  /// `part` as a SQL identifier, backticked unless it is a plain ASCII word.
  public static func quoted(_ part: String) -> String {
    let plain =
      !part.isEmpty && part.first.map { $0.isLetter || $0 == "_" } == true
      && part.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
    return plain ? part : "`" + part.replacingOccurrences(of: "`", with: "``") + "`"
  }
}

extension SparkConnectSession {
  /// Catalogs the session knows.
  public func listCatalogs() async throws(SparkError) -> [CatalogEntry] {
    let rows = try await collectRows(.catalog { $0.listCatalogs = .init() })
    return rows.map {
      CatalogEntry(
        kind: .catalog, name: $0["name"] ?? "", namespace: [], description: $0["description"],
        detail: nil, isTemporary: false)
    }
  }

  /// The session's current catalog.
  public func currentCatalog() async throws(SparkError) -> String {
    try await collectRows(.catalog { $0.currentCatalog = .init() }).first?["value"]
      ?? "spark_catalog"
  }

  /// Databases (namespaces) of a catalog.
  public func listDatabases(catalog: String) async throws(SparkError) -> [CatalogEntry] {
    let rows = try await collectRows(
      .sql("SHOW NAMESPACES IN \(CatalogEntry.quoted(catalog))"))
    return rows.map {
      CatalogEntry(
        kind: .database, name: $0["namespace"] ?? $0.values.first ?? "",
        namespace: [catalog], description: nil, detail: nil, isTemporary: false)
    }
  }

  /// Tables and views of a database.
  public func listTables(catalog: String, database: String) async throws(SparkError)
    -> [CatalogEntry]
  {
    let qualified = [catalog, database].map(CatalogEntry.quoted).joined(separator: ".")
    let rows = try await collectRows(.catalog { $0.listTables.dbName = qualified })
    return rows.map { row in
      let type = row["tableType"]
      let isTemporary = row["isTemporary"] == "true"
      return CatalogEntry(
        kind: type == "VIEW" || type == "TEMPORARY" ? .view : .table, name: row["name"] ?? "",
        namespace: isTemporary ? [] : [catalog, database], description: row["description"],
        detail: type, isTemporary: isTemporary)
    }
  }

  /// Columns of a table, with their Spark types.
  public func listColumns(catalog: String, database: String, table: String) async throws(SparkError)
    -> [CatalogEntry]
  {
    let qualified = [catalog, database, table].map(CatalogEntry.quoted).joined(separator: ".")
    let rows = try await collectRows(.catalog { $0.listColumns.tableName = qualified })
    return rows.map {
      CatalogEntry(
        kind: .column, name: $0["name"] ?? "", namespace: [catalog, database, table],
        description: $0["description"], detail: $0["dataType"], isTemporary: false)
    }
  }

  /// Runs a relation and returns its rows as column name → text (NULLs left out).
  /// Only for small results (catalog listings); lists are rendered as `[a, b]`.
  func collectRows(_ relation: Spark_Connect_Relation) async throws(SparkError) -> [[String:
    String]]
  {
    let (stream, continuation) = AsyncThrowingStream<QueryEvent, any Error>.makeStream()
    continuation.onTermination = { _ in }
    let outcome = try await execute(
      plan: Plan.root(relation), tag: nil,
      continuation: EventSink(continuation: continuation, gate: nil))
    continuation.finish()
    _ = outcome
    var rows: [[String: String]] = []
    do {
      for try await event in stream {
        guard case .batch(let batch, _) = event else { continue }
        for row in 0..<batch.rowCount {
          var values: [String: String] = [:]
          for (field, column) in zip(batch.schema.fields, batch.columns) {
            values[field.name] = Self.plainText(column, row: row)
          }
          rows.append(values)
        }
      }
    } catch {
      throw SparkError.from(error)
    }
    return rows
  }

  /// A simple text for catalog values: strings, booleans, numbers and string lists.
  static func plainText(_ column: ArrowColumn, row: Int) -> String? {
    if column.isNull(row) { return nil }
    switch column.type {
    case .utf8, .largeUtf8: return column.string(at: row)
    case .bool: return column.bool(at: row) ? "true" : "false"
    case .int: return String(column.int64(at: row))
    case .list, .largeList:
      guard let child = column.children.first else { return "[]" }
      let items = column.listRange(at: row).map { plainText(child, row: $0) ?? "NULL" }
      return "[" + items.joined(separator: ", ") + "]"
    default:
      return "\(column.value(at: row))"
    }
  }
}
