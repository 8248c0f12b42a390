import ArgumentParser
import SparkConnectClient

/// Where `flint profile` and `flint frequency` read rows from: a table (argument) or a query
/// (`--sql`), exactly one of them.
struct RowSource: ParsableArguments {
  @Option(help: "Use the rows of this query instead of a table.")
  var sql: String?

  @Argument(help: "The table or view, e.g. demo.trips or `my db`.`my table`.")
  var table: String?

  func validate() throws {
    if (table == nil) == (sql == nil) {
      throw ValidationError("give either a table or --sql QUERY")
    }
    if let table, TableName.parts(table) == nil {
      throw ValidationError("cannot read the table name '\(table)'")
    }
  }

  /// The rows as an exploration's base.
  var base: Exploration.Base {
    sql.map { .sql($0) } ?? .table(TableName.parts(table ?? "") ?? [])
  }
}
