import FlintApp
import Foundation
import SparkConnectClient

/// Where a command's connection comes from, the same for the explorer and the headless
/// commands: a URL (`--remote` or the positional one), else a named connection (`-c NAME`,
/// `[connections.NAME]` in config.toml), else `$SPARK_REMOTE`, else sc://localhost:15002.
/// The token is the URL's own, else the named connection's `token_env`, else
/// `$SPARK_CONNECT_AUTHENTICATE_TOKEN`.
enum ConnectionSource {
  /// A failure already phrased for the user; never contains a token.
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The connection to open. `config` is read only for a named connection.
  static func resolve(
    remote: String?, name: String?, config: () throws -> Config, environment: [String: String]
  ) throws(Failure) -> ConnectionString {
    do {
      if remote == nil, let name {
        let loaded: Config
        do { loaded = try config() } catch { throw Failure(description: "config: \(error)") }
        return try named(name, in: loaded, environment: environment)
      }
      return try ConnectionString.resolve(remote, environment: environment)
    } catch let error as ConnectionStringError {
      throw Failure(description: error.description)
    } catch let error as Failure {
      throw error
    } catch {
      throw Failure(description: "\(error)")
    }
  }

  private static func named(_ name: String, in config: Config, environment: [String: String])
    throws -> ConnectionString
  {
    guard let named = config.connections[name] else {
      let known = config.connections.keys.sorted().joined(separator: ", ")
      throw Failure(
        description:
          "no connection named '\(name)' in \(Config.directory(environment))/config.toml"
          + (known.isEmpty ? "" : " (known: \(known))"))
    }
    var connection = try ConnectionString(parsing: named.url)
    if let variable = named.tokenEnvironmentVariable {
      guard let token = environment[variable], !token.isEmpty else {
        throw Failure(
          description: "connection '\(name)' takes its token from $\(variable), which is not set")
      }
      connection.token = token
    }
    connection.takeTokenIfMissing(from: environment)
    return connection
  }
}
