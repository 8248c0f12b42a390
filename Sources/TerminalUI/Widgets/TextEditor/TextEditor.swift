/// A multi-line text editor: grapheme-aware cursor, selection, internal clipboard,
/// undo/redo, horizontal and vertical scrolling, optional syntax highlighting.
///
/// State changes only through its mutating methods (`handle(_:)`, `paste(_:)`, ...).
/// Before handling keys, the app sets `viewport` to the size the editor is drawn at, so
/// scrolling keeps the cursor visible.
public struct TextEditor: Sendable {
  /// The text, one array of graphemes per line (never empty: at least one line).
  public private(set) var lines: [[Character]] = [[]]
  /// The cursor (the moving end of the selection).
  public private(set) var cursor = TextPosition(line: 0, column: 0)
  /// The fixed end of the selection; nil when nothing is selected.
  public private(set) var anchor: TextPosition?
  /// What cut/copy stored (the app mirrors it to the system clipboard with OSC 52).
  public private(set) var clipboard = ""
  /// First visible line (0-based).
  public private(set) var scrollTop = 0
  /// Display cells scrolled off to the left.
  public private(set) var scrollLeft = 0
  /// Size of the text area in cells (set by the app from its layout).
  public var viewport = Size(width: 80, height: 24) {
    didSet { revealCursor() }
  }
  /// Styles spans of one line (grapheme offsets); nil for plain text.
  public var highlighter: (@Sendable (String) -> [StyleSpan])?
  /// A highlighter whose state runs from line to line (e.g. inside a block comment): given a
  /// line and the state at its start (0 for the first line), it returns the line's spans and
  /// the state at its end. Used instead of `highlighter` when set.
  public var lineHighlighter: (@Sendable (String, Int) -> (spans: [StyleSpan], end: Int))?
  public var textStyle = Style.plain
  public var selectionStyle = Style(attributes: .reverse)
  /// Whether the terminal cursor is shown (only the focused pane shows it).
  public var isFocused = true
  /// Spaces a Tab key inserts (and a pasted tab becomes).
  public var tabWidth = 2

  private var undoStack: [Snapshot] = []
  private var redoStack: [Snapshot] = []
  /// The kind of the last edit, to merge consecutive typing into one undo step.
  private var lastEdit: EditKind = .other

  struct Snapshot: Sendable {
    var lines: [[Character]]
    var cursor: TextPosition
    var anchor: TextPosition?
  }

  enum EditKind: Sendable { case typing, deleting, other }

  public init(text: String = "") {
    lines = TextEditor.split(text)
  }

  /// The whole text, lines joined with "\n".
  public var text: String { lines.map { String($0) }.joined(separator: "\n") }

  /// The selected text ("" when nothing is selected).
  public var selectedText: String {
    guard let range = selection else { return "" }
    return String(extract(range))
  }

  /// The selection as an ordered range (start inclusive, end exclusive); nil when empty.
  public var selection: Range<TextPosition>? {
    guard let anchor, anchor != cursor else { return nil }
    return min(anchor, cursor)..<max(anchor, cursor)
  }

  public var canUndo: Bool { !undoStack.isEmpty }
  public var canRedo: Bool { !redoStack.isEmpty }

  // MARK: - Editing

  /// Replaces the whole text (one undo step) and puts the cursor at the end.
  public mutating func setText(_ text: String) {
    pushUndo(.other)
    lines = TextEditor.split(text)
    cursor = TextPosition(line: lines.count - 1, column: lines[lines.count - 1].count)
    anchor = nil
    revealCursor()
  }

  /// Inserts text at the cursor, replacing the selection. Typing single characters merges
  /// into one undo step per run; anything else is its own step.
  public mutating func insert(_ text: String) {
    let isTyping = text.count == 1 && text != "\n"
    pushUndo(isTyping ? .typing : .other)
    if let range = selection { removeRange(range) }
    anchor = nil
    let newLines = TextEditor.split(normalize(text))
    let line = lines[cursor.line]
    let head = Array(line[..<cursor.column])
    let tail = Array(line[cursor.column...])
    if newLines.count == 1 {
      lines[cursor.line] = head + newLines[0] + tail
      cursor.column += newLines[0].count
    } else {
      var replacement = [head + newLines[0]]
      replacement += newLines[1..<(newLines.count - 1)]
      let last = newLines[newLines.count - 1]
      replacement.append(last + tail)
      lines.replaceSubrange(cursor.line...cursor.line, with: replacement)
      cursor = TextPosition(line: cursor.line + newLines.count - 1, column: last.count)
    }
    revealCursor()
  }

