import ArgumentParser
import Foundation
import SparkConnectClient

/// `flint catalog`: catalogs, databases and tables, as text or JSON.
struct Catalog: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List catalogs, databases and tables.")

  @OptionGroup var connection: ConnectionOptions

  @Flag(name: .long, help: "Print JSON (one object with catalogs → databases → tables).")
  var json = false

  @Option(name: .long, help: "Only this catalog.")
  var catalog: String?

  @Flag(name: .long, help: "Also list each table's columns and types.")
  var columns = false

  struct Listing: Codable {
    struct Database: Codable {
      var name: String
      var tables: [Table]
    }
    struct Table: Codable {
      var name: String
      var type: String?
      var temporary: Bool
      var columns: [Column]?
    }
    struct Column: Codable {
      var name: String
      var type: String?
    }
    struct CatalogInfo: Codable {
      var name: String
      var databases: [Database]
    }
    var catalogs: [CatalogInfo]
  }

  func run() async throws {
    try await reportingErrors {
      let session = try await connection.connect()
      defer { Task { await session.close() } }
      var listing = Listing(catalogs: [])
      var catalogs = try await session.listCatalogs().map(\.name)
      if let catalog { catalogs = catalogs.filter { $0 == catalog } }
      if catalogs.isEmpty, let catalog {
        throw CLIError(message: "no catalog named '\(catalog)'")
      }
      for catalogName in catalogs {
        var info = Listing.CatalogInfo(name: catalogName, databases: [])
        let databases: [CatalogEntry]
        do {
          databases = try await session.listDatabases(catalog: catalogName)
        } catch {
          StandardStreams.error("flint: cannot list databases of \(catalogName): \(error)\n")
          continue
        }
        for database in databases {
          var tables: [Listing.Table] = []
          for table in try await session.listTables(catalog: catalogName, database: database.name)
          where !table.isTemporary {
            var entry = Listing.Table(
              name: table.name, type: table.detail, temporary: table.isTemporary)
            if columns {
              entry.columns = try await session.listColumns(
                catalog: catalogName, database: database.name, table: table.name
              ).map { Listing.Column(name: $0.name, type: $0.detail) }
            }
            tables.append(entry)
          }
          info.databases.append(.init(name: database.name, tables: tables))
        }
        listing.catalogs.append(info)
      }
      await session.close()
      if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(listing)
        try StandardStreams.output(data + Data("\n".utf8))
      } else {
        var text = ""
        for catalog in listing.catalogs {
          text += "\(catalog.name)\n"
          for database in catalog.databases {
            text += "  \(database.name)\n"
            for table in database.tables {
              text +=
                "    \(table.name)" + (table.type.map { "  (\($0.lowercased()))" } ?? "") + "\n"
              for column in table.columns ?? [] {
                text += "      \(column.name)  \(column.type ?? "")\n"
              }
            }
          }
        }
        try StandardStreams.output(text)
      }
    }
  }
}
