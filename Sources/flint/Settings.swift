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
    let connection: ConnectionString
    do {
      connection = try ConnectionSource.resolve(
        remote: remote, name: name, config: { config }, environment: environment)
    } catch {
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
