import SparkConnectProto

/// Names for completion, as SQL would name them: relative to the session's current catalog
/// and database, so nothing needs to be known about the session first.
extension SparkConnectSession {
  /// Tables and views of a database: `[]` the current database (with the session's
  /// temporary views), `[db]` a database of the current catalog, `[catalog, db]`.
  public func tableNames(in database: [String]) async throws(SparkError) -> [String] {
    let rows = try await collectRows(
      .catalog { catalog in
        if database.isEmpty {
          catalog.listTables = .init()
        } else {
          catalog.listTables.dbName = Self.qualified(database)
        }
      })
    return rows.compactMap { $0["name"] }
  }

  /// Columns of a table named `[t]`, `[db, t]` or `[catalog, db, t]`.
  public func columnNames(of table: [String]) async throws(SparkError) -> [String] {
    let rows = try await collectRows(.catalog { $0.listColumns.tableName = Self.qualified(table) })
    return rows.compactMap { $0["name"] }
  }

  /// Databases of a catalog (nil: the current catalog).
  public func databaseNames(in catalog: String?) async throws(SparkError) -> [String] {
    let sql = catalog.map { "SHOW NAMESPACES IN " + CatalogEntry.quoted($0) } ?? "SHOW NAMESPACES"
    let rows = try await collectRows(.sql(sql))
    return rows.compactMap { $0["namespace"] ?? $0.values.first }
  }

  /// The functions the server knows, built-in and temporary (`SHOW FUNCTIONS`), that are
  /// plain words: operators (`+`, `<=>`) and qualified names are left out.
  public func functionNames() async throws(SparkError) -> [String] {
    let rows = try await collectRows(.sql("SHOW FUNCTIONS"))
    return rows.compactMap { $0["function"] }.filter { name in
      name.first.map { $0.isLetter || $0 == "_" } == true
        && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
  }

  /// A multi-part name as SQL text, each part backticked where needed.
  static func qualified(_ parts: [String]) -> String {
    parts.map(CatalogEntry.quoted).joined(separator: ".")
  }
}
