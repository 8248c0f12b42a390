import Foundation
import ResultModel
import TOMLKit
import TerminalUI

/// `$XDG_CONFIG_HOME/flint/config.toml` (default `~/.config/flint/config.toml`):
///
/// ```toml
/// theme = "dark"            # a built-in theme or one in ~/.config/flint/themes/NAME.toml
/// max_rows = 100000         # the row cap pushed into queries (0 = none)
/// memory_budget = "2GiB"    # loaded results kept in memory (default ¼ of RAM, ≤ 4 GiB)
/// spill_dir = "/scratch/flint"  # where the rest goes (default $XDG_CACHE_HOME/flint/spill)
/// spill_limit = "20GiB"     # most disk the spill files take (default ½ the free space)
///
/// [connections.prod]        # `flint -c prod`
/// url = "sc://spark.example.com:443/;use_ssl=true"
/// token_env = "PROD_SPARK_TOKEN"   # the token comes from this environment variable
///
/// [keys]                    # action = key or [keys]; see the help overlay (F1) for actions
/// run_statement = ["F5", "Ctrl-J"]
/// quit = "Ctrl-Q"
/// ```
///
/// Tokens are never stored in the file; a `token` key is rejected with a pointer to
/// `token_env`.
public struct Config: Sendable, Equatable {
  /// A named connection.
  public struct Connection: Sendable, Equatable {
    public var url: String
    /// The environment variable that holds the token, if any.
    public var tokenEnvironmentVariable: String?
  }

  public var theme: String?
  public var maxRows: Int?
  /// Bytes of loaded results kept in memory (`memory_budget`); nil for the default.
  public var memoryBudget: Int?
  /// Where results past the budget spill (`spill_dir`); nil for the default.
  public var spillDirectory: String?
  /// The most bytes spill files may take (`spill_limit`); nil for half the free space.
  public var spillLimit: Int?
  public var connections: [String: Connection] = [:]
  /// Action name (as in the keymap) → the keys bound to it, replacing the defaults.
  public var keys: [String: [KeyEvent]] = [:]

  public init() {}

  /// The config directory: `$XDG_CONFIG_HOME/flint` or `~/.config/flint`.
  public static func directory(
    _ environment: [String: String] = ProcessInfo.processInfo.environment
  )
    -> String
  {
    let base =
      environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
    return base + "/flint"
  }

  /// Loads the config file; a missing file is an empty config.
  public static func load(
    _ environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(SettingsError) -> Config {
    let path = directory(environment) + "/config.toml"
    guard let data = FileManager.default.contents(atPath: path) else { return Config() }
    return try parse(String(decoding: data, as: UTF8.self), file: path)
  }

  public static func parse(_ text: String, file: String) throws(SettingsError) -> Config {
    let document = try TOMLDocument(text: text, file: file)
    let root = document.root
    var config = Config()
    for key in root.keys {
      switch key {
      case "theme":
        guard let name = root[key]?.string, !name.isEmpty else {
          throw document.error([key], "must be a theme name")
        }
        config.theme = name
      case "max_rows":
        guard let rows = root[key]?.int, rows >= 0 else {
          throw document.error([key], "must be a whole number ≥ 0 (0 = no cap)")
        }
        config.maxRows = rows
      case "memory_budget":
        config.memoryBudget = try size(root[key], key: key, document)
      case "spill_limit":
        config.spillLimit = try size(root[key], key: key, document)
      case "spill_dir":
        guard let path = root[key]?.string, !path.isEmpty else {
          throw document.error([key], "must be a directory path")
        }
        config.spillDirectory = path
      case "connections":
        guard let table = root[key]?.table else { throw document.error([key], "must be a table") }
        for name in table.keys {
          config.connections[name] = try connection(table[name], name: name, document)
        }
      case "keys":
        guard let table = root[key]?.table else { throw document.error([key], "must be a table") }
        for action in table.keys {
          let value = table[action]
          let texts: [String]
          if let single = value?.string {
            texts = [single]
          } else if let array = value?.array {
            texts = try array.map {
              (item: any TOMLValueConvertible) throws(SettingsError) -> String in
              guard let text = item.string else {
                throw document.error(["keys", action], "must be a key or a list of keys")
              }
              return text
            }
          } else {
            throw document.error(["keys", action], "must be a key or a list of keys")
          }
          config.keys[action] = try texts.map { (text: String) throws(SettingsError) -> KeyEvent in
            guard let event = KeyNotation.parse(text) else {
              throw document.error(
                ["keys", action],
                "'\(text)' is not a key (e.g. \"F5\", \"Ctrl-J\", \"Alt-x\", \"Shift-Tab\", \"g\")")
            }
            return event
          }
        }
      default:
        throw document.error(
          [key],
          "unknown key (expected theme, max_rows, memory_budget, spill_dir, spill_limit, [connections], [keys])"
        )
      }
    }
    return config
  }

  /// A size: a string such as "64MiB" or "4GiB", or a whole number of bytes.
  private static func size(
    _ value: (any TOMLValueConvertible)?, key: String, _ document: TOMLDocument
  ) throws(SettingsError) -> Int {
    if let bytes = value?.int, bytes > 0 { return bytes }
    if let text = value?.string, let bytes = ByteSize.parse(text), bytes > 0 { return bytes }
    throw document.error([key], "must be a size such as \"512MiB\" or \"4GiB\"")
  }

  private static func connection(
    _ value: (any TOMLValueConvertible)?, name: String, _ document: TOMLDocument
  ) throws(SettingsError) -> Connection {
    let key = ["connections", name]
    guard let table = value?.table else { throw document.error(key, "must be a table") }
    var url: String?
    var tokenVariable: String?
    for entry in table.keys {
      switch entry {
      case "url":
        guard let text = table[entry]?.string else {
          throw document.error(key + [entry], "must be a string")
        }
        guard !text.contains(";token=") else {
          throw document.error(
            key + [entry],
            "holds a token; put it in an environment variable and name it in token_env")
        }
        url = text
      case "token_env":
        guard let text = table[entry]?.string, !text.isEmpty else {
          throw document.error(key + [entry], "must name an environment variable")
        }
        tokenVariable = text
      case "token":
        throw document.error(
          key + [entry],
          "tokens are not stored in the config; set token_env to an environment variable")
      default:
        throw document.error(key + [entry], "unknown key (expected url, token_env)")
      }
    }
    guard let url else { throw document.error(key, "needs a url") }
    return Connection(url: url, tokenEnvironmentVariable: tokenVariable)
  }
}
