import Foundation

/// The persisted history of executed statements: one JSON string per line in
/// `$XDG_STATE_HOME/flint/history` (default `~/.local/state/flint/history`).
public struct HistoryStore: Sendable {
  public let path: String
  /// Entries kept when loading (newest).
  public var limit = 1000

  public init(path: String) { self.path = path }

  /// The default location, from `environment`.
  public static func defaultPath(environment: [String: String]) -> String {
    let base: String
    if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
      base = state
    } else {
      base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
    }
    return base + "/flint/history"
  }

  /// Entries, oldest first; [] when the file is missing or unreadable.
  public func load() -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let entries = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
      try? JSONDecoder().decode(String.self, from: Data(line.utf8))
    }
    return Array(entries.suffix(limit))
  }

  /// Appends one entry (creating the directory); errors are ignored: history is best effort.
  public func append(_ entry: String) {
    guard let encoded = try? JSONEncoder().encode(entry) else { return }
    let directory = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    if !FileManager.default.fileExists(atPath: path) {
      _ = FileManager.default.createFile(
        atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
    }
    guard let handle = FileHandle(forWritingAtPath: path) else { return }
    defer { try? handle.close() }
    _ = try? handle.seekToEnd()
    try? handle.write(contentsOf: encoded + Data("\n".utf8))
  }

  /// Where the editor's text is kept when Flint ended without the user quitting: `draft.sql`
  /// beside the history.
  public var draftPath: String {
    (path as NSString).deletingLastPathComponent + "/draft.sql"
  }

  /// Keeps `text` for the next start (readable by the user only); false if it could not be
  /// written.
  @discardableResult
  public func saveDraft(_ text: String) -> Bool {
    let directory = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return FileManager.default.createFile(
      atPath: draftPath, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
  }

  /// The kept text, removing it (nil when there is none).
  public func takeDraft() -> String? {
    guard let data = FileManager.default.contents(atPath: draftPath) else { return nil }
    try? FileManager.default.removeItem(atPath: draftPath)
    let text = String(decoding: data, as: UTF8.self)
    return text.isEmpty ? nil : text
  }
}
