import Foundation
import SparkConnectClient

/// What Ctrl-Space offers in a context: the cached names that fit, in the order the context
/// ranks them (in an expression: columns of the statement's tables, then functions, then
/// keywords), and the scopes the cache still lacks (fetched while the popup shows the rest).
struct CompletionCandidates: Sendable, Equatable {
  /// The texts to insert, as they will be inserted (names backticked where needed).
  var candidates: [String]
  /// Scopes whose names are not in the cache yet (loading, or to be asked for): the popup
  /// waits for them.
  var missing: [NameScope]
  /// Scopes to fetch without waiting: the server's functions, while the built-in list
  /// stands in for them.
  var background: [NameScope] = []

  /// At most this many candidates are offered.
  static let limit = 200

  init(for context: CompletionContext, names cache: NameCache) {
    var missing: [NameScope] = []
    /// The names of `scope`, noting it as missing when the cache lacks them.
    func lookUp(_ scope: NameScope) -> [String] {
      if let names = cache.names(scope) { return names }
      if !missing.contains(scope) { missing.append(scope) }
      return []
    }
    func sortedNames(_ scope: NameScope) -> [String] {
      lookUp(scope).sorted { $0.lowercased() < $1.lowercased() }
    }
    var background: [NameScope] = []
    func functions() -> [String] {
      if let names = cache.names(.functions) { return names.sorted() }
      background = [.functions]
      return SQLWords.functions.sorted()
    }

    var names: [String] = []
    var words: [String] = []
    switch context.wanted {
    case .nothing:
      break
    case .table(let qualifier) where qualifier.isEmpty:
      names =
        sortedNames(.tables(database: [])) + sortedNames(.databases(catalog: nil))
        + sortedNames(.catalogs)
    case .table(let qualifier) where qualifier.count == 1:
      names = sortedNames(.tables(database: qualifier))
      let catalogs = lookUp(.catalogs).map { $0.lowercased() }
      if catalogs.contains(qualifier[0].lowercased()) {
        names += sortedNames(.databases(catalog: qualifier[0]))
      }
    case .table(let qualifier) where qualifier.count == 2:
      names = sortedNames(.tables(database: qualifier))
    case .table:
      break
    case .columns(let table):
      names = lookUp(.columns(table: table))
    case .expression(let tables):
      var seen: [[String]] = []
      for table in tables where !seen.contains(table.path) {
        seen.append(table.path)
        names += lookUp(.columns(table: table.path))
      }
      if !context.isQuoted { words = functions() + SQLWords.keywords.sorted() }
    case .keyword:
      if !context.isQuoted { words = SQLWords.keywords.sorted() + functions() }
    }

    let prefix = context.prefix.lowercased()
    var offered: [String] = []
    var seen = Set<String>()
    let quoted = names.filter { $0.lowercased().hasPrefix(prefix) && !$0.isEmpty }.map {
      context.isQuoted
        ? "`" + $0.replacingOccurrences(of: "`", with: "``") + "`" : CatalogEntry.quoted($0)
    }
    for text in quoted + words.filter({ $0.lowercased().hasPrefix(prefix) })
    where text != context.typed && seen.insert(text).inserted {
      offered.append(text)
    }
    candidates = Array(offered.prefix(Self.limit))
    self.missing = missing
    self.background = background
  }
}
