import TerminalUI

/// Every style and glyph the app draws with, loaded from a theme file (`themes/*.toml` or
/// the user's `$XDG_CONFIG_HOME/flint/themes/NAME.toml`). The app holds one `Theme` value;
/// render functions read it and never change it.
public struct Theme: Sendable, Equatable {
  public var name: String

  // Panes and chrome
  public var border = Style(attributes: .dim)
  public var focusedBorder = Style(foreground: .cyan, attributes: .bold)
  public var title = Style(attributes: .bold)
  public var hint = Style(attributes: .dim)
  public var overlayBorder = Style(foreground: .cyan)
  /// The completion popup's background.
  public var popup = Style(background: .indexed(236))
  public var banner = Style(foreground: .white, background: .red, attributes: .bold)
  // Status bar and progress
  public var statusBar = Style(foreground: .black, background: .white)
  public var statusError = Style(foreground: .white, background: .red, attributes: .bold)
  public var statusOK = Style(foreground: .black, background: .green)
  public var statusBusy = Style(foreground: .black, background: .yellow)
  public var progressDone = Style(foreground: .green)
  public var progressRemaining = Style(attributes: .dim)
  // Editor tokens
  public var keyword = Style(foreground: .blue, attributes: .bold)
  public var string = Style(foreground: .green)
  public var number = Style(foreground: .magenta)
  public var comment = Style(foreground: .brightBlack, attributes: .italic)
  public var identifier = Style(foreground: .cyan)
  public var function = Style(foreground: .yellow)
  public var cursorLine = Style()
  // Errors
  public var errorUnderline = Style(foreground: .red, attributes: [.underline, .bold])
  public var errorText = Style(foreground: .red, attributes: .bold)
  // Grid
  public var gridHeader = Style(foreground: .cyan, attributes: [.bold, .underline])
  public var null = Style(foreground: .brightBlack, attributes: .italic)
  public var selection = Style(attributes: .reverse)
  public var cursor = Style(attributes: [.reverse, .bold])
  public var zebra = Style()
  public var rowNumber = Style(attributes: .dim)
  // Catalog
  public var catalogCatalog = Style(foreground: .magenta, attributes: .bold)
  public var catalogDatabase = Style(foreground: .blue)
  public var catalogTable = Style()
  public var catalogView = Style(attributes: .italic)
  public var catalogColumn = Style()
  public var catalogType = Style(attributes: .dim)
  // Glyphs
  public var nullGlyph = "NULL"
  public var truncationGlyph = "…"
  public var columnSeparator = "│"

  public init(name: String) { self.name = name }

  /// The built-in default, used when no theme file is found or loads.
  public static let fallback = Theme(name: "fallback")
}

extension Theme {
  /// Theme file keys of `[styles]`, and where each lives. The single place that names them,
  /// so the loader, the docs and the tests agree.
  static var styleKeys: [(key: String, path: WritableKeyPath<Theme, Style>)] {
    [
      ("border", \.border), ("focused_border", \.focusedBorder), ("title", \.title),
      ("hint", \.hint), ("overlay_border", \.overlayBorder), ("popup", \.popup),
      ("banner", \.banner),
      ("status_bar", \.statusBar), ("status_error", \.statusError), ("status_ok", \.statusOK),
      ("status_busy", \.statusBusy), ("progress_done", \.progressDone),
      ("progress_remaining", \.progressRemaining),
      ("keyword", \.keyword), ("string", \.string), ("number", \.number), ("comment", \.comment),
      ("identifier", \.identifier), ("function", \.function), ("cursor_line", \.cursorLine),
      ("error_underline", \.errorUnderline), ("error_text", \.errorText),
      ("grid_header", \.gridHeader), ("null", \.null), ("selection", \.selection),
      ("cursor", \.cursor), ("zebra", \.zebra), ("row_number", \.rowNumber),
      ("catalog_catalog", \.catalogCatalog), ("catalog_database", \.catalogDatabase),
      ("catalog_table", \.catalogTable), ("catalog_view", \.catalogView),
      ("catalog_column", \.catalogColumn), ("catalog_type", \.catalogType),
    ]
  }

  static var glyphKeys: [(key: String, path: WritableKeyPath<Theme, String>)] {
    [
      ("null", \.nullGlyph), ("truncation", \.truncationGlyph),
      ("column_separator", \.columnSeparator),
    ]
  }
}
