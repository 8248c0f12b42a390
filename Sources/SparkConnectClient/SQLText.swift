import Foundation

/// The few SQL texts Flint writes itself, in one place, with every name quoted.
public enum SQLText {
  /// A table's rows (the caller caps them: the cap, not a LIMIT, tells whether more exist).
  public static func preview(_ table: CatalogEntry) -> String {
    "SELECT * FROM \(table.qualifiedName)"
  }

  /// Spark's description of a table: columns, partitioning, location, statistics.
  public static func describe(_ table: CatalogEntry) -> String {
    "DESCRIBE TABLE EXTENDED \(table.qualifiedName)"
  }

  /// `query` (one query; a trailing `;` is fine) ordered by its result column `column`,
  /// NULLs last.
  public static func ordered(_ query: String, by column: String, ascending: Bool) -> String {
    let base = query.trimmingCharacters(in: CharacterSet(charactersIn: "; \n\t"))
    return
      "SELECT * FROM (\n\(base)\n) ORDER BY \(CatalogEntry.quoted(column)) \(ascending ? "ASC" : "DESC") NULLS LAST"
  }
}
