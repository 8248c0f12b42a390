import TerminalUI

/// Something a key can do.
public enum Action: String, Sendable, Hashable, CaseIterable {
  // Global
  case quit, focusNext, focusPrevious, zoom, help, cancel, runStatement, runAll
  case explain, runMetrics, externalEditor
  // Editor
  case historyPrevious, historyNext, complete
  // Results
  case up, down, left, right, pageUp, pageDown, firstColumn, lastColumn, firstRow, lastRow
  case gPrefix, narrower, wider, moveColumnLeft, moveColumnRight, hideColumn, showColumns
  case sort, search, searchNext, searchPrevious, inspect, inspectCell
  case keepEqual, dropEqual, filterExpression, frequency, profile, sample, back
  case pipeToEditor, copyPySpark
  case copyCell, copyRow, export, loadMore, closeTab, nextTab, previousTab
  // Catalog
  case preview, insertName, describe, refresh, filter

  /// What the help overlay says.
  public var summary: String {
    switch self {
    case .quit: "quit (interrupts running queries)"
    case .focusNext: "next pane"
    case .focusPrevious: "previous pane"
    case .zoom: "zoom the focused pane"
    case .help: "this help"
    case .cancel: "cancel the running query"
    case .runStatement:
      "run the statement under the cursor (ends at ; or a blank line) or the selection"
    case .runAll: "run the whole buffer (statements split at ; only)"
    case .explain: "explain the statement (editor) or the tab's query; again: next mode"
    case .runMetrics: "the last run's executed plan with Spark's metrics"
    case .externalEditor: "edit the query in $VISUAL / $EDITOR (also Ctrl-X Ctrl-E in the editor)"
    case .historyPrevious: "previous statement from history"
    case .historyNext: "next statement from history"
    case .complete: "complete what fits here: tables, columns, functions, keywords"
    case .up: "up"
    case .down: "down"
    case .left: "left"
    case .right: "right"
    case .pageUp: "page up"
    case .pageDown: "page down"
    case .firstColumn: "first column"
    case .lastColumn: "last column"
    case .firstRow: "first row"
    case .lastRow: "last row"
    case .gPrefix: "gg: first row"
    case .narrower: "narrower column"
    case .wider: "wider column"
    case .moveColumnLeft: "move column left"
    case .moveColumnRight: "move column right"
    case .hideColumn: "hide column (exports leave it out)"
    case .showColumns: "show hidden columns"
    case .sort: "sort by column (asc, desc, off)"
    case .search: "search loaded rows"
    case .searchNext: "next match"
    case .searchPrevious: "previous match"
    case .inspect: "inspect cell (in a frequency table: drill down into the row's rows)"
    case .inspectCell: "inspect cell"
    case .keepEqual: "keep rows equal to the cell (a range in one column: IN its values)"
    case .dropEqual: "drop rows equal to the cell (NULLs stay)"
    case .filterExpression: "keep rows where a Spark SQL expression holds"
    case .frequency: "frequency table of the column (or the range's columns)"
    case .profile: "profile every shown column (one query)"
    case .sample: "sample a fraction of the rows (fixed seed)"
    case .back: "back to the view below (its rows at once)"
    case .pipeToEditor: "the view as SQL pipe syntax, into the editor"
    case .copyPySpark: "copy the view as PySpark code (OSC 52)"
    case .copyCell: "copy cell / selection (OSC 52)"
    case .copyRow: "copy row (OSC 52)"
    case .export: "export rows: selection, visible, loaded or full result; CSV…Parquet"
    case .loadMore: "load more rows (re-run with a 10x cap)"
    case .closeTab: "close result tab"
    case .nextTab: "next result tab"
    case .previousTab: "previous result tab"
    case .preview: "preview table (100 of its rows)"
    case .insertName: "insert qualified name into the editor"
    case .describe: "DESCRIBE TABLE EXTENDED"
    case .refresh: "refresh node (and forget the names completion fetched)"
    case .filter: "filter as you type"
    }
  }
}

/// Key bindings: a value, so a config file can override it. Context bindings win over global.
public struct Keymap: Sendable {
  public enum Context: String, Sendable, Hashable, CaseIterable {
    case global, editor, results, catalog
  }

