/// Why a theme or config file could not be used: the file, the line and the key, and why.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  /// 1-based line, when known.
  public var line: Int?
  /// The dotted key (`styles.grid_header.fg`), when the problem is a value.
  public var key: String?
  public var reason: String

  public init(file: String, line: Int? = nil, key: String? = nil, reason: String) {
    self.file = file
    self.line = line
    self.key = key
    self.reason = reason
  }

  public var description: String {
    var text = file
    if let line { text += ":\(line)" }
    text += ": "
    if let key { text += "\(key): " }
    return text + reason
  }
}
