import FlintApp
import Foundation
import ResultModel
import SparkConnectClient
import TerminalUI

/// What `flint` runs with, from the command line, the config file and the environment, in
/// that order of precedence.
struct Settings {
  var connection: ConnectionString
  var maxRows: Int
  var theme: Theme
  var keymap: Keymap
  /// The memory budget of loaded results and where rows past it go.
  var spill: SpillPolicy

  /// A failure already phrased for the user.
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func resolve(
    remote: String?, connection name: String?, theme themeName: String?, maxRows: Int?,
    memoryBudget: String? = nil, environment: [String: String]
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
      keymap: keymap, spill: try spillPolicy(memoryBudget: memoryBudget, config: config))
  }

  /// The budget from `--memory-budget`, else the config's, else the default; the spill
  /// directory from the config, else `$XDG_CACHE_HOME/flint/spill`. Spill files that a
  /// killed Flint left there are removed.
  static func spillPolicy(memoryBudget: String?, config: Config) throws -> SpillPolicy {
    var budget = config.memoryBudget ?? MemoryBudget.defaultLimit
    if let memoryBudget {
      guard let bytes = ByteSize.parse(memoryBudget), bytes > 0 else {
        throw Failure(
          description:
            "--memory-budget wants a size such as 512MiB or 4GiB, not '\(memoryBudget)'")
      }
      budget = bytes
    }
    let directory = config.spillDirectory ?? SpillSpace.defaultDirectory
    SpillSpace.removeStale(in: directory)
    return SpillPolicy(
      budget: MemoryBudget(limit: budget),
      space: SpillSpace(directory: directory, limit: config.spillLimit))
  }
}
