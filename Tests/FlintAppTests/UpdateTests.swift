import Foundation
import TerminalUI
import Testing

@testable import FlintApp
@testable import SparkConnectClient

@Suite struct UpdateTests {
  @Test func focusCyclesWithTabAndShiftTabEvenFromTheEditor() {
    var state = Fixtures.connected(text: "SELECT 1")
    #expect(state.focus == .editor)
    _ = state.update(Fixtures.key(.tab), now: 0)
    #expect(state.focus == .results)
    #expect(state.editor.text == "SELECT 1")  // Tab did not insert spaces
    _ = state.update(Fixtures.key(.tab), now: 0)
    #expect(state.focus == .catalog)
    _ = state.update(Fixtures.key(.backTab), now: 0)
    #expect(state.focus == .results)
    _ = state.update(Fixtures.key(.function(11)), now: 0)
    #expect(state.zoomed)
    #expect(state.layout.results.size == Size(width: 100, height: 29))
  }

  @Test func mouseClickFocusesAPane() {
    var state = Fixtures.connected()
    let catalog = state.layout.catalog
    _ = state.update(
      .terminal(.mouse(MouseEvent(.press(.left), x: catalog.x + 2, y: catalog.y + 2))), now: 0)
    #expect(state.focus == .catalog)
  }

