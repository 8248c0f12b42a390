import ArrowIPC
import SparkConnectClient
import TerminalUI
import Testing

@testable import FlintApp

/// Exploring by plan in the results pane: each key pushes a view whose plan is its parent's
/// plus one step, Backspace pops it, the stack shows as a breadcrumb. Driven by events as
/// the runtime delivers them; the plans sent are checked exactly.
@Suite struct ExplorationUITests {
  static let sql = "SELECT * FROM t"
  static let base = Exploration(base: .sql(sql))

  /// A tab of `sql` with 11 rows of a 10-row cap (more on the server), the results focused.
  static func state(size: Size = Fixtures.size) throws -> (AppState, Int) {
    var state = Fixtures.connected(text: sql, size: size, maxRows: 10)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 11)
    Fixtures.focus(.results, &state)
    return (state, id)
  }

  /// A frequency table's batch: `name`, `count`, `percent`, `cumulative_percent`.
  static func frequencyBatch(_ rows: [(String?, Int64)]) throws -> RecordBatch {
    let total = Double(rows.map(\.1).reduce(0, +))
    var running = 0.0
    var cumulative: [ArrowValue] = []
    for row in rows {
      running += Double(row.1)
      cumulative.append(.double(running * 100 / total))
    }
    return try ArrowColumnBuilder.batch(
      ArrowSchema(fields: [
        ArrowField(name: "name", type: .utf8, nullable: true),
        ArrowField(name: "count", type: .int(bitWidth: 64, signed: true), nullable: false),
        ArrowField(name: "percent", type: .float64, nullable: true),
        ArrowField(name: "cumulative_percent", type: .float64, nullable: true),
      ]),
      columns: [
        rows.map { $0.0.map(ArrowValue.string) ?? .null },
        rows.map { .int($0.1) },
        rows.map { .double(Double($0.1) * 100 / total) },
        cumulative,
      ])
  }

  static let frequencySchema = SparkSchema(fields: [
    SparkField(name: "name", type: .string(collation: nil), nullable: true),
    SparkField(name: "count", type: .long, nullable: false),
    SparkField(name: "percent", type: .double, nullable: true),
    SparkField(name: "cumulative_percent", type: .double, nullable: true),
  ])

  static func feedFrequency(_ state: inout AppState, id: Int, _ rows: [(String?, Int64)]) throws {
    _ = state.update(.query(id: id, .schema(frequencySchema)), now: 1)
    _ = state.update(.query(id: id, .batch(try frequencyBatch(rows), startOffset: 0)), now: 1)
  }

  static func screen(_ state: AppState) -> String {
    SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
  }

  @Test func equalsPushesATypedFilterAndBackspaceBringsTheParentBackAtOnce() throws {
    var (state, id) = try Self.state()
    _ = state.update(Fixtures.char("l"), now: 2)  // the name column
    let effects = state.update(Fixtures.char("="), now: 2)
    let filtered = Self.base.pushing(.filter(.equals(column: "name", value: .string("row 0"))))
    #expect(effects == [.runQuery(id: id + 1, query: .plan(filtered), maxRows: 10)])
    try Fixtures.feed(&state, id: id + 1, rows: 1)
    #expect(state.currentTab?.below.count == 1)
    #expect(Self.screen(state).contains("SELECT * FROM t › name = 'row 0'"))
    // Back: the parent's rows at once, nothing sent.
    #expect(state.update(Fixtures.key(.backspace), now: 3).isEmpty)
    #expect(state.currentTab?.queryID == id)
    #expect(state.currentTab?.displayRowCount == 10)
    #expect(state.currentTab?.below.isEmpty == true)
    #expect(!Self.screen(state).contains(" › "))
    // `!` on a NULL cell keeps the rows that have a value.
    for _ in 0..<6 { _ = state.update(Fixtures.key(.down), now: 3) }
    let dropped = state.update(Fixtures.char("!"), now: 3)
    #expect(
      dropped == [
        .runQuery(
          id: id + 2, query: .plan(Self.base.pushing(.filter(.isNotNull(column: "name")))),
          maxRows: 10)
      ])
  }

  @Test func aRangeInOneColumnKeepsItsValuesAndTwoColumnsAreRefused() throws {
    var (state, id) = try Self.state()
    _ = state.update(Fixtures.char("l"), now: 2)
    _ = state.update(Fixtures.key(.down, .shift), now: 2)
    _ = state.update(Fixtures.key(.down, .shift), now: 2)
    let effects = state.update(Fixtures.char("="), now: 2)
    let values: [PlanValue] = [.string("row 0"), .string("row 1"), .string("row 2")]
    #expect(
      effects == [
        .runQuery(
          id: id + 1, query: .plan(Self.base.pushing(.filter(.in(column: "name", values: values)))),
          maxRows: 10)
      ])
    try Fixtures.feed(&state, id: id + 1, rows: 3)
    _ = state.update(Fixtures.key(.right, .shift), now: 2)
    #expect(state.update(Fixtures.char("="), now: 2).isEmpty)
    #expect(state.message?.contains("one column") == true)
  }

  @Test func columnsSparkCannotCompareGetAMessageAndNoQuery() throws {
    var state = Fixtures.connected(text: Self.sql, maxRows: 10)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    let schema = SparkSchema(fields: [
      SparkField(name: "id", type: .long, nullable: false),
      SparkField(
        name: "name",
        type: .map(key: .string(collation: nil), value: .integer, valueContainsNull: true),
        nullable: true),
    ])
    _ = state.update(.query(id: id, .schema(schema)), now: 0)
    let batch = try FakeSparkService.sampleBatch(start: 0, rows: 3)
    _ = state.update(.query(id: id, .batch(batch, startOffset: 0)), now: 0)
    _ = state.update(.queryFinished(id: id), now: 0)
    Fixtures.focus(.results, &state)
    _ = state.update(Fixtures.char("l"), now: 1)
    for key in ["=", "!", "F"] as [Character] {
      #expect(state.update(Fixtures.char(key), now: 1).isEmpty)
      #expect(state.message?.contains("cannot compare or group map values") == true)
    }
  }

  @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
  func frequencyDrillDownAndBack(size: Size) throws {
    var (state, id) = try Self.state(size: size)
    _ = state.update(Fixtures.char("l"), now: 2)
    let effects = state.update(Fixtures.char("F"), now: 2)
    let frequency = Self.base.pushing(.frequency(columns: ["name"], limit: 1_000))
    // The frequency's own limit caps it, not the row cap.
    #expect(effects == [.runQuery(id: id + 1, query: .plan(frequency), maxRows: nil)])
    try Self.feedFrequency(&state, id: id + 1, [("row 1", 50), (nil, 30), ("row 2", 20)])
    // Fewer groups than the limit: all of them are here, no count query.
    #expect(state.update(.queryFinished(id: id + 1), now: 3).isEmpty)
    let screen = Self.screen(state)
    #expect(screen.contains("SELECT * FROM t › freq(name)"), "\(screen)")
    #expect(screen.contains("50.00% ████████████████"), "\(screen)")
    #expect(screen.contains("3 groups"), "\(screen)")
    Snapshot.assert(AppRenderer.render(state), named: "frequency-\(size.width)x\(size.height)")
    // Enter on the NULL group: the frequency's parent, its NULL rows.
    _ = state.update(Fixtures.key(.down), now: 4)
    let drilled = state.update(Fixtures.key(.enter), now: 4)
    let nulls = Self.base.pushing(.filter(.isNull(column: "name")))
    #expect(drilled == [.runQuery(id: id + 2, query: .plan(nulls), maxRows: 10)])
    try Fixtures.feed(&state, id: id + 2, rows: 1)
    #expect(state.currentTab?.below.map(\.queryID) == [id, id + 1])
    #expect(Self.screen(state).contains("SELECT * FROM t › freq(name) › name IS NULL"))
    Snapshot.assert(AppRenderer.render(state), named: "drilled-\(size.width)x\(size.height)")
    // Back to the frequency table as it was.
    #expect(state.update(Fixtures.key(.backspace), now: 5).isEmpty)
    #expect(state.currentTab?.isFrequency == true)
    #expect(state.currentTab?.grid.selected.row == 1)
  }

  @Test func aFullFrequencyAsksHowManyGroupsThereAre() throws {
    var (state, id) = try Self.state()
    _ = state.update(Fixtures.char("l"), now: 2)
    _ = state.update(Fixtures.char("F"), now: 2)
    try Self.feedFrequency(&state, id: id + 1, (0..<1_000).map { ("v\($0)", Int64(2_000 - $0)) })

    let frequency = Self.base.pushing(.frequency(columns: ["name"], limit: 1_000))
    let finished = state.update(.queryFinished(id: id + 1), now: 3)
    #expect(finished.count == 1)
    #expect(finished.first == .countGroups(id: id + 1, frequency))
    #expect(Self.screen(state).contains("counting all…"))
    _ = state.update(.groupsCounted(id: id + 1, .success(4_512)), now: 4)
    #expect(Self.screen(state).contains("1,000 most frequent of 4,512 groups"))
  }

  @Test func aFilterExpressionIsCheckedBySparkBeforeItIsPushed() throws {
    var (state, id) = try Self.state(size: Size(width: 80, height: 24))
    _ = state.update(Fixtures.char("|"), now: 2)
    Fixtures.type("id >> 3", into: &state)
    let check = state.update(Fixtures.key(.enter), now: 2)
    let filtered = Self.base.pushing(.filter(.expression("id >> 3")))
    guard case .checkPlan(let checkID, let plan)? = check.first else {
      Issue.record("expected a plan check, got \(check)")
      return
    }
    #expect(plan == filtered)
    // Spark refuses it: the error and where, in the prompt; the stack is unchanged.
    let error = SparkError(
      kind: .server, code: "internal",
      message: "[PARSE_SYNTAX_ERROR] Syntax error at or near '>'. SQLSTATE: 42601 (line 1, pos 4)",
      errorClass: "PARSE_SYNTAX_ERROR", sqlState: "42601",
      messageParameters: ["error": "'>'"])
    #expect(state.update(.planChecked(id: checkID, .failure(error)), now: 3).isEmpty)
    guard case .step(let prompt)? = state.overlay else {
      Issue.record("the prompt should stay open")
      return
    }
    #expect(prompt.error?.hasPrefix("    ^\n") == true, "\(prompt.error ?? "")")
    #expect(state.currentTab?.queryID == id)
    Snapshot.assert(AppRenderer.render(state), named: "filter-error-80x24")
    // Corrected, it is pushed once Spark accepts it.
    for _ in 0..<4 { _ = state.update(Fixtures.key(.backspace), now: 4) }
    Fixtures.type("> 3", into: &state)
    let again = state.update(Fixtures.key(.enter), now: 4)
    guard case .checkPlan(let secondID, _)? = again.first else {
      Issue.record("expected a plan check, got \(again)")
      return
    }
    let pushed = state.update(
      .planChecked(id: secondID, .success(FakeSparkService.sampleSchema)), now: 5)
    let expression = Self.base.pushing(.filter(.expression("id > 3")))
    #expect(pushed == [.runQuery(id: secondID + 1, query: .plan(expression), maxRows: 10)])
    #expect(state.overlay == nil)
  }

  @Test func percentSamplesWithAFixedSeed() throws {
    var (state, id) = try Self.state()
    _ = state.update(Fixtures.char("%"), now: 2)
    let effects = state.update(Fixtures.key(.enter), now: 2)
    let sample = Self.base.pushing(.sample(fraction: 0.01, seed: 42))
    #expect(effects == [.runQuery(id: id + 1, query: .plan(sample), maxRows: 10)])
    try Fixtures.feed(&state, id: id + 1, rows: 1)
    #expect(Self.screen(state).contains("SELECT * FROM t › sample 1%"))
  }

  @Test(
    arguments: [
      ("1%", 0.01), ("0.5 %", 0.005), ("0.01", 0.01), ("100%", 1.0), ("150%", nil), ("0", nil),
      ("abc", nil), ("-1%", nil),
    ] as [(String, Double?)])
  func samplingFractions(text: String, fraction: Double?) {
    #expect(AppState.fraction(text) == fraction)
  }

  @Test func theStackGoesToTheEditorAsPipeSQLAndToTheClipboardAsPySpark() throws {
    var (state, id) = try Self.state()
    _ = state.update(Fixtures.char("l"), now: 2)
    _ = state.update(Fixtures.char("="), now: 2)
    try Fixtures.feed(&state, id: id + 1, rows: 1)
    let filtered = Self.base.pushing(.filter(.equals(column: "name", value: .string("row 0"))))
    let copied = state.update(Fixtures.char("P"), now: 3)
    #expect(copied == [.copyToClipboard(filtered.pySpark)])
    _ = state.update(Fixtures.char("o"), now: 3)
    #expect(state.focus == .editor)
    #expect(state.editor.text == Self.sql + "\n\n" + filtered.pipeSQL)
    #expect(state.editor.text.hasSuffix("|> WHERE name = 'row 0'"))
  }

  @Test func aServerSortIsAStepThatChangesInPlaceAndPopsOnTheThirdPress() throws {
    var (state, id) = try Self.state()
    let ascending = state.update(Fixtures.char("s"), now: 2)
    let sortedUp = Self.base.pushing(.sort([SortKey(column: "id")]))
    #expect(ascending == [.runQuery(id: id + 1, query: .plan(sortedUp), maxRows: 10)])
    try Fixtures.feed(&state, id: id + 1, rows: 11)
    let descending = state.update(Fixtures.char("s"), now: 3)
    let sortedDown = Self.base.pushing(.sort([SortKey(column: "id", ascending: false)]))
    #expect(descending == [.runQuery(id: id + 2, query: .plan(sortedDown), maxRows: 10)])
    try Fixtures.feed(&state, id: id + 2, rows: 11)
    #expect(state.currentTab?.below.map(\.queryID) == [id])
    #expect(state.update(Fixtures.char("s"), now: 4).isEmpty)
    #expect(state.currentTab?.queryID == id)
    #expect(state.currentTab?.sort == nil)
  }

  @Test func viewsBelowLetGoOfTheirRowsOldestFirstAndRunAgainWhenShown() throws {
    var (state, id) = try Self.state()
    _ = state.update(Fixtures.char("l"), now: 2)
    _ = state.update(Fixtures.char("="), now: 2)
    try Fixtures.feed(&state, id: id + 1, rows: 1)
    let tab = try #require(state.currentTab)
    let bytes = try #require(tab.below.first?.result?.byteCount)
    let trimmed = ResultsPane.trimmed(tab.below + [tab], budget: bytes)
    #expect(trimmed.map(\.rowsDropped) == [true, false])
    #expect(trimmed[0].result == nil)
    // A view whose rows were let go runs again when Backspace comes back to it.
    state.results.tabs[state.results.selectedTab].below = Array(trimmed.prefix(1))
    let back = state.update(Fixtures.key(.backspace), now: 3)
    #expect(back == [.runQuery(id: id + 2, query: .sql(Self.sql), maxRows: 10)])
    #expect(state.currentTab?.below.isEmpty == true)
  }

  /// F7 and a full-result export of a view built by steps send its plan, not the base's SQL;
  /// a client-side sort of it becomes one more sort step.
  @Test func explainAndExportOfAViewSendItsPlan() throws {
    var (state, id) = try Self.state()
    _ = state.update(Fixtures.char("l"), now: 2)
    _ = state.update(Fixtures.char("!"), now: 2)
    try Fixtures.feed(&state, id: id + 1, rows: 3)
    let dropped = Self.base.pushing(
      .filter(.notEqualNullSafe(column: "name", value: .string("row 0"))))
    let explain = state.update(Fixtures.key(.function(7)), now: 3)
    #expect(explain == [.explain(id: id + 2, query: .plan(dropped), mode: .formatted)])
    _ = state.update(Fixtures.key(.escape), now: 3)
    _ = state.update(Fixtures.char("s"), now: 3)  // every row is here: sorted locally
    _ = state.update(Fixtures.char("e"), now: 4)
    _ = state.update(Fixtures.key(.up), now: 4)
    _ = state.update(Fixtures.key(.right), now: 4)  // full result
    let effects = state.update(Fixtures.key(.enter), now: 4)
    guard case .exportQuery(_, let query, _)? = effects.first else {
      Issue.record("expected .exportQuery, got \(effects)")
      return
    }
    #expect(query == .plan(dropped.pushing(.sort([SortKey(column: "id")]))))
  }
}
