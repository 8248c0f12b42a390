import TOMLKit
import TerminalUI

/// Reads theme files. Colours are `#rrggbb`, `#rgb`, a 256-colour index (0–255), a name
/// (`red`, `bright-blue`, `default`), or a name from the file's own `[palette]`. Styles are
/// inline tables: `{ fg = "accent", bg = 236, bold = true, italic = false, dim = …,
/// underline = …, reverse = … }`. Glyphs are strings. Unknown keys are errors, so a typo
/// never silently does nothing.
public enum ThemeLoader {
  /// Parses a theme file's text; `file` names it in errors. Keys a file leaves out keep
  /// the values of `base`.
  public static func parse(_ text: String, file: String, base: Theme = .fallback)
    throws(SettingsError)
    -> Theme
  {
    let document = try TOMLDocument(text: text, file: file)
    var theme = base
    let root = document.root
    for key in root.keys where !["name", "palette", "styles", "glyphs"].contains(key) {
      throw document.error([key], "unknown key (expected name, [palette], [styles], [glyphs])")
    }
    if let name = root["name"] {
      guard let text = name.string else { throw document.error(["name"], "must be a string") }
      theme.name = text
    }
    var palette: [String: Color] = [:]
    if let table = root["palette"] {
      guard let table = table.table else { throw document.error(["palette"], "must be a table") }
      for key in table.keys {
        palette[key] = try color(table[key], key: ["palette", key], palette: [:], document)
      }
    }
    if let table = root["styles"] {
      guard let table = table.table else { throw document.error(["styles"], "must be a table") }
      let known = Dictionary(uniqueKeysWithValues: Theme.styleKeys.map { ($0.key, $0.path) })
      for key in table.keys {
        guard let path = known[key] else {
          throw document.error(
            ["styles", key],
            "unknown style (known: \(Theme.styleKeys.map(\.key).joined(separator: ", ")))")
        }
        theme[keyPath: path] = try style(
          table[key], key: ["styles", key], palette: palette, document)
      }
    }
    if let table = root["glyphs"] {
      guard let table = table.table else { throw document.error(["glyphs"], "must be a table") }
      let known = Dictionary(uniqueKeysWithValues: Theme.glyphKeys.map { ($0.key, $0.path) })
      for key in table.keys {
        guard let path = known[key] else {
          throw document.error(
            ["glyphs", key],
            "unknown glyph (known: \(Theme.glyphKeys.map(\.key).joined(separator: ", ")))")
        }
        guard let glyph = table[key]?.string, !glyph.isEmpty, DisplayWidth.of(glyph) <= 8 else {
          throw document.error(["glyphs", key], "must be a non-empty string of at most 8 cells")
        }
        theme[keyPath: path] = glyph
      }
    }
    return theme
  }

  static let attributeNames: [(String, TextAttributes)] = [
    ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline),
    ("reverse", .reverse),
  ]

  private static func style(
    _ value: (any TOMLValueConvertible)?, key: [String], palette: [String: Color],
    _ document: TOMLDocument
  ) throws(SettingsError) -> Style {
    guard let table = value?.table else {
      throw document.error(key, "must be an inline table such as { fg = \"cyan\", bold = true }")
    }
    var style = Style()
    for entry in table.keys {
      switch entry {
      case "fg":
        style = style.fg(try color(table[entry], key: key + [entry], palette: palette, document))
      case "bg":
        style = style.bg(try color(table[entry], key: key + [entry], palette: palette, document))
      default:
        guard let attribute = attributeNames.first(where: { $0.0 == entry })?.1 else {
          throw document.error(
            key + [entry], "unknown style key (use fg, bg, bold, dim, italic, underline, reverse)")
        }
        guard let on = table[entry]?.bool else {
          throw document.error(key + [entry], "must be true or false")
        }
        if on { style = style.adding(attribute) }
      }
    }
    return style
  }

  static let colorNames: [String: NamedColor] = {
    var names: [String: NamedColor] = [:]
    let base = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    for (index, name) in base.enumerated() {
      names[name] = NamedColor(rawValue: UInt8(index))
      names["bright-" + name] = NamedColor(rawValue: UInt8(index + 8))
      names["bright_" + name] = NamedColor(rawValue: UInt8(index + 8))
    }
    names["gray"] = NamedColor(rawValue: 8)
    names["grey"] = NamedColor(rawValue: 8)
    return names
  }()

  /// A colour value: hex, 256-index, name, `default`, or a palette entry.
  static func color(
    _ value: (any TOMLValueConvertible)?, key: [String], palette: [String: Color],
    _ document: TOMLDocument
  ) throws(SettingsError) -> Color {
    if let index = value?.int {
      guard (0...255).contains(index) else {
        throw document.error(key, "colour index \(index) is not in 0…255")
      }
      return .indexed(UInt8(index))
    }
    guard let text = value?.string?.lowercased() else {
      throw document.error(key, "must be a colour: \"#rrggbb\", 0…255, a name or a palette entry")
    }
    if text == "default" { return .default }
    if let named = colorNames[text] { return .named(named) }
    if let fromPalette = palette[text] { return fromPalette }
    if text.hasPrefix("#"), let rgb = hex(text.dropFirst()) { return rgb }
    if let index = Int(text), (0...255).contains(index) { return .indexed(UInt8(index)) }
    throw document.error(
      key, "'\(text)' is not a colour (\"#rrggbb\", \"#rgb\", 0…255, a name or a palette entry)")
  }

  private static func hex(_ digits: Substring) -> Color? {
    guard digits.allSatisfy(\.isHexDigit) else { return nil }
    let values = digits.compactMap(\.hexDigitValue).map(UInt8.init)
    switch values.count {
    case 6:
      return .rgb(
        values[0] << 4 | values[1], values[2] << 4 | values[3], values[4] << 4 | values[5])
    case 3: return .rgb(values[0] * 17, values[1] * 17, values[2] * 17)
    default: return nil
    }
  }
}
