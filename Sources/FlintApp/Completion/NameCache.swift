import SparkConnectClient

/// A list of names the server gives for completion, named as SQL names them: relative to the
/// session's current catalog and database, so no round trip is needed to learn those first.
public enum NameScope: Hashable, Sendable {
  case catalogs
  /// Databases of a catalog (nil: the current catalog).
  case databases(catalog: String?)
  /// Tables and views of a database: `[]` the current database, `[db]` a database of the
  /// current catalog, `[catalog, db]`.
  case tables(database: [String])
  /// Columns of a table named `[t]`, `[db, t]` or `[catalog, db, t]`.
  case columns(table: [String])
  /// The functions the server knows (`SHOW FUNCTIONS`).
  case functions
}

/// The names fetched for completion in this session: filled on demand by `Effect.loadNames`,
/// emptied by the catalog's refresh (`r`) and a new session. A failed fetch counts as no
/// names until the next Ctrl-Space, which asks again.
public struct NameCache: Sendable {
  /// One scope's fetch: asked for and not answered yet, its names, or why there are none.
  public enum Entry: Sendable, Equatable {
    case loading
    case loaded([String])
    case failed(String)
  }

  public private(set) var entries: [NameScope: Entry] = [:]
  /// Bumped when the cache is emptied; answers to requests made before are dropped.
  public private(set) var generation = 0

  /// The names of `scope`: nil while unknown, none when its fetch failed.
  public func names(_ scope: NameScope) -> [String]? {
    switch entries[scope] {
    case .loaded(let names)?: names
    case .failed?: []
    case .loading?, nil: nil
    }
  }

  /// Forgets failed fetches, so they are asked again (at the next Ctrl-Space).
  mutating func forgetFailures() {
    entries = entries.filter {
      if case .failed = $0.value { return false }
      return true
    }
  }

  /// Marks the scopes nobody asked for yet as loading and returns them (to be fetched).
  mutating func request(_ scopes: [NameScope]) -> [NameScope] {
    var asked: [NameScope] = []
    for scope in scopes where entries[scope] == nil && !asked.contains(scope) {
      entries[scope] = .loading
      asked.append(scope)
    }
    return asked
  }

  /// Keeps the answer to a request of `generation`; false when the request is stale (the
  /// cache was emptied since).
  mutating func store(_ result: Result<[String], SparkError>, for scope: NameScope, generation: Int)
    -> Bool
  {
    guard generation == self.generation else { return false }
    switch result {
    case .success(let names): entries[scope] = .loaded(names)
    case .failure(let error): entries[scope] = .failed(error.message)
    }
    return true
  }

  /// Names the catalog tree loaded anyway (its catalogs, a catalog's databases, …): no need
  /// to ask for them again.
  mutating func learn(_ items: [CatalogEntry], under path: [String]) {
    let names = items.map(\.name)
    switch path.count {
    case 0: entries[.catalogs] = .loaded(names)
    case 1: entries[.databases(catalog: path[0])] = .loaded(names)
    case 2: entries[.tables(database: path)] = .loaded(names)
    default: entries[.columns(table: path)] = .loaded(names)
    }
  }

  /// Forgets everything (the catalog's `r`, a new session).
  mutating func clear() {
    entries = [:]
    generation += 1
  }
}