  /// After the terminal shrinks, the grid draws the selected row further up than its stored
  /// scroll position says; a click must select the cell drawn under it, not one re-derived
  /// from the stale position.
  @Test func mouseClickSelectsTheCellDrawnUnderIt() throws {
    var state = Fixtures.connected(text: "SELECT 1", size: Size(width: 120, height: 60))
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 200)
    Fixtures.focus(.results, &state)
    for _ in 0..<40 { _ = state.update(Fixtures.char("j"), now: 2) }
    #expect(state.tabs[0].grid.selected.row == 40)
    _ = state.update(.terminal(.resize(Size(width: 80, height: 24))), now: 2)
    let lines = SnapshotText.lines(AppRenderer.render(state))
    let grid = Layout.resultParts(state.layout.results).grid
    // The first body line shows some row above the selected one (1-based row number).
    let y = grid.y + 1
    let number = Array(lines[y])[grid.x..<grid.x + 4].map(String.init).joined()
      .trimmingCharacters(in: .whitespaces)
    let drawnRow = try #require(Int(number)) - 1
    #expect(drawnRow > 0 && drawnRow < 40)
    _ = state.update(.terminal(.mouse(MouseEvent(.press(.left), x: grid.x + 6, y: y))), now: 2)
    #expect(state.tabs[0].grid.selected == GridPosition(row: drawnRow, column: 0))
  }

  @Test func f5RunsTheStatementUnderTheCursorWithTheCap() {
    var state = Fixtures.connected(text: "SELECT 1;\nSELECT 2 AS two;\nSELECT 3")
    Fixtures.moveCursor(to: TextPosition(line: 1, column: 3), &state)
    let effects = state.update(Fixtures.key(.function(5)), now: 0)
    #expect(effects.contains(.runQuery(id: 1, query: "SELECT 2 AS two", maxRows: 100_000)))
    #expect(effects.contains(.appendHistory("SELECT 2 AS two")))
    #expect(state.tabs.count == 1)
    #expect(state.tabs[0].sqlOffset == 10)
    #expect(state.tabs[0].phase == .running)
  }

  @Test func ctrlEnterRunsTheSelectionAndCtrlRRunsEverything() {
    var state = Fixtures.connected(text: "SELECT 1; SELECT 2")
    Fixtures.moveCursor(to: TextPosition(line: 0, column: 10), &state)
    Fixtures.moveCursor(to: TextPosition(line: 0, column: 18), extend: true, &state)
    var effects = state.update(Fixtures.key(.enter, .control), now: 0)
    #expect(effects.first == .runQuery(id: 1, query: "SELECT 2", maxRows: 100_000))
    effects = state.update(.terminal(.key(.ctrl("r"))), now: 0)
    #expect(effects.first == .runQuery(id: 2, query: "SELECT 1; SELECT 2", maxRows: 100_000))
    #expect(state.tabs.count == 2)
    #expect(state.selectedTab == 1)
  }

  @Test func notConnectedKeepsTheTextAndSendsNothing() {
    var state = AppState(size: Fixtures.size, text: "SELECT 1")
    let effects = state.update(Fixtures.key(.function(5)), now: 0)
    #expect(effects.isEmpty)
    #expect(state.editor.text == "SELECT 1")
    #expect(state.message?.contains("not connected") == true)
    _ = state.update(
      .connectionFailed(SparkError(kind: .connection, code: "x", message: "refused"), attempt: 5),
      now: 0)
    #expect(state.connection == .failed(message: "refused", retrying: false))
    let retry = state.update(Fixtures.key(.function(5)), now: 0)
    #expect(retry == [.connect(attempt: 1, delay: 0)])
    #expect(state.editor.text == "SELECT 1")
  }

  @Test func connectionFailuresRetryWithBackoff() {
    var state = AppState(size: Fixtures.size)
    let effects = state.update(
      .connectionFailed(SparkError(kind: .connection, code: "x", message: "refused"), attempt: 1),
      now: 0)
    #expect(effects == [.connect(attempt: 2, delay: 2)])
    if case .failed(_, let retrying) = state.connection {
      #expect(retrying)
    } else {
      Issue.record("not failed")
    }
  }

  @Test func streamingResultsCountHonestlyAgainstTheCap() throws {
    var state = Fixtures.connected(text: "SELECT * FROM t", maxRows: 2500)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    _ = state.update(.query(id: id, .schema(FakeSparkService.sampleSchema)), now: 0.1)
    #expect(state.tabs[0].phase == .streaming)
    #expect(state.tabs[0].columnNames == ["id", "name"])
    // The header is there, the rows are not yet: the grid says it waits, not that there are none.
    let waiting = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(waiting.contains("waiting for the first rows…"))
    #expect(!waiting.contains("(no rows)"))
    try Fixtures.feed(&state, id: id, rows: 2501)
    #expect(state.tabs[0].phase == .finished)
    #expect(state.tabs[0].moreOnServer)
    #expect(state.tabs[0].displayRowCount == 2500)
    let line = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(line.contains("≥ 2,500 rows — more on the server"))
    // m loads more: same tab, 10x cap, new id.
    Fixtures.focus(.results, &state)
    let more = state.update(Fixtures.char("m"), now: 2)
    #expect(more == [.runQuery(id: id + 1, query: "SELECT * FROM t", maxRows: 25_000)])
    #expect(state.tabs.count == 1)
    #expect(state.tabs[0].rowsReceived == 0)
  }

  @Test func progressShowsBytesReadOnlyWhenTheServerReportsThem() throws {
    var state = Fixtures.connected(text: "SELECT * FROM t", size: Size(width: 200, height: 30))
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    func screen(bytes: Int64) -> String {
      let progress = ExecutionProgress(
        stages: [
          .init(stageID: 0, tasks: 4, completedTasks: 2, inputBytesRead: bytes, done: false),
          .init(stageID: 1, tasks: 2, completedTasks: 0, inputBytesRead: 0, done: false),
        ], inflightTasks: 2)
      _ = state.update(.query(id: id, .progress(progress)), now: 0.6)
      return SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    }
    let none = screen(bytes: 0)
    #expect(none.contains("2/6 tasks · 2 stages"))
    #expect(!none.contains(" read"))
    #expect(screen(bytes: 5_000_000).contains("2/6 tasks · 2 stages · 4.8 MB read"))
  }

  @Test func eventsOfSupersededQueriesAreDropped() throws {
    var state = Fixtures.connected(text: "SELECT 1")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    Fixtures.focus(.results, &state)
    _ = state.update(Fixtures.char("x"), now: 0)  // close the tab
    #expect(state.tabs.isEmpty)
    try Fixtures.feed(&state, id: id, rows: 10)
    #expect(state.tabs.isEmpty)
  }

  @Test func cancelSendsInterruptAndShowsConfirmation() throws {
    var state = Fixtures.connected(text: "SELECT count(*) FROM range(100000000000)")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    _ = state.update(.query(id: id, .operationStarted(operationID: "op-1")), now: 0.5)
    let progress = ExecutionProgress(
      stages: [.init(stageID: 0, tasks: 4, completedTasks: 1, inputBytesRead: 2048, done: false)],
      inflightTasks: 3)
    _ = state.update(.query(id: id, .progress(progress)), now: 0.6)
    let effects = state.update(Fixtures.key(.escape), now: 1)
    #expect(effects == [.cancelQuery(id: id, operationID: "op-1")])
    #expect(state.editor.text == "SELECT count(*) FROM range(100000000000)")
    _ = state.update(.queryCancelled(id: id), now: 1.1)
    _ = state.update(.cancelConfirmed(id: id, interrupted: ["op-1"]), now: 1.2)
    #expect(state.tabs[0].phase == .cancelled)
    let screen = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(screen.contains("interrupt confirmed"))
  }

  @Test func ctrlCCancelsOnlyWhileRunningOtherwiseCopies() throws {
    var state = Fixtures.connected(text: "SELECT 1")
    #expect(state.update(.terminal(.key(.ctrl("c"))), now: 0).isEmpty)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    #expect(
      state.update(.terminal(.key(.ctrl("c"))), now: 0) == [.cancelQuery(id: id, operationID: nil)])
    // The operation id arrives after the cancel: the interrupt is sent then.
    let late = state.update(.query(id: id, .operationStarted(operationID: "op-9")), now: 0)
    #expect(late == [.cancelQuery(id: id, operationID: "op-9")])
  }

  @Test func errorsUnderlineTheFragmentShiftedByTheStatementOffset() throws {
    let text = "SELECT 1;\nSELECT nope FROM range(3)"
    var state = Fixtures.connected(text: text)
    Fixtures.moveCursor(to: TextPosition(line: 1, column: 2), &state)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    let error = SparkError(
      kind: .server, code: "AnalysisException",
      message:
        "[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column `nope` cannot be resolved. SQLSTATE: 42703",
      errorClass: "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", sqlState: "42703",
      queryContexts: [.init(startIndex: 7, stopIndex: 10, fragment: "nope", line: 1, column: 8)])
    _ = state.update(.queryFailed(id: id, error), now: 1)
    #expect(state.tabs[0].phase == .failed)
    #expect(state.editorPane.errorMark == 17..<21)
    // Typing clears the underline; the text is intact.
    _ = state.update(Fixtures.char(" "), now: 2)
    #expect(state.editorPane.errorMark == nil)
    #expect(state.editor.text.count == text.count + 1)
  }

  @Test func lostConnectionShowsBannerAndReconnects() throws {
    var state = Fixtures.connected(text: "SELECT 1")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    _ = state.update(.query(id: id, .reconnecting(attempt: 1, reason: "stream reset")), now: 0.5)
    #expect(state.tabs[0].reconnecting?.contains("reconnecting") == true)
    let effects = state.update(
      .queryFailed(
        id: id, SparkError(kind: .connection, code: "unavailable", message: "connection refused")),
      now: 1)
    #expect(effects == [.connect(attempt: 1, delay: 1)])
    #expect(state.editor.text == "SELECT 1")
    _ = state.update(.connected(version: "4.0.0"), now: 2)
    #expect(state.connection == .connected(version: "4.0.0"))
  }

  @Test func historyIsBrowsableAndRestoresTheDraft() {
    var state = Fixtures.connected(text: "draft", history: ["SELECT 1", "SELECT 2"])
    _ = state.update(.terminal(.key(.char("p", modifiers: .alt))), now: 0)
    #expect(state.editor.text == "SELECT 2")
    _ = state.update(Fixtures.key(.up, .control), now: 0)
    #expect(state.editor.text == "SELECT 1")
    _ = state.update(.terminal(.key(.char("n", modifiers: .alt))), now: 0)
    #expect(state.editor.text == "SELECT 2")
    _ = state.update(.terminal(.key(.char("n", modifiers: .alt))), now: 0)
    #expect(state.editor.text == "draft")
  }

  @Test func completionOfKeywordsAndCatalogNames() {
    var state = Fixtures.connected(text: "")
    _ = state.update(.catalogLoaded(nodeID: "", Fixtures.catalogs), now: 0)
    Fixtures.type("SELEC", into: &state)
    _ = state.update(.terminal(.key(.ctrl(" "))), now: 0)
    #expect(state.editor.text == "SELECT")
    Fixtures.type(" * FROM spark_", into: &state)
    _ = state.update(.terminal(.key(.ctrl(" "))), now: 0)
    // The catalogs the tree loaded are offered while the current database's tables and the
    // catalog's databases are fetched (see CompletionUITests).
    guard case .completion(let tables) = state.overlay else {
      Issue.record("no popup")
      return
    }
    #expect(tables.candidates == ["spark_catalog"])
    _ = state.update(Fixtures.key(.enter), now: 0)
    #expect(state.editor.text == "SELECT * FROM spark_catalog")
    Fixtures.type(" WHERE co", into: &state)
    _ = state.update(.terminal(.key(.ctrl(" "))), now: 0)
    guard case .completion(let completion) = state.overlay else {
      Issue.record("no popup")
      return
    }
    #expect(completion.candidates.contains("count"))
    let index = completion.candidates.firstIndex(of: "count") ?? 0
    for _ in 0..<index { _ = state.update(Fixtures.key(.down), now: 0) }
    _ = state.update(Fixtures.key(.enter), now: 0)
    #expect(state.editor.text == "SELECT * FROM spark_catalog WHERE count")
  }

  @Test func catalogLoadsLazilyAndPreviewsInsertsDescribes() throws {
    var state = AppState(size: Fixtures.size)
    #expect(
      state.update(.connected(version: "4"), now: 0)
        == [.loadCatalog(nodeID: "", path: []), .heartbeat(id: 1, delay: 5)])
    _ = state.update(.catalogLoaded(nodeID: "", Fixtures.catalogs), now: 0)
    Fixtures.focus(.catalog, &state)
    var effects = state.update(Fixtures.char("l"), now: 0)
    #expect(effects == [.loadCatalog(nodeID: "catalog:spark_catalog", path: ["spark_catalog"])])
    _ = state.update(.catalogLoaded(nodeID: "catalog:spark_catalog", Fixtures.databases), now: 0)
    _ = state.update(Fixtures.char("j"), now: 0)
    _ = state.update(Fixtures.char("j"), now: 0)
    #expect(state.tree.selectedID == "database:spark_catalog\u{1F}sales")
    effects = state.update(Fixtures.key(.right), now: 0)
    #expect(
      effects == [
        .loadCatalog(nodeID: "database:spark_catalog\u{1F}sales", path: ["spark_catalog", "sales"])
      ])
    _ = state.update(
      .catalogLoaded(nodeID: "database:spark_catalog\u{1F}sales", Fixtures.tables), now: 0)
    _ = state.update(Fixtures.char("j"), now: 0)
    effects = state.update(Fixtures.key(.enter), now: 0)
    #expect(Fixtures.queryID(effects) != nil)
    #expect(
      effects.first
        == .runQuery(
          id: 1, query: .plan(Exploration(base: .table(["spark_catalog", "sales", "orders"]))),
          maxRows: 100))
    // The count line says these are some of the table's rows, and that it has more.
    try Fixtures.feed(&state, id: 1, rows: 101, batchSize: 60)
    var wide = state
    _ = wide.update(.terminal(.resize(Size(width: 200, height: 30))), now: 2)
    let screen = SnapshotText.lines(AppRenderer.render(wide)).joined(separator: "\n")
    #expect(
      screen.contains(
        "any 100 rows of sales.orders · the table has more (m: load more)"),
      "\(screen)")
    effects = state.update(Fixtures.char("d"), now: 0)
    #expect(
      effects.first
        == .runQuery(
          id: 2, query: "DESCRIBE TABLE EXTENDED spark_catalog.sales.orders", maxRows: 100_000))
    _ = state.update(Fixtures.char("i"), now: 0)
    #expect(state.focus == .editor)
    #expect(state.editor.text == "spark_catalog.sales.orders")
    // Filter as you type.
    Fixtures.focus(.catalog, &state)
    _ = state.update(Fixtures.char("/"), now: 0)
    Fixtures.type("ord", into: &state)
    #expect(state.tree.filter == "ord")
    _ = state.update(Fixtures.key(.enter), now: 0)
    #expect(state.catalog.mode == .browsing)
    // Failure shows under the node.
    _ = state.update(
      .catalogFailed(
        nodeID: "catalog:spark_catalog", SparkError(kind: .server, code: "x", message: "denied")),
      now: 0)
  }

  @Test func sortSearchInspectAndCopyOverLoadedRows() throws {
    var state = Fixtures.connected(text: "SELECT * FROM t")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 50, batchSize: 7)
    Fixtures.focus(.results, &state)
    // Sort by id descending (client side, complete result).
    #expect(state.update(Fixtures.char("s"), now: 0).isEmpty)
    #expect(state.update(Fixtures.char("s"), now: 0).isEmpty)
    let source = ResultGridSource(tab: state.tabs[0], formatter: state.formatter)
    #expect(source.cell(row: 0, column: 0).text == "49")
    #expect(source.cell(row: 0, column: 0).kind == .number)
    #expect(source.title(ofColumn: 0) == "id ▼")
    // NULLs are styled kind .null.
    _ = state.update(Fixtures.char("s"), now: 0)
    #expect(
      ResultGridSource(tab: state.tabs[0], formatter: state.formatter).cell(row: 6, column: 1)
        == .null)
    // Search.
    _ = state.update(Fixtures.char("/"), now: 0)
    Fixtures.type("row 42", into: &state)
    _ = state.update(Fixtures.key(.enter), now: 0)
    #expect(state.tabs[0].grid.selected == GridPosition(row: 42, column: 1))
    // Inspector and copy.
    _ = state.update(Fixtures.key(.enter), now: 0)
    guard case .inspector(_, _, let copyText) = state.overlay else {
      Issue.record("no inspector")
      return
    }
    #expect(copyText == "row 42")
    #expect(state.update(Fixtures.char("y"), now: 0) == [.copyToClipboard("row 42")])
    _ = state.update(Fixtures.key(.escape), now: 0)
    #expect(state.overlay == nil)
    #expect(state.update(Fixtures.char("Y"), now: 0) == [.copyToClipboard("42\trow 42")])
    // G / gg.
    _ = state.update(Fixtures.char("G"), now: 0)
    #expect(state.tabs[0].grid.selected.row == 49)
    _ = state.update(Fixtures.char("g"), now: 0)
    _ = state.update(Fixtures.char("g"), now: 0)
    #expect(state.tabs[0].grid.selected.row == 0)
    // Widths.
    let before = state.tabs[0].grid.width(ofColumn: 1)
    _ = state.update(Fixtures.char(">"), now: 0)
    #expect(state.tabs[0].grid.width(ofColumn: 1) == before + 2)
  }

  @Test func largeResultsSortInTheBackgroundAndStaleAnswersAreDropped() throws {
    var state = Fixtures.connected(text: "SELECT * FROM t", maxRows: nil)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    let rows = ResultsPane.inlineSortLimit + 5_000
    try Fixtures.feed(&state, id: id, rows: rows, batchSize: 10_000)
    Fixtures.focus(.results, &state)
    let effects = state.update(Fixtures.char("s"), now: 0)
    guard case .sortRows(let request) = effects.first else {
      Issue.record("expected a background sort, got \(effects)")
      return
    }
    #expect(request.rows == rows)
    #expect(state.tabs[0].pendingSort == ResultTab.PendingSort(column: 0, ascending: true))
    #expect(state.tabs[0].sort == nil)
    // Input stays live while it sorts; a second `s` waits.
    #expect(state.update(Fixtures.char("s"), now: 0).isEmpty)
    #expect(state.message == "still sorting — wait a moment")
    _ = state.update(Fixtures.char("j"), now: 0)
    #expect(state.tabs[0].grid.selected.row == 1)
    // An answer for another direction (stale) is ignored; the real one is applied.
    _ = state.update(.rowsSorted(queryID: id, column: 0, ascending: false, index: []), now: 0)
    #expect(state.tabs[0].sort == nil)
    let index = try #require(request.sorter.order(of: request.result, rows: request.rows))
    _ = state.update(.rowsSorted(queryID: id, column: 0, ascending: true, index: index), now: 0)
    #expect(state.tabs[0].pendingSort == nil)
    #expect(state.tabs[0].sort?.index?.count == rows)
    // Descending next: also in the background.
    let next = state.update(Fixtures.char("s"), now: 0)
    guard case .sortRows(let descending) = next.first else {
      Issue.record("expected a background sort, got \(next)")
      return
    }
    let reversed = try #require(descending.sorter.order(of: descending.result, rows: rows))
    _ = state.update(.rowsSorted(queryID: id, column: 0, ascending: false, index: reversed), now: 0)
    let source = ResultGridSource(tab: state.tabs[0], formatter: state.formatter)
    #expect(source.cell(row: 0, column: 0).text == String(rows - 1))
  }

  @Test func shiftArrowsSelectARangeThatCopiesAsTSV() throws {
    var state = Fixtures.connected(text: "SELECT * FROM t")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 10)
    Fixtures.focus(.results, &state)
    _ = state.update(Fixtures.key(.down, .shift), now: 0)
    _ = state.update(Fixtures.key(.right, .shift), now: 0)
    #expect(state.update(Fixtures.char("y"), now: 0) == [.copyToClipboard("0\trow 0\n1\trow 1")])
  }

  @Test func sortingAnIncompleteResultReRunsWithOrderBy() throws {
    var state = Fixtures.connected(text: "SELECT * FROM t", maxRows: 10)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 11)
    Fixtures.focus(.results, &state)
    let effects = state.update(Fixtures.char("s"), now: 0)
    #expect(
      effects == [
        .runQuery(
          id: id + 1,
          query: .plan(
            Exploration(base: .sql("SELECT * FROM t"), steps: [.sort([SortKey(column: "id")])])),
          maxRows: 10)
      ])
  }

  @Test func quitInterruptsRunningQueriesFromAnywhere() throws {
    var state = Fixtures.connected(text: "SELECT 1")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    _ = state.update(.query(id: id, .operationStarted(operationID: "op")), now: 0)
    _ = state.update(Fixtures.key(.function(1)), now: 0)  // help open
    let effects = state.update(.terminal(.key(.ctrl("q"))), now: 0)
    // The runtime stops on `ending`; the effects only interrupt.
    #expect(effects == [.cancelQuery(id: id, operationID: "op")])
    #expect(state.ending == .quit)
  }

  /// SIGTERM or SIGHUP winds down as quitting does, remembering why.
  @Test func terminationInterruptsRunningQueriesAndKeepsTheDraft() throws {
    var state = Fixtures.connected(text: "SELECT 1")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    _ = state.update(.query(id: id, .operationStarted(operationID: "op")), now: 0)
    let effects = state.update(.terminated(signal: SIGHUP), now: 0)
    #expect(effects == [.cancelQuery(id: id, operationID: "op")])
    #expect(state.ending == .signal(SIGHUP))
    #expect(state.ending?.keepsDraft == true)
    #expect(Ending.quit.keepsDraft == false)
  }

  @Test func helpListsTheKeysOfTheContext() {
    var state = Fixtures.connected()
    Fixtures.focus(.results, &state)
    _ = state.update(Fixtures.char("?"), now: 0)
    guard case .help(let view) = state.overlay else {
      Issue.record("no help")
      return
    }
    #expect(view.text.contains("load more rows"))
    #expect(view.text.contains("Ctrl-Q"))
    _ = state.update(Fixtures.key(.escape), now: 0)
    #expect(state.overlay == nil)
  }

  @Test func keymapIsOverridable() {
    var keymap = Keymap.standard
    keymap.bind(.ctrl("e"), to: .runStatement, in: .global)
    var state = AppState(size: Fixtures.size, keymap: keymap, text: "SELECT 1")
    _ = state.update(.connected(version: "4"), now: 0)
    #expect(Fixtures.queryID(state.update(.terminal(.key(.ctrl("e"))), now: 0)) == 1)
  }

  @Test func renderNeverTrapsAtAnySize() throws {
    var state = Fixtures.connected(text: "SELECT 1\nFROM x")
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 30)
    for width in [0, 1, 2, 3, 5, 10, 20, 59, 60, 61] {
      for height in [0, 1, 2, 3, 4, 5, 14, 15] {
        for pane in Pane.allCases {
          Fixtures.focus(pane, &state)
          _ = state.update(.terminal(.resize(Size(width: width, height: height))), now: 0)
          let frame = AppRenderer.render(state)
          #expect(frame.width == width && frame.height == height)
          _ = state.update(Fixtures.key(.down), now: 0)
          _ = state.update(Fixtures.key(.function(1)), now: 0)
          _ = AppRenderer.render(state)
          _ = state.update(Fixtures.key(.escape), now: 0)
        }
      }
    }
  }
}