  public var bindings: [Context: [KeyEvent: Action]]

  public init(bindings: [Context: [KeyEvent: Action]]) { self.bindings = bindings }

  /// The action for `key` in `context` (context first, then global).
  public func action(for key: KeyEvent, in context: Context) -> Action? {
    bindings[context]?[key] ?? bindings[.global]?[key]
  }

  /// Binds `key` to `action` in `context` (replacing what it did).
  public mutating func bind(_ key: KeyEvent, to action: Action, in context: Context) {
    bindings[context, default: [:]][key] = action
  }

  /// Lines for the help overlay: key names grouped per action, for `context` and global.
  public func helpLines(for context: Context) -> [String] {
    var lines: [String] = []
    for section in [context, .global] where section != .global || context != .global {
      lines.append(section == .global ? "Everywhere" : section.rawValue.capitalized)
      lines += Self.describe(bindings[section] ?? [:])
      lines += Self.widgetKeys[section] ?? []
      lines.append("")
    }
    if context == .global {
      lines.append("Everywhere")
      lines += Self.describe(bindings[.global] ?? [:])
      lines += Self.widgetKeys[.global] ?? []
    }
    return lines
  }

  static func describe(_ map: [KeyEvent: Action]) -> [String] {
    var byAction: [Action: [String]] = [:]
    for (key, action) in map { byAction[action, default: []].append(name(of: key)) }
    return Action.allCases.compactMap { action in
      guard let keys = byAction[action] else { return nil }
      let names = Array(Set(keys)).sorted().joined(separator: ", ")
      return "  " + names.padding(toLength: max(names.count, 24), withPad: " ", startingAt: 0)
        + "  " + action.summary
    }
  }

  /// A key as the help shows it: "Ctrl-Q", "Shift-Tab", "F5", "Alt-Enter", "g".
  public static func name(of key: KeyEvent) -> String {
    var parts: [String] = []
    if key.modifiers.contains(.control) { parts.append("Ctrl") }
    if key.modifiers.contains(.alt) { parts.append("Alt") }
    if key.modifiers.contains(.shift) { parts.append("Shift") }
    let base: String
    switch key.key {
    case .character(" "): base = "Space"
    case .character(let c): base = key.modifiers.contains(.control) ? c.uppercased() : String(c)
    case .function(let n): base = "F\(n)"
    case .enter: base = "Enter"
    case .tab: base = "Tab"
    case .backTab: base = "Shift-Tab"
    case .escape: base = "Esc"
    case .backspace: base = "Backspace"
    case .delete: base = "Delete"
    case .insert: base = "Insert"
    case .up: base = "Up"
    case .down: base = "Down"
    case .left: base = "Left"
    case .right: base = "Right"
    case .home: base = "Home"
    case .end: base = "End"
    case .pageUp: base = "PageUp"
    case .pageDown: base = "PageDown"
    }
    return (parts + [base]).joined(separator: "-")
  }

  /// Keys handled by widgets themselves, listed in the help.
  static let widgetKeys: [Context: [String]] = [
    .editor: [
      "  Ctrl-A / Ctrl-C / Ctrl-X / Ctrl-V  select all / copy / cut / paste",
      "  Ctrl-Z / Ctrl-Y          undo / redo",
      "  Shift-arrows             select text; Ctrl-Left/Right word",
      "  Ctrl-C cancels instead while a query runs.",
    ],
    .results: [
      "  Shift-arrows             extend the cell range (y copies it, e exports it)",
      "  export dialog            Up/Down field · Left/Right change · Enter export · Esc cancel/close",
    ],
    .catalog: ["  typing                   filters too; Esc clears the filter"],
    .global: ["  mouse: click focuses a pane / selects a cell; wheel scrolls"],
  ]

