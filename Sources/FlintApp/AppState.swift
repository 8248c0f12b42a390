import ResultModel
import SparkConnectClient
import TerminalUI

/// Everything the screen shows, as a value. Only `update(_:now:)` changes it: it routes each
/// event to the pane it concerns and keeps what is truly global (size, focus, overlays, the
/// connection, the status message, ending).
public struct AppState: Sendable {
  /// An overlay drawn over the panes; it gets the keys while open.
  public enum Overlay: Sendable {
    case help(TextView)
    case inspector(title: String, TextView, copyText: String)
    case search(Prompt)
    case completion(Completion)
    /// The export dialog (and the export it runs).
    case export(ExportDialog)
    /// A plan: EXPLAIN (F7) or the last run's metrics (F8).
    case plan(PlanView)
    /// The column profile of a view (`I`).
    case profile(ProfileView)
    /// The values of a statement's named markers, asked before it runs.
    case parameters(ParameterForm)
    /// The question a step needs (`|` a filter expression, `%` a fraction).
    case step(StepPrompt)
  }

  public internal(set) var size: Size
  public internal(set) var focus: Pane = .editor
  public internal(set) var zoomed = false
  public internal(set) var overlay: Overlay?
  public internal(set) var connection: ConnectionState = .connecting(attempt: 1)
  /// The version of the server last connected to: nil until a connection succeeds, so a
  /// failure after one is a *lost* connection.
  public internal(set) var serverVersion: String?
  /// The values last given to each named marker (`:zone`) in this session.
  public internal(set) var parameterValues: [String: String] = [:]
  /// The heartbeat whose answer counts (see `Effect.heartbeat`).
  var heartbeatID = 0
  /// Server sessions so far: above 1 after a restarted server made Flint start a new one
  /// (the status bar says so: the old session's temporary views are gone).
  public internal(set) var sessionNumber = 1
  /// A transient message for the status bar.
  public internal(set) var message: String?
  /// Why the app is ending, once it is (nil while it runs); the runtime stops on it.
  public internal(set) var ending: Ending?
  /// Seconds on the runtime clock, as of the last event.
  public internal(set) var now: Double = 0
  public internal(set) var editorPane: EditorPane
  public internal(set) var catalog = CatalogPane()
  public internal(set) var results = ResultsPane()
  /// Names fetched for completion in this session (tables, columns, functions…).
  public internal(set) var names = NameCache()
  /// Where Ctrl-Space was pressed while names were still being fetched: their arrival
  /// refreshes the popup if the text and cursor are still the same.
  var completionWait: CompletionWait?
  /// Every style and glyph the renderer uses (from `--theme`, the config, or the default).
  public let theme: Theme
  public let keymap: Keymap
  public let formatter: CellFormatter
  /// Row cap for queries (nil = none).
  public let maxRows: Int?
  /// Where the export dialog's default paths go ("" = relative to the current directory).
  public let workingDirectory: String

  /// The start-up state. `text` starts the editor with the cursor at its start; a `draft`
  /// (the text kept when Flint last ended without quitting) with the cursor at its end, where
  /// the user left off. `message` is said in the status bar. `spill` is the memory budget of
  /// loaded results and where rows past it go (nil: all rows stay in memory).
  public init(
    size: Size, maxRows: Int? = 100_000, history: [String] = [], keymap: Keymap = .standard,
    formatter: CellFormatter = CellFormatter(), text: String = "", draft: String? = nil,
    theme: Theme = .fallback, spill: SpillPolicy? = nil, workingDirectory: String = "",
    message: String? = nil
  ) {
    self.size = size
    self.maxRows = maxRows
    self.keymap = keymap
    self.formatter = formatter
    self.theme = theme
    self.workingDirectory = workingDirectory
    self.message = message
    results.spill = spill
    editorPane = EditorPane(text: text, history: history, theme: theme)
    if let draft { editorPane.setText(draft) }
    syncViewports()
  }

  // MARK: - Reading

  public var editor: TextEditor { editorPane.editor }
  public var tree: Tree { catalog.tree }
  public var tabs: [ResultTab] { results.tabs }
  public var selectedTab: Int { results.selectedTab }
  /// The tab shown in the results pane.
  public var currentTab: ResultTab? { results.current }
  public var quitting: Bool { ending != nil }

  /// The layout for the current size, focus and zoom.
  public var layout: Layout { Layout(size: size, focus: focus, zoomed: zoomed) }

  /// Whether anything runs that the screen shows time for (the runtime ticks while it does).
  public var isBusy: Bool {
    if case .connecting = connection { return true }
    return results.isBusy || activeExport != nil
  }

  /// Sizes the panes to the layout (they need it to page and scroll).
  mutating func syncViewports() {
    let layout = self.layout
    editorPane.resize(
      Layout.inner(layout.editor).size, focused: focus == .editor && overlay == nil)
    catalog.resize(height: Layout.inner(layout.catalog).height)
    results.resize(grid: Layout.resultParts(layout.results).grid.size)
    if case .plan(var view) = overlay {
      view.pageHeight = max(
        1,
        AppRenderer.planRect(in: Rect(x: 0, y: 0, width: size.width, height: size.height)).height
          - 2)
      overlay = .plan(view)
    }
  }
}