  /// Inserts pasted text as a single undo step (bracketed paste arrives whole).
  public mutating func paste(_ text: String) {
    lastEdit = .other
    insert(text)
    lastEdit = .other
  }

  /// Deletes the selection, or the grapheme before the cursor (joining lines at column 0).
  public mutating func deleteBackward() {
    if let range = selection {
      pushUndo(.other)
      removeRange(range)
    } else {
      guard cursor > TextPosition(line: 0, column: 0) else { return }
      pushUndo(.deleting)
      removeRange(position(before: cursor)..<cursor)
    }
    anchor = nil
    revealCursor()
  }

  /// Deletes the selection, or the grapheme after the cursor (joining lines at line end).
  public mutating func deleteForward() {
    if let range = selection {
      pushUndo(.other)
      removeRange(range)
    } else {
      guard cursor < endPosition else { return }
      pushUndo(.deleting)
      removeRange(cursor..<position(after: cursor))
    }
    anchor = nil
    revealCursor()
  }

  /// Copies the selection to the internal clipboard (no-op without a selection).
  public mutating func copy() {
    guard selection != nil else { return }
    clipboard = selectedText
  }

  /// Copies the selection to the clipboard and deletes it.
  public mutating func cut() {
    guard let range = selection else { return }
    clipboard = selectedText
    pushUndo(.other)
    removeRange(range)
    anchor = nil
    revealCursor()
  }

  /// Inserts the internal clipboard (one undo step).
  public mutating func pasteClipboard() {
    guard !clipboard.isEmpty else { return }
    paste(clipboard)
  }

  /// Undoes the last edit step; returns false when there is nothing to undo.
  @discardableResult
  public mutating func undo() -> Bool {
    guard let snapshot = undoStack.popLast() else { return false }
    redoStack.append(currentSnapshot)
    restore(snapshot)
    return true
  }

  /// Redoes the last undone step; returns false when there is nothing to redo.
  @discardableResult
  public mutating func redo() -> Bool {
    guard let snapshot = redoStack.popLast() else { return false }
    undoStack.append(currentSnapshot)
    restore(snapshot)
    return true
  }

  // MARK: - Cursor movement

  /// Moves the cursor; with `extend` the selection grows, otherwise it is dropped.
  public mutating func move(to position: TextPosition, extend: Bool = false) {
    if extend {
      if anchor == nil { anchor = cursor }
    } else {
      anchor = nil
    }
    cursor = clamp(position)
    lastEdit = .other
    revealCursor()
  }

  /// Selects everything.
  public mutating func selectAll() {
    anchor = TextPosition(line: 0, column: 0)
    cursor = endPosition
    revealCursor()
  }

  var endPosition: TextPosition {
    TextPosition(line: lines.count - 1, column: lines[lines.count - 1].count)
  }

  func position(before p: TextPosition) -> TextPosition {
    if p.column > 0 { return TextPosition(line: p.line, column: p.column - 1) }
    if p.line > 0 { return TextPosition(line: p.line - 1, column: lines[p.line - 1].count) }
    return p
  }

  func position(after p: TextPosition) -> TextPosition {
    if p.column < lines[p.line].count { return TextPosition(line: p.line, column: p.column + 1) }
    if p.line < lines.count - 1 { return TextPosition(line: p.line + 1, column: 0) }
    return p
  }

  /// Start of the previous word (letters, digits, "_"), crossing line starts.
  func wordStart(before p: TextPosition) -> TextPosition {
    if p.column == 0 { return position(before: p) }
    let line = lines[p.line]
    var c = p.column
    while c > 0 && !TextEditor.isWordCharacter(line[c - 1]) { c -= 1 }
    while c > 0 && TextEditor.isWordCharacter(line[c - 1]) { c -= 1 }
    return TextPosition(line: p.line, column: c)
  }

  /// End of the next word, crossing line ends.
  func wordEnd(after p: TextPosition) -> TextPosition {
    let line = lines[p.line]
    if p.column == line.count { return position(after: p) }
    var c = p.column
    while c < line.count && !TextEditor.isWordCharacter(line[c]) { c += 1 }
    while c < line.count && TextEditor.isWordCharacter(line[c]) { c += 1 }
    return TextPosition(line: p.line, column: c)
  }

