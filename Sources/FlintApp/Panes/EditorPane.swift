import SparkConnectClient
import TerminalUI

/// The SQL editor pane: the text, the history of run statements and where the last error
/// points. It decides what F5 runs; the app starts the query.
public struct EditorPane: Sendable {
  /// Browsing the history with Alt-p / Alt-n: the entry shown, and the text that was there.
  public struct HistoryBrowse: Sendable, Equatable {
    public var index: Int
    public var draft: String
  }

  public private(set) var editor: TextEditor
  /// Statements run, oldest first.
  public private(set) var history: [String]
  public private(set) var browse: HistoryBrowse?
  /// Character offsets of the text to underline (the failing fragment of the last error).
  public private(set) var errorMark: Range<Int>?

  init(text: String, history: [String], theme: Theme) {
    editor = TextEditor(text: text)
    self.history = history
    editor.showsLineNumbers = true
    apply(theme)
  }

  /// The editor highlights with the theme's token styles.
  mutating func apply(_ theme: Theme) {
    editor.lineHighlighter = { line, state in
      let result = SQLHighlighter.spans(
        line, theme: theme, from: SQLHighlighter.LineState(rawValue: state) ?? .code)
      return (result.spans, result.end.rawValue)
    }
  }

  /// Sizes the editor to the inside of its pane.
  mutating func resize(_ viewport: Size, focused: Bool) {
    editor.viewport = Size(width: max(1, viewport.width), height: max(1, viewport.height))
    editor.isFocused = focused
  }

  // MARK: - Keys

  /// Performs an editor action; nil when it is not the editor's (the key falls through).
  mutating func perform(_ action: Action) -> [PaneRequest]? {
    switch action {
    case .historyPrevious:
      browseHistory(by: -1)
    case .historyNext:
      browseHistory(by: 1)
    default:
      return nil
    }
    return []
  }

  /// A key no action claimed: edits the text. A change ends history browsing and the error
  /// underline (the text no longer is what failed).
  mutating func handle(_ key: KeyEvent) {
    let before = editor.text
    editor.handle(key)
    if editor.text != before { textChanged() }
  }

  mutating func paste(_ text: String) {
    editor.paste(text)
    textChanged()
  }

  /// Inserts `text` at the cursor (a catalog name, a completion).
  mutating func insert(_ text: String) {
    editor.insert(text)
    textChanged()
  }

  /// Appends `text` after the last line, separated by a blank line (so it is a statement of
  /// its own), and leaves the cursor at its end. Nothing typed is lost; Ctrl-Z takes it back.
  mutating func append(_ text: String) {
    let last = editor.lines.count - 1
    editor.move(to: TextPosition(line: last, column: editor.lines[last].count))
    let existing = editor.text
    var separator = ""
    if !existing.allSatisfy(\.isWhitespace) {
      separator = existing.hasSuffix("\n\n") ? "" : existing.hasSuffix("\n") ? "\n" : "\n\n"
    }
    editor.insert(separator + text)
    textChanged()
  }

  /// Ctrl-X was pressed with nothing selected: Ctrl-E next opens the external editor.
  var awaitsCtrlXSecondKey = false

  /// The text edited outside comes back: the cursor stays where it was (clamped to the new
  /// text), in the statement it was in. Ctrl-Z takes the whole edit back.
  mutating func replaceAll(with text: String) {
    let cursor = editor.cursor
    editor.selectAll()
    editor.insert(text)
    let line = min(cursor.line, editor.lines.count - 1)
    editor.move(to: TextPosition(line: line, column: min(cursor.column, editor.lines[line].count)))
    textChanged()
  }

  mutating func setText(_ text: String) {
    editor.setText(text)
    textChanged()
  }

  private mutating func textChanged() {
    errorMark = nil
    browse = nil
  }

  /// Alt-p (`step` -1) and Alt-n (+1): older and newer history entries; past the newest, the
  /// text that was there before browsing comes back.
  mutating func browseHistory(by step: Int) {
    if step < 0 {
      guard !history.isEmpty else { return }
      let index = browse.map { max(0, $0.index - 1) } ?? history.count - 1
      let draft = browse?.draft ?? editor.text
      editor.setText(history[index])
      browse = HistoryBrowse(index: index, draft: draft)
    } else {
      guard let current = browse else { return }
      if current.index + 1 < history.count {
        editor.setText(history[current.index + 1])
        browse = HistoryBrowse(index: current.index + 1, draft: current.draft)
      } else {
        editor.setText(current.draft)
        browse = nil
      }
    }
    errorMark = nil
  }

  /// Adds a statement that was run to the history; false when it repeats the last entry.
  mutating func record(_ sql: String) -> Bool {
    browse = nil
    guard history.last != sql else { return false }
    history.append(sql)
    return true
  }

  // MARK: - What to run

  /// F5: the selection, else the statement under the cursor (a blank line ends it), with
  /// its character offset in the text; nil when there is nothing to run.
  func statementToRun() -> (sql: String, offset: Int)? {
    if let selection = editor.selection,
      !editor.selectedText.allSatisfy(\.isWhitespace)
    {
      return (editor.selectedText, offset(of: selection.lowerBound))
    }
    guard let statement = SQLScript.statement(at: offset(of: editor.cursor), in: editor.text)
    else { return nil }
    return (statement.text, statement.offset)
  }

  /// Underlines `range` (character offsets) of the text.
  mutating func markError(_ range: Range<Int>) { errorMark = range }

  mutating func clearError() { errorMark = nil }

  // MARK: - Completion

  /// What kind of name the cursor wants (see `CompletionContext`).
  var completionContext: CompletionContext {
    CompletionContext.at(offset(of: editor.cursor), in: editor.text)
  }

  /// Replaces the name `context` found around the cursor with `word` (keywords in the case
  /// the user typed them).
  mutating func acceptCompletion(_ word: String, context: CompletionContext) {
    for _ in 0..<context.following.count { editor.deleteForward() }
    for _ in 0..<context.typed.count { editor.deleteBackward() }
    let keyword = SQLWords.keywords.contains(word)
    let lowerTyped = !context.typed.isEmpty && context.typed == context.typed.lowercased()
    insert(keyword && lowerTyped ? word.lowercased() : word)
  }

  // MARK: - Offsets

  /// The character offset of a position in the text.
  func offset(of position: TextPosition) -> Int {
    var offset = 0
    for line in 0..<min(position.line, editor.lines.count) {
      offset += editor.lines[line].count + 1
    }
    return offset + position.column
  }

  /// The position of a character offset in the text.
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

/// The completion popup: candidates for the name before the cursor.
public struct Completion: Sendable {
  /// Where the popup was opened (the name it replaces).
  public var context: CompletionContext
  /// The texts to insert, best first.
  public var candidates: [String]
  public var selected = 0

  /// The text before the cursor a candidate replaces (the popup opens under its start).
  public var typed: String { context.typed }
}
