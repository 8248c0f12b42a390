import Foundation
import TOMLKit

/// A parsed TOML file plus its text, so errors about a value can name the line it is on.
struct TOMLDocument {
  let file: String
  let root: TOMLTable
  private let lines: [Substring]

  init(text: String, file: String) throws(SettingsError) {
    self.file = file
    lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    do {
      root = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw SettingsError(file: file, line: error.source.begin.line, reason: error.description)
    } catch {
      throw SettingsError(file: file, reason: "\(error)")
    }
  }

  /// An error about the value at a dotted key, with the line the key is written on.
  func error(_ key: [String], _ reason: String) -> SettingsError {
    SettingsError(file: file, line: line(of: key), key: key.joined(separator: "."), reason: reason)
  }

  /// The 1-based line of a dotted key: inside its `[table]` section, or as an inline-table
  /// entry (`grid_header = { fg = … }`), or as a dotted assignment. Nil when not found.
  func line(of key: [String]) -> Int? {
    guard let last = key.last else { return nil }
    var section: [String] = []
    for (index, raw) in lines.enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("[") && !line.hasPrefix("[[") {
        let name = line.dropFirst().prefix { $0 != "]" }
        section = name.split(separator: ".").map {
          $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(
            in: CharacterSet(charactersIn: "\"'"))
        }
        continue
      }
      let relative = Array(key.dropFirst(section.count))
      guard key.starts(with: section), let first = relative.first else { continue }
      let assigned = line.prefix { $0 != "=" }.trimmingCharacters(in: .whitespaces)
      if assigned == relative.joined(separator: ".") { return index + 1 }
      if assigned == first, relative.count > 1, line.contains(last) { return index + 1 }
    }
    return nil
  }
}