  /// Same display column on another line (keeps wide graphemes aligned).
  func verticalMove(_ delta: Int) -> TextPosition {
    let target = min(max(0, cursor.line + delta), lines.count - 1)
    let cells = TextEditor.displayColumn(of: cursor.column, in: lines[cursor.line])
    return TextPosition(line: target, column: TextEditor.column(atCell: cells, in: lines[target]))
  }

  static func isWordCharacter(_ c: Character) -> Bool {
    c == "_" || c.isLetter || c.isNumber
  }

  // MARK: - Internals

  private func clamp(_ p: TextPosition) -> TextPosition {
    let line = min(max(0, p.line), lines.count - 1)
    return TextPosition(line: line, column: min(max(0, p.column), lines[line].count))
  }

  private var currentSnapshot: Snapshot { Snapshot(lines: lines, cursor: cursor, anchor: anchor) }

  private mutating func restore(_ snapshot: Snapshot) {
    lines = snapshot.lines
    cursor = clamp(snapshot.cursor)
    anchor = snapshot.anchor.map(clamp)
    lastEdit = .other
    revealCursor()
  }

  private mutating func pushUndo(_ kind: EditKind) {
    defer { lastEdit = kind }
    if kind != .other && kind == lastEdit && !undoStack.isEmpty && selection == nil { return }
    undoStack.append(currentSnapshot)
    if undoStack.count > 500 { undoStack.removeFirst(undoStack.count - 500) }
    redoStack.removeAll()
  }

  private func extract(_ range: Range<TextPosition>) -> [Character] {
    let (a, b) = (range.lowerBound, range.upperBound)
    if a.line == b.line { return Array(lines[a.line][a.column..<b.column]) }
    var out = Array(lines[a.line][a.column...])
    for line in (a.line + 1)..<b.line {
      out.append("\n")
      out += lines[line]
    }
    out.append("\n")
    out += lines[b.line][..<b.column]
    return out
  }

  private mutating func removeRange(_ range: Range<TextPosition>) {
    let (a, b) = (range.lowerBound, range.upperBound)
    let merged = Array(lines[a.line][..<a.column]) + Array(lines[b.line][b.column...])
    lines.replaceSubrange(a.line...b.line, with: [merged])
    cursor = a
  }

  private func normalize(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text {
      switch c {
      case "\r\n", "\r": out.append("\n")
      case "\t": out += String(repeating: " ", count: max(1, tabWidth))
      default: out.append(c)
      }
    }
    return out
  }

  static func split(_ text: String) -> [[Character]] {
    var result: [[Character]] = [[]]
    for c in text {
      if c == "\n" || c == "\r\n" {
        result.append([])
      } else {
        result[result.count - 1].append(c)
      }
    }
    return result
  }

  /// Display cells before grapheme `column` of `line`.
  static func displayColumn(of column: Int, in line: [Character]) -> Int {
    var cells = 0
    for c in line.prefix(column) { cells += DisplayWidth.of(c) }
    return cells
  }

  /// The grapheme column whose start is closest to (not beyond) display cell `cells`.
  static func column(atCell cells: Int, in line: [Character]) -> Int {
    var used = 0
    for (index, c) in line.enumerated() {
      let w = DisplayWidth.of(c)
      if used + w > cells { return index }
      used += w
    }
    return line.count
  }

  /// Adjusts the scroll offsets so the cursor is inside the viewport.
  mutating func revealCursor() {
    let height = max(1, viewport.height)
    let width = max(1, viewport.width - gutterWidth)
    if cursor.line < scrollTop { scrollTop = cursor.line }
    if cursor.line >= scrollTop + height { scrollTop = cursor.line - height + 1 }
    let cell = TextEditor.displayColumn(of: cursor.column, in: lines[cursor.line])
    if cell < scrollLeft { scrollLeft = max(0, cell - width / 4) }
    if cell >= scrollLeft + width { scrollLeft = cell - width + 1 }
    scrollTop = max(0, min(scrollTop, lines.count - 1))
  }

  /// Whether line numbers are drawn on the left.
  public var showsLineNumbers = false {
    didSet { revealCursor() }
  }

  /// Cells used by the line-number gutter (0 when hidden).
  var gutterWidth: Int { showsLineNumbers ? String(lines.count).count + 1 : 0 }
}