  /// The default bindings.
  public static let standard: Keymap = {
    var global: [KeyEvent: Action] = [
      .ctrl("q"): .quit,
      KeyEvent(.tab): .focusNext,
      KeyEvent(.backTab): .focusPrevious,
      KeyEvent(.tab, modifiers: .shift): .focusPrevious,
      KeyEvent(.function(11)): .zoom,
      .char("z", modifiers: .alt): .zoom,
      KeyEvent(.function(1)): .help,
      KeyEvent(.escape): .cancel,
      .ctrl("c"): .cancel,
      KeyEvent(.function(5)): .runStatement,
      KeyEvent(.enter, modifiers: .control): .runStatement,
      KeyEvent(.enter, modifiers: .alt): .runStatement,
      .ctrl("j"): .runStatement,
      .ctrl("r"): .runAll,
      KeyEvent(.function(5), modifiers: .shift): .runAll,
      KeyEvent(.function(17)): .runAll,
    ]
    global[KeyEvent(.function(6))] = .runAll
    global[KeyEvent(.function(7))] = .explain
    global[KeyEvent(.function(8))] = .runMetrics
    global[KeyEvent(.function(4))] = .externalEditor
    let editor: [KeyEvent: Action] = [
      .char("p", modifiers: .alt): .historyPrevious,
      .char("n", modifiers: .alt): .historyNext,
      KeyEvent(.up, modifiers: .control): .historyPrevious,
      KeyEvent(.down, modifiers: .control): .historyNext,
      .ctrl(" "): .complete,
      .ctrl("@"): .complete,
    ]
    let results: [KeyEvent: Action] = [
      .char("?"): .help,
      .char("k"): .up, KeyEvent(.up): .up,
      .char("j"): .down, KeyEvent(.down): .down,
      .char("h"): .left, KeyEvent(.left): .left,
      .char("l"): .right, KeyEvent(.right): .right,
      KeyEvent(.pageUp): .pageUp, KeyEvent(.pageDown): .pageDown,
      .ctrl("b"): .pageUp, .ctrl("f"): .pageDown,
      KeyEvent(.home): .firstColumn, .char("0"): .firstColumn,
      KeyEvent(.end): .lastColumn, .char("$"): .lastColumn,
      KeyEvent(.home, modifiers: .control): .firstRow,
      KeyEvent(.end, modifiers: .control): .lastRow,
      .char("g"): .gPrefix, .char("G"): .lastRow,
      .char("<"): .narrower, .char(">"): .wider,
      .char("H"): .moveColumnLeft, .char("L"): .moveColumnRight,
      KeyEvent(.left, modifiers: .alt): .moveColumnLeft,
      KeyEvent(.right, modifiers: .alt): .moveColumnRight,
      .char("-"): .hideColumn, .char("+"): .showColumns,
      .char("s"): .sort,
      .char("/"): .search, .char("n"): .searchNext, .char("N"): .searchPrevious,
      KeyEvent(.enter): .inspect, .char("v"): .inspectCell,
      .char("="): .keepEqual, .char("!"): .dropEqual, .char("|"): .filterExpression,
      .char("F"): .frequency, .char("I"): .profile, .char("%"): .sample,
      KeyEvent(.backspace): .back,
      .char("o"): .pipeToEditor, .char("P"): .copyPySpark,
      .char("y"): .copyCell, .char("Y"): .copyRow,
      .char("e"): .export,
      .char("m"): .loadMore,
      .char("x"): .closeTab, .ctrl("w"): .closeTab,
      .char("]"): .nextTab, .char("["): .previousTab,
    ]
    let catalog: [KeyEvent: Action] = [
      .char("?"): .help,
      .char("k"): .up, KeyEvent(.up): .up,
      .char("j"): .down, KeyEvent(.down): .down,
      .char("h"): .left, KeyEvent(.left): .left,
      .char("l"): .right, KeyEvent(.right): .right,
      KeyEvent(.pageUp): .pageUp, KeyEvent(.pageDown): .pageDown,
      KeyEvent(.home): .firstRow, KeyEvent(.end): .lastRow,
      .char("g"): .gPrefix, .char("G"): .lastRow,
      KeyEvent(.enter): .preview, .char("p"): .preview,
      .char("i"): .insertName, .char("d"): .describe,
      .char("r"): .refresh, .char("/"): .filter,
    ]
    return Keymap(bindings: [
      .global: global, .editor: editor, .results: results, .catalog: catalog,
    ])
  }()
}
