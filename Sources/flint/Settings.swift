import FlintApp
import Foundation
import SparkConnectClient
import TerminalUI

/// What `flint` runs with, from the command line, the config file and the environment, in
/// that order of precedence.
struct Settings {
  var connection: ConnectionString
  var maxRows: Int
  var theme: Theme
  var keymap: Keymap

  /// A failure already phrased for the user.
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func resolve(
    remote: String?, connection name: String?, theme themeName: String?, maxRows: Int?,
    environment: [String: String]
  ) throws -> Settings {
    let config: Config
    do {
      config = try Config.load(environment)
    } catch {
      throw Failure(description: "config: \(error)")
    }
    var connection: ConnectionString
    do {
      if let remote {
        connection = try ConnectionString(parsing: remote)
      } else if let name {
        guard let named = config.connections[name] else {
          let known = config.connections.keys.sorted().joined(separator: ", ")
          throw Failure(
            description:
              "no connection named '\(name)' in \(Config.directory(environment))/config.toml"
              + (known.isEmpty ? "" : " (known: \(known))"))
        }
        connection = try ConnectionString(parsing: named.url)
        if let variable = named.tokenEnvironmentVariable {
          guard let token = environment[variable], !token.isEmpty else {
            throw Failure(
              description:
                "connection '\(name)' takes its token from $\(variable), which is not set")
          }
          connection.token = token
        }
      } else {
        connection = try ConnectionString.fromEnvironment(environment)
      }
    } catch let error as ConnectionStringError {
      throw Failure(description: error.description)
    }
    let theme: Theme
    do {
      theme = try ThemeCatalog.load(
        themeName ?? config.theme ?? ThemeCatalog.defaultName, environment)
    } catch {
      throw Failure(description: "theme: \(error)")
    }
    var keymap = Keymap.standard
    for (actionName, keys) in config.keys {
      guard let action = Action(configName: actionName) else {
        throw Failure(
          description:
            "config: [keys] \(actionName): no such action (known: \(Action.allCases.map { $0.configName }.joined(separator: ", ")))"
        )
      }
      keymap.rebind(action, to: keys)
    }
    return Settings(
      connection: connection, maxRows: maxRows ?? config.maxRows ?? 100_000, theme: theme,
      keymap: keymap)
  }
}
