import Foundation

/// Finds themes by name: the user's `$XDG_CONFIG_HOME/flint/themes/NAME.toml` first, then the
/// built-in ones (the repository's `themes/*.toml`, compiled in by `scripts/embed-themes`).
public enum ThemeCatalog {
  /// The theme used when neither `--theme` nor the config names one.
  public static let defaultName = "dark"

  /// Names of every theme available: built-in and the user's.
  public static func names(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> [String]
  {
    let directory = Config.directory(environment) + "/themes"
    let user = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }
    return Array(Set(BuiltinThemes.files.keys).union(user)).sorted()
  }

  /// Loads a theme by name; an unknown name or a bad file is a SettingsError naming why.
  public static func load(
    _ name: String, _ environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(SettingsError) -> Theme {
    let path = Config.directory(environment) + "/themes/\(name).toml"
    if let data = FileManager.default.contents(atPath: path) {
      return try ThemeLoader.parse(String(decoding: data, as: UTF8.self), file: path)
    }
    guard let text = BuiltinThemes.files[name] else {
      throw SettingsError(
        file: path,
        reason:
          "no theme named '\(name)' (available: \(names(environment).joined(separator: ", ")))")
    }
    return try ThemeLoader.parse(text, file: "themes/\(name).toml")
  }
}
