import ResultModel
import SparkConnectClient
import TerminalUI

/// Everything the screen shows, as a value. Only `update(_:now:)` changes it.
public struct AppState: Sendable {
  /// An overlay drawn over the panes; it gets the keys while open.
  public enum Overlay: Sendable {
    case help(TextView)
    case inspector(title: String, TextView, copyText: String)
    case search(Prompt)
    case completion(Completion)
    /// The export dialog (and the export it runs).
    case export(ExportDialog)
  }

  /// The completion popup: candidates for the word before the cursor.
  public struct Completion: Sendable {
    public var prefix: String
    public var candidates: [String]
    public var selected = 0
  }

  public var size: Size
  public var focus: Pane = .editor
  public var zoomed = false
  public var editor: TextEditor
  public var tree = Tree()
  /// Catalog node id → what it is.
  public var catalogItems: [String: CatalogItem] = [:]
  /// Whether typed characters go to the catalog filter.
  public var catalogFiltering = false
  public var tabs: [ResultTab] = []
  public var selectedTab = 0
  public var nextQueryID = 1
  public var connection: ConnectionState = .connecting(attempt: 1)
  /// Whether a connection ever succeeded (a later failure is then a *lost* connection).
  public var wasConnected = false
  public var overlay: Overlay?
  /// Row cap for queries (nil = none).
  public var maxRows: Int?
  /// Rows a catalog preview loads at first (`m` loads ten times more).
  static let previewRows = 100
  public var keymap: Keymap
  /// Executed statements, oldest first.
  public var history: [String]
  /// While browsing history: the entry shown, and the text that was there before.
  public var historyIndex: Int?
  public var historyDraft: String?
  /// Buffer character offsets to underline (the failing fragment of the last error).
  public var errorMark: Range<Int>?
  /// A transient message for the status bar.
  public var message: String?
  /// The first `g` of `gg` was typed.
  public var pendingG = false
  /// Why the app is ending, once it is (nil while it runs).
  public var ending: Ending?
  public var quitting: Bool { ending != nil }
  /// Where the export dialog's default paths go ("" = relative to the current directory).
  public var workingDirectory = ""
  /// Seconds on the runtime clock, as of the last event.
  public var now: Double = 0
  public var formatter: CellFormatter
  /// Every style and glyph the renderer uses (from `--theme`, the config, or the default).
  public var theme: Theme {
    didSet { applyThemeToEditor() }
  }

  public init(
    size: Size, maxRows: Int? = 100_000, history: [String] = [], keymap: Keymap = .standard,
    formatter: CellFormatter = CellFormatter(), text: String = "", theme: Theme = .fallback
  ) {
    self.size = size
    self.maxRows = maxRows
    self.history = history
    self.keymap = keymap
    self.formatter = formatter
    self.theme = theme
    editor = TextEditor(text: text)
    applyThemeToEditor()
    editor.showsLineNumbers = true
    tree.title = nil
    syncViewports()
  }

  /// The editor highlights with the theme's token styles.
  mutating func applyThemeToEditor() {
    let theme = self.theme
    editor.lineHighlighter = { line, state in
      let result = SQLHighlighter.spans(
        line, theme: theme, from: SQLHighlighter.LineState(rawValue: state) ?? .code)
      return (result.spans, result.end.rawValue)
    }
  }

  /// The layout for the current size, focus and zoom.
  public var layout: Layout { Layout(size: size, focus: focus, zoomed: zoomed) }

  /// The tab shown in the results pane.
  public var currentTab: ResultTab? {
    tabs.indices.contains(selectedTab) ? tabs[selectedTab] : nil
  }

  /// Whether any query is running (the runtime ticks while it is).
  public var isBusy: Bool {
    if case .connecting = connection { return true }
    return tabs.contains { $0.phase.isActive } || activeExport != nil
  }

  /// Sizes the widgets to the layout (they need it to page and scroll).
  mutating func syncViewports() {
    let layout = self.layout
    let editorInner = Layout.inner(layout.editor)
    editor.viewport = Size(width: max(1, editorInner.width), height: max(1, editorInner.height))
    editor.isFocused = focus == .editor && overlay == nil
    tree.viewportHeight = max(1, Layout.inner(layout.catalog).height - (catalogFiltering ? 1 : 0))
    let grid = Layout.resultParts(layout.results).grid
    for index in tabs.indices {
      tabs[index].grid.viewport = Size(width: max(1, grid.width), height: max(1, grid.height))
    }
  }

  /// The character offset of a position in the editor's text.
  func offset(of position: TextPosition) -> Int {
    var offset = 0
    for line in 0..<min(position.line, editor.lines.count) {
      offset += editor.lines[line].count + 1
    }
    return offset + position.column
  }

  /// The position of a character offset in the editor's text.
  func position(ofOffset offset: Int) -> TextPosition {
    var remaining = max(0, offset)
    for (index, line) in editor.lines.enumerated() {
      if remaining <= line.count { return TextPosition(line: index, column: remaining) }
      remaining -= line.count + 1
    }
    let last = editor.lines.count - 1
    return TextPosition(line: last, column: editor.lines[last].count)
  }
}
