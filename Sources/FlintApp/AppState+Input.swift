import Foundation
import ResultModel
import SparkConnectClient
import TerminalUI

extension AppState {
  mutating func handleTerminal(_ event: TerminalEvent) -> [Effect] {
    switch event {
    case .resize(let newSize):
      size = newSize
      return []
    case .paste(let text):
      if case .search(var prompt) = overlay {
        prompt.paste(text)
        overlay = .search(prompt)
      } else if case .export(let dialog) = overlay {
        pasteIntoExportDialog(text, dialog)
      } else if focus == .editor {
        editor.paste(text)
        errorMark = nil
      }
      return []
    case .mouse(let mouse):
      return handleMouse(mouse)
    case .key(let key):
      return handleKey(key)
    }
  }

  var context: Keymap.Context {
    switch focus {
    case .catalog: .catalog
    case .editor: .editor
    case .results: .results
    }
  }

  mutating func handleKey(_ key: KeyEvent) -> [Effect] {
    if overlay != nil { return handleOverlayKey(key) }
    let action = keymap.action(for: key, in: context)
    // Catalog filter mode: typing goes to the filter.
    if focus == .catalog && catalogFiltering && action != .quit && action != .runStatement {
      switch key.key {
      case .enter, .escape, .tab, .backTab:
        catalogFiltering = false
        if key.key == .escape { tree.setFilter("") }
        return []
      case .up, .down, .pageUp, .pageDown:
        _ = tree.handle(key)
        return []
      default:
        _ = tree.handle(key)
        return []
      }
    }
    // Ctrl-C copies in the editor unless a query runs.
    if focus == .editor && key == .ctrl("c") && !tabs.contains(where: { $0.phase.isActive }) {
      editor.handle(key)
      return []
    }
    if let action, let effects = perform(action, key: key) {
      if action != .gPrefix { pendingG = false }
      return effects
    }
    pendingG = false
    switch focus {
    case .editor:
      let before = editor.text
      editor.handle(key)
      if editor.text != before {
        errorMark = nil
        historyIndex = nil
      }
    case .catalog:
      _ = tree.handle(key)
    case .results:
      // Unbound grid keys (Shift+arrows extend the range selection).
      if tabs.indices.contains(selectedTab) {
        let source = ResultGridSource(tab: tabs[selectedTab], formatter: formatter)
        tabs[selectedTab].grid.handle(key, data: source)
      }
    }
    return []
  }

