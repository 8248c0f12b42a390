/// Where and how the server writes a query's result with the DataFrame writer
/// (`df.write.format(source).mode(mode).options(options).save(path)`): the rows never leave
/// the cluster, so this suits results too large to bring home.
public struct ServerWrite: Sendable, Equatable {
  /// What happens when the path already holds data (Spark's `SaveMode`).
  public enum SaveMode: String, Sendable, CaseIterable {
    /// Fail with an error (`PATH_ALREADY_EXISTS`); Spark's default.
    case error
    /// Replace what is there.
    case overwrite
    /// Add files beside what is there.
    case append
    /// Write nothing, silently.
    case ignore
  }

  /// The data source: "parquet", "csv", "json" (anything the server's writer knows).
  public var source: String
  /// A path the *server* can reach (a directory of part files, as Spark writes them).
  public var path: String
  public var mode: SaveMode
  /// Writer options, e.g. `header=true` and `sep=;` for csv, `compression=zstd`.
  public var options: [String: String]

  public init(
    source: String, path: String, mode: SaveMode = .error, options: [String: String] = [:]
  ) {
    self.source = source
    self.path = path
    self.mode = mode
    self.options = options
  }
}
