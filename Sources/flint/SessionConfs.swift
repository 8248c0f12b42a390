import ArgumentParser
import SparkConnectClient

/// `--conf key=value` (repeatable): Spark session confs set before the SQL runs or is
/// explained. Shared by `query`, `export` and `explain`.
struct SessionConfs: ParsableArguments {
  @Option(
    name: .customLong("conf"),
    help: ArgumentHelp(
      "A Spark session conf to set before the SQL runs (repeatable).", valueName: "key=value"))
  var values: [String] = []

  func validate() throws {
    for conf in values where !conf.contains("=") || conf.hasPrefix("=") {
      throw ValidationError("--conf expects key=value, got '\(conf)'")
    }
  }

  /// The confs as key and value (a value may itself contain `=`).
  var pairs: [(key: String, value: String)] {
    values.map { conf in
      let parts = conf.split(separator: "=", maxSplits: 1)
      return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
  }

  /// Sets them on `session` (nothing when none were given).
  func apply(to session: SparkConnectSession) async throws(SparkError) {
    let pairs = self.pairs
    if !pairs.isEmpty { try await session.setConf(pairs) }
  }
}