  /// Performs a bound action; nil when it does not apply here (the key falls through).
  mutating func perform(_ action: Action, key: KeyEvent) -> [Effect]? {
    switch action {
    case .quit: return quit()
    case .focusNext:
      focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count) ?? .editor
      return []
    case .focusPrevious:
      focus =
        Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count) ?? .editor
      return []
    case .zoom:
      zoomed.toggle()
      return []
    case .help:
      var view = TextView(text: keymap.helpLines(for: context).joined(separator: "\n"))
      view.wraps = false
      overlay = .help(view)
      return []
    case .cancel:
      let effects = cancel()
      if effects.isEmpty && key.key == .escape {
        if focus == .catalog, !tree.filter.isEmpty {
          tree.setFilter("")
        }
        message = nil
        errorMark = nil
      }
      return effects
    case .runStatement: return runStatement()
    case .runAll: return runAll()
    default: break
    }
    switch focus {
    case .editor: return performEditor(action)
    case .results: return performResults(action)
    case .catalog: return performCatalog(action)
    }
  }

  // MARK: - Editor

  mutating func performEditor(_ action: Action) -> [Effect]? {
    switch action {
    case .historyPrevious:
      guard !history.isEmpty else { return [] }
      let index: Int
      if let current = historyIndex {
        index = max(0, current - 1)
      } else {
        historyDraft = editor.text
        index = history.count - 1
      }
      historyIndex = index
      editor.setText(history[index])
      return []
    case .historyNext:
      guard let current = historyIndex else { return [] }
      if current + 1 < history.count {
        historyIndex = current + 1
        editor.setText(history[current + 1])
      } else {
        historyIndex = nil
        editor.setText(historyDraft ?? "")
        historyDraft = nil
      }
      return []
    case .complete:
      startCompletion()
      return []
    default:
      return nil
    }
  }

  /// The identifier characters just before the cursor.
  var wordBeforeCursor: String {
    let line = editor.lines[editor.cursor.line]
    var start = editor.cursor.column
    while start > 0, line[start - 1].isLetter || line[start - 1].isNumber || line[start - 1] == "_"
    {
      start -= 1
    }
    return String(line[start..<editor.cursor.column])
  }

  mutating func startCompletion() {
    let prefix = wordBeforeCursor
    var names = Set(catalogItems.values.map(\.name))
    names.formUnion(SQLWords.functions)
    let lower = prefix.lowercased()
    var candidates = SQLWords.keywords.filter { $0.lowercased().hasPrefix(lower) }.sorted()
    candidates += names.filter { $0.lowercased().hasPrefix(lower) && $0.count > 0 }.sorted()
    candidates = candidates.filter { $0 != prefix }
    if candidates.isEmpty {
      message = "no completion for \"\(prefix)\""
    } else if candidates.count == 1 {
      acceptCompletion(candidates[0], prefix: prefix)
    } else {
      overlay = .completion(Completion(prefix: prefix, candidates: Array(candidates.prefix(50))))
    }
  }

  mutating func acceptCompletion(_ word: String, prefix: String) {
    for _ in 0..<prefix.count { editor.deleteBackward() }
    let keyword = SQLWords.keywords.contains(word)
    let lowerTyped = !prefix.isEmpty && prefix == prefix.lowercased()
    editor.insert(keyword && lowerTyped ? word.lowercased() : word)
  }

  // MARK: - Results

  mutating func performResults(_ action: Action) -> [Effect]? {
    guard tabs.indices.contains(selectedTab) else { return nil }
    let source = ResultGridSource(tab: tabs[selectedTab], formatter: formatter)
    func key(_ k: Key, _ modifiers: KeyModifiers = []) {
      tabs[selectedTab].grid.handle(KeyEvent(k, modifiers: modifiers), data: source)
    }
    switch action {
    case .up: key(.up)
    case .down: key(.down)
    case .left: key(.left)
    case .right: key(.right)
    case .pageUp: key(.pageUp)
    case .pageDown: key(.pageDown)
    case .firstColumn: key(.home)
    case .lastColumn: key(.end)
    case .firstRow: key(.home, .control)
    case .lastRow: key(.end, .control)
    case .gPrefix:
      if pendingG {
        key(.home, .control)
        pendingG = false
      } else {
        pendingG = true
      }
    case .narrower, .wider:
      let column = tabs[selectedTab].grid.selected.column
      var widths = tabs[selectedTab].grid.columnWidths
      while widths.count <= column { widths.append(tabs[selectedTab].grid.defaultColumnWidth) }
      widths[column] = max(1, min(200, widths[column] + (action == .wider ? 2 : -2)))
      tabs[selectedTab].grid.columnWidths = widths
    case .moveColumnLeft: moveSelectedColumn(by: -1)
    case .moveColumnRight: moveSelectedColumn(by: 1)
    case .hideColumn: hideSelectedColumn()
    case .showColumns: showAllColumns()
    case .sort: return sortSelectedColumn()
    case .search:
      overlay = .search(Prompt(title: "Search loaded rows", text: tabs[selectedTab].search ?? ""))
    case .searchNext: findNext(forward: true)
    case .searchPrevious: findNext(forward: false)
    case .inspect: openInspector()
    case .copyCell: return copySelection()
    case .copyRow: return copyRow()
    case .export: return openExportDialog()
    case .loadMore:
      let tab = tabs[selectedTab]
      guard tab.moreOnServer, !tab.phase.isActive, let cap = tab.maxRows else {
        message = "all rows are loaded"
        return []
      }
      return startQuery(
        tab.sql, title: tab.title, offset: tab.sqlOffset, maxRows: cap * 10, reuse: selectedTab,
        recordHistory: false, previewOf: tab.previewOf)
    case .closeTab:
      var effects: [Effect] = []
      let tab = tabs[selectedTab]
      if tab.phase.isActive {
        effects.append(.cancelQuery(id: tab.queryID, operationID: tab.operationID))
      }
      tabs.remove(at: selectedTab)
      selectedTab = max(0, min(selectedTab, tabs.count - 1))
      return effects
    case .nextTab: selectedTab = (selectedTab + 1) % tabs.count
    case .previousTab: selectedTab = (selectedTab + tabs.count - 1) % tabs.count
    default: return nil
    }
    return []
  }

  // MARK: - Column layout

  /// `H` / `L`: swaps the selected column with its shown neighbour; the selection follows it.
  mutating func moveSelectedColumn(by step: Int) {
    let tab = tabs[selectedTab]
    let shown = tab.displayColumns
    let from = tab.grid.selected.column
    let to = from + step
    guard shown.indices.contains(from), shown.indices.contains(to) else { return }
    var layout = tab.effectiveColumnLayout
    guard let a = layout.order.firstIndex(of: shown[from]),
      let b = layout.order.firstIndex(of: shown[to])
    else { return }
    layout.order.swapAt(a, b)
    rearrangeColumns(layout, selecting: shown[from])
  }

  /// `-`: hides the selected column (never the last one shown); the selection moves to its
  /// right-hand neighbour (the left one at the end).
  mutating func hideSelectedColumn() {
    let tab = tabs[selectedTab]
    let shown = tab.displayColumns
    let column = tab.grid.selected.column
    guard shown.indices.contains(column) else { return }
    guard shown.count > 1 else {
      message = "the last column stays shown"
      return
    }
    var layout = tab.effectiveColumnLayout
    layout.hidden.insert(shown[column])
    rearrangeColumns(
      layout, selecting: column + 1 < shown.count ? shown[column + 1] : shown[column - 1])
    let hidden = layout.hidden.count
    message =
      "hid \(tab.columnNames[shown[column]]) · \(hidden) hidden column\(hidden == 1 ? "" : "s")"
      + " · + shows them"
  }

  /// `+`: shows every hidden column again, where the order puts it.
  mutating func showAllColumns() {
    let tab = tabs[selectedTab]
    var layout = tab.effectiveColumnLayout
    guard !layout.hidden.isEmpty else {
      message = "no hidden columns"
      return
    }
    layout.hidden = []
    rearrangeColumns(layout, selecting: tab.resultColumn(tab.grid.selected.column))
    message = "all \(tab.columnNames.count) columns shown"
  }

  /// Applies `layout` to the selected tab, carrying each shown column's width along with it
  /// (a column shown again gets its suggested width), and selects source column `selected`
  /// in the same row.
  mutating func rearrangeColumns(_ layout: ResultTab.ColumnLayout, selecting selected: Int) {
    var tab = tabs[selectedTab]
    var widthBySource: [Int: Int] = [:]
    for (display, column) in tab.displayColumns.enumerated() {
      widthBySource[column] = tab.grid.width(ofColumn: display)
    }
    tab.columnLayout = layout
    let source = ResultGridSource(tab: tab, formatter: formatter)
    var suggested: [Int]?  // sampled only when a column comes back
    var widths: [Int] = []
    for (display, column) in tab.displayColumns.enumerated() {
      if let width = widthBySource[column] {
        widths.append(width)
      } else {
        if suggested == nil { suggested = source.suggestedWidths() }
        widths.append(suggested?[display] ?? tab.grid.defaultColumnWidth)
      }
    }
    tab.grid.columnWidths = widths
    tab.grid.select(
      GridPosition(row: tab.grid.selected.row, column: tab.displayColumn(ofSource: selected) ?? 0),
      rowCount: source.rowCount, columnCount: source.columnCount)
    tabs[selectedTab] = tab
  }

  mutating func sortSelectedColumn() -> [Effect] {
    let tab = tabs[selectedTab]
    let column = tab.resultColumn(tab.grid.selected.column)
    guard column < tab.columnNames.count else { return [] }
    guard tab.sorting == nil else {
      message = "still sorting — wait a moment"
      return []
    }
    var ascending = true
    if let sort = tab.sort, sort.column == column {
      if !sort.ascending {
        // Third press: back to the original order.
        if sort.index != nil {
          tabs[selectedTab].sort = nil
          return []
        }
        let effects = startQuery(
          tab.sql, title: tab.title, offset: tab.sqlOffset, maxRows: tab.maxRows,
          reuse: selectedTab,
          recordHistory: false)
        if !effects.isEmpty { tabs[selectedTab].sort = nil }
        return effects
      }
      ascending = false
    }
    if tab.isComplete || (tab.sort?.index != nil && tab.phase == .finished && !tab.moreOnServer) {
      let sorter = RowSorter(column: column, ascending: ascending, formatter: formatter)
      guard let result = tab.result else { return [] }
      if tab.displayRowCount <= Self.inlineSortLimit {
        let index = sorter.order(of: result, rows: tab.displayRowCount) ?? []
        tabs[selectedTab].sort = ResultTab.SortOrder(
          column: column, ascending: ascending, index: index)
        return []
      }
      // Too many rows to sort between two frames: sort in the background, keep scrolling.
      tabs[selectedTab].sorting = ResultTab.PendingSort(column: column, ascending: ascending)
      message = "sorting \(Format.count(tab.displayRowCount)) rows…"
      return [
        .sortRows(
          SortRequest(
            queryID: tab.queryID, sorter: sorter, result: result, rows: tab.displayRowCount))
      ]
    }
    guard !tab.phase.isActive else {
      message = "wait for the query to finish to sort"
      return []
    }
    // Not all rows are here: let the server sort.
    let sql = Self.sorted(tab.sql, by: tab.columnNames[column], ascending: ascending)
    let effects = startQuery(
      sql, title: tab.title, offset: nil, maxRows: tab.maxRows, reuse: selectedTab,
      recordHistory: false)
    if !effects.isEmpty {
      tabs[selectedTab].sql = tab.sql
      tabs[selectedTab].sort = ResultTab.SortOrder(column: column, ascending: ascending, index: nil)
    }
    return effects
  }

  /// `sql` (one query; a trailing `;` is fine) ordered by a result column, NULLs last.
  static func sorted(_ sql: String, by column: String, ascending: Bool) -> String {
    let base = sql.trimmingCharacters(in: CharacterSet(charactersIn: "; \n\t"))
    let name = CatalogItem.quoted(column)
    return
      "SELECT * FROM (\n\(base)\n) ORDER BY \(name) \(ascending ? "ASC" : "DESC") NULLS LAST"
  }

  /// Results up to this many rows are sorted inside `update` (well under a frame's worth of
  /// work); larger ones by an effect in the background.
  static let inlineSortLimit = 100_000

  mutating func findNext(forward: Bool) {
    guard tabs.indices.contains(selectedTab), let needle = tabs[selectedTab].search, !needle.isEmpty
    else {
      message = "no search — press / to search"
      return
    }
    let source = ResultGridSource(tab: tabs[selectedTab], formatter: formatter)
    let rows = source.rowCount
    let columns = source.columnCount
    guard rows > 0, columns > 0 else { return }
    let start = tabs[selectedTab].grid.selected
    let total = rows * columns
    let startIndex = start.row * columns + start.column
    for step in 1...total {
      let linear = ((startIndex + (forward ? step : -step)) % total + total) % total
      let row = linear / columns
      let column = linear % columns
      let text = source.fullText(row: row, column: column) ?? "NULL"
      if text.range(of: needle, options: .caseInsensitive) != nil {
        tabs[selectedTab].grid.select(
          GridPosition(row: row, column: column), rowCount: rows, columnCount: columns)
        message = "match at row \(row + 1)"
        return
      }
    }
    message = "\"\(needle)\" not found in \(rows) loaded rows"
  }

  mutating func openInspector() {
    let tab = tabs[selectedTab]
    let source = ResultGridSource(tab: tab, formatter: formatter)
    let position = tab.grid.selected
    guard position.row < source.rowCount, position.column < source.columnCount else { return }
    let column = tab.resultColumn(position.column)
    let type =
      tab.schema.map { column < $0.fields.count ? $0.fields[column].type.description : "" } ?? ""
    let title = "\(tab.columnNames[column]) \(type) · row \(position.row + 1)"
    guard let text = source.fullText(row: position.row, column: position.column) else {
      overlay = .inspector(title: title, TextView(text: "NULL"), copyText: "NULL")
      return
    }
    var body = text
    if let pretty = ValuePrinter.prettyJSON(text) {
      body = pretty
    } else if let result = tab.result,
      let (values, inner) = result.cell(row: tab.resultRow(position.row), column: column)
    {
      switch values.type {
      case .list, .largeList, .fixedSizeList, .struct, .map:
        body = text + "\n\n" + ValuePrinter.pretty(values.value(at: inner))
      default: break
      }
    }
    overlay = .inspector(title: title, TextView(text: body), copyText: text)
  }

  mutating func copySelection() -> [Effect] {
    let tab = tabs[selectedTab]
    let source = ResultGridSource(tab: tab, formatter: formatter)
    let range = tab.grid.selectionRange
    guard source.rowCount > 0, source.columnCount > 0 else { return [] }
    let rows = range.rows.clamped(to: 0...(source.rowCount - 1))
    let columns = range.columns.clamped(to: 0...(source.columnCount - 1))
    let text = rows.map { row in
      columns.map { source.fullText(row: row, column: $0) ?? "NULL" }.joined(separator: "\t")
    }.joined(separator: "\n")
    message =
      rows.count * columns.count == 1
      ? "copied cell" : "copied \(rows.count)×\(columns.count) cells"
    return [.copyToClipboard(text)]
  }

  mutating func copyRow() -> [Effect] {
    let tab = tabs[selectedTab]
    let source = ResultGridSource(tab: tab, formatter: formatter)
    let row = tab.grid.selected.row
    guard row < source.rowCount else { return [] }
    let text = (0..<source.columnCount).map { source.fullText(row: row, column: $0) ?? "NULL" }
      .joined(separator: "\t")
    message = "copied row \(row + 1)"
    return [.copyToClipboard(text)]
  }

  // MARK: - Catalog

  mutating func performCatalog(_ action: Action) -> [Effect]? {
    func key(_ k: Key) -> [Effect] {
      let (_, treeAction) = tree.handle(KeyEvent(k))
      if case .loadChildren(let nodeID) = treeAction, let item = catalogItems[nodeID] {
        return [.loadCatalog(nodeID: nodeID, path: item.path)]
      }
      return []
    }
    switch action {
    case .up: return key(.up)
    case .down: return key(.down)
    case .left: return key(.left)
    case .right: return key(.right)
    case .pageUp: return key(.pageUp)
    case .pageDown: return key(.pageDown)
    case .firstRow: return key(.home)
    case .lastRow: return key(.end)
    case .gPrefix:
      if pendingG {
        pendingG = false
        return key(.home)
      }
      pendingG = true
      return []
    case .filter:
      catalogFiltering = true
      return []
    case .refresh:
      guard let id = tree.selectedID, let item = catalogItems[id],
        tree.node(id)?.canHaveChildren == true
      else {
        return [.loadCatalog(nodeID: "", path: [])]
      }
      tree.setLoading(id)
      if !tree.expanded.contains(id) { _ = tree.expand(id) }
      return [.loadCatalog(nodeID: id, path: item.path)]
    case .preview, .insertName, .describe:
      guard let id = tree.selectedID, let item = catalogItems[id] else { return [] }
      if action == .insertName {
        editor.insert(item.kind == .column ? CatalogItem.quoted(item.name) : item.qualifiedName)
        focus = .editor
        return []
      }
      guard item.kind == .table || item.kind == .view else {
        if action == .preview { return key(.right) }
        return []
      }
      if action == .preview {
        // The cap (not a LIMIT in the text) tells whether the table has more rows.
        return startQuery(
          "SELECT * FROM \(item.qualifiedName)", title: item.name, offset: nil,
          maxRows: Self.previewRows, recordHistory: false, previewOf: item.qualifiedName)
      }
      return startQuery(
        "DESCRIBE TABLE EXTENDED \(item.qualifiedName)", title: "describe " + item.name,
        offset: nil,
        maxRows: maxRows, recordHistory: false)
    default:
      return nil
    }
  }

  // MARK: - Overlays

  mutating func handleOverlayKey(_ key: KeyEvent) -> [Effect] {
    if key == .ctrl("q") { return quit() }
    switch overlay {
    case .help(var view):
      if view.handle(key) {
        overlay = .help(view)
      } else {
        overlay = nil
      }
    case .inspector(let title, var view, let copyText):
      if key == .char("y") {
        message = "copied value"
        return [.copyToClipboard(copyText)]
      }
      if view.handle(key) {
        overlay = .inspector(title: title, view, copyText: copyText)
      } else if key.key == .escape || key.key == .enter || key == .char("q") {
        overlay = nil
      }
    case .search(var prompt):
      switch prompt.handle(key) {
      case .submitted(let text):
        overlay = nil
        if tabs.indices.contains(selectedTab) {
          tabs[selectedTab].search = text
          findNext(forward: true)
        }
      case .cancelled:
        overlay = nil
      default:
        overlay = .search(prompt)
      }
    case .export(let dialog):
      return handleExportKey(key, dialog)
    case .completion(var completion):
      switch key.key {
      case .up: completion.selected = max(0, completion.selected - 1)
      case .down:
        completion.selected = min(completion.candidates.count - 1, completion.selected + 1)
      case .enter, .tab:
        overlay = nil
        acceptCompletion(completion.candidates[completion.selected], prefix: completion.prefix)
        return []
      case .escape:
        overlay = nil
        return []
      default:
        overlay = nil
        return handleKey(key)
      }
      overlay = .completion(completion)
    case nil:
      break
    }
    return []
  }

  // MARK: - Mouse

  mutating func handleMouse(_ mouse: MouseEvent) -> [Effect] {
    guard overlay == nil else { return [] }
    let layout = self.layout
    let pane = Pane.allCases.first { layout.rect(of: $0).contains(mouse.position) }
    switch mouse.kind {
    case .press(.left), .click(.left):
      guard let pane else { return [] }
      focus = pane
      if pane == .results, tabs.indices.contains(selectedTab) {
        let parts = Layout.resultParts(layout.results)
        let source = ResultGridSource(tab: tabs[selectedTab], formatter: formatter)
        // The same layout the frame was drawn with, so the click gets the cell under it.
        let drawn = tabs[selectedTab].grid.layout(
          in: parts.grid, rowCount: source.rowCount, columnCount: source.columnCount)
        if let position = drawn.position(at: mouse.position) {
          tabs[selectedTab].grid.select(
            position, rowCount: source.rowCount, columnCount: source.columnCount)
        }
      }
    case .wheelUp, .wheelDown:
      let key = KeyEvent(mouse.kind == .wheelUp ? .up : .down)
      switch pane {
      case .results?:
        if tabs.indices.contains(selectedTab) {
          let source = ResultGridSource(tab: tabs[selectedTab], formatter: formatter)
          for _ in 0..<3 { tabs[selectedTab].grid.handle(key, data: source) }
        }
      case .catalog?:
        for _ in 0..<3 { _ = tree.handle(key) }
      case .editor?:
        for _ in 0..<3 { editor.handle(key) }
      case nil: break
      }
    default:
      break
    }
    return []
  }
}
