import Foundation
import TOMLKit
import TerminalUI

/// `$XDG_CONFIG_HOME/flint/config.toml` (default `~/.config/flint/config.toml`):
///
/// ```toml
/// theme = "dark"            # a built-in theme or one in ~/.config/flint/themes/NAME.toml
/// max_rows = 100000         # the row cap pushed into queries (0 = none)
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
        throw document.error([key], "unknown key (expected theme, max_rows, [connections], [keys])")
      }
    }
    return config
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
