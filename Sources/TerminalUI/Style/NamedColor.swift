/// The 16 ANSI colours; the first 8 are also the 8-colour palette.
public enum NamedColor: UInt8, Hashable, Sendable, CaseIterable {
  case black = 0, red, green, yellow, blue, magenta, cyan, white
  case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan,
    brightWhite

  /// The palette index (0–15), which is also the xterm 256-colour index.
  public var index: Int { Int(rawValue) }

  /// The dim version of a bright colour (itself for the first 8).
  public var base: NamedColor { NamedColor(rawValue: rawValue % 8) ?? .white }

  /// Approximate xterm RGB of the palette entry, used to pick the nearest named colour.
  var rgb: (UInt8, UInt8, UInt8) {
    switch self {
    case .black: (0, 0, 0)
    case .red: (205, 0, 0)
    case .green: (0, 205, 0)
    case .yellow: (205, 205, 0)
    case .blue: (0, 0, 238)
    case .magenta: (205, 0, 205)
    case .cyan: (0, 205, 205)
    case .white: (229, 229, 229)
    case .brightBlack: (127, 127, 127)
    case .brightRed: (255, 0, 0)
    case .brightGreen: (0, 255, 0)
    case .brightYellow: (255, 255, 0)
    case .brightBlue: (92, 92, 255)
    case .brightMagenta: (255, 0, 255)
    case .brightCyan: (0, 255, 255)
    case .brightWhite: (255, 255, 255)
    }
  }
}
