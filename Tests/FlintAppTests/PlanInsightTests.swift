import SparkConnectClient
import TerminalUI
import Testing

@testable import FlintApp

/// F7 (EXPLAIN), F8 (the last run's metrics) and the stage display while a query runs,
/// driven by events as the runtime delivers them, with text snapshots at 80×24 and 200×60.
@Suite struct PlanInsightTests {
  static let sql =
    "SELECT z.borough, count(*) AS trips FROM demo.trips t JOIN demo.zones z ON t.pickup_zone = z.zone_id GROUP BY 1"

  /// A formatted plan as Spark sent it for `sql` (the tree and the first details).
  static let formatted = """
    == Physical Plan ==
    AdaptiveSparkPlan (12)
    +- HashAggregate (11)
       +- Exchange (10)
          +- HashAggregate (9)
             +- Project (8)
                +- BroadcastHashJoin Inner BuildRight (7)
                   :- Project (3)
                   :  +- Filter (2)
                   :     +- Scan parquet spark_catalog.demo.trips (1)
                   +- BroadcastExchange (6)
                      +- Filter (5)
                         +- Scan parquet spark_catalog.demo.zones (4)


    (1) Scan parquet spark_catalog.demo.trips
    Output [2]: [pickup_zone#16446, trip_date#16454]
    Batched: true
    Location: CatalogFileIndex [file:/work/main/.state/spark-15002/warehouse/demo.db/trips]
    PushedFilters: [IsNotNull(pickup_zone)]
    ReadSchema: struct<pickup_zone:int>

    (2) Filter
    Input [2]: [pickup_zone#16446, trip_date#16454]
    Condition : isnotnull(pickup_zone#16446)

    (3) Project
    Output [1]: [pickup_zone#16446]
    Input [2]: [pickup_zone#16446, trip_date#16454]

    (4) Scan parquet spark_catalog.demo.zones
    Output [2]: [zone_id#16455, borough#16456]
    Batched: true
    Location: InMemoryFileIndex [file:/work/main/.state/spark-15002/warehouse/demo.db/zones]
    PushedFilters: [IsNotNull(zone_id)]
    ReadSchema: struct<zone_id:int,borough:string>

    (5) Filter
    Input [2]: [zone_id#16455, borough#16456]
    Condition : isnotnull(zone_id#16455)
    """

  static let sizes = [Size(width: 80, height: 24), Size(width: 200, height: 60)]

  static func explainID(_ effects: [Effect]) -> Int? {
    for case .explain(let id, _, _) in effects { return id }
    return nil
  }

  @Test(arguments: sizes) func explainOverlay(size: Size) throws {
    var state = Fixtures.connected(text: Self.sql, size: size)
    let effects = state.update(Fixtures.key(.function(7)), now: 1)
    #expect(effects == [.explain(id: 1, query: .sql(Self.sql), mode: .formatted)])
    let id = try #require(Self.explainID(effects))
    _ = state.update(.explained(id: id, mode: .formatted, .success(Self.formatted)), now: 2)
    Snapshot.assert(AppRenderer.render(state), named: "explain-\(size.width)x\(size.height)")
    // Scrolling, copying, the next mode.
    _ = state.update(Fixtures.key(.pageDown), now: 2)
    guard case .plan(let view) = state.overlay else {
      Issue.record("no plan overlay")
      return
    }
    #expect(view.topLine > 0 || view.lines.count <= size.height - 4)
    #expect(state.update(Fixtures.char("y"), now: 2) == [.copyToClipboard(Self.formatted)])
    let next = state.update(Fixtures.key(.function(7)), now: 3)
    guard case .explain(_, let sql, let mode) = next.first else {
      Issue.record("expected the next mode, got \(next)")
      return
    }
    #expect(sql == .sql(Self.sql) && mode == .extended)
    _ = state.update(Fixtures.key(.escape), now: 3)
    #expect(state.overlay == nil)
  }

  /// From the results, F7 explains what the tab shows: its query with its sort.
  @Test func explainFromTheResultsIncludesTheTabsSort() throws {
    var state = Fixtures.connected(text: "SELECT id, name FROM t", maxRows: 10)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: 11)
    Fixtures.focus(.results, &state)
    #expect(
      state.update(Fixtures.key(.function(7)), now: 1)
        == [.explain(id: 2, query: "SELECT id, name FROM t", mode: .formatted)])
    _ = state.update(Fixtures.key(.escape), now: 1)
    // Not every row is here: `s` sorts on the server (a sort step), and F7 explains that plan.
    let sorted = state.update(Fixtures.char("s"), now: 2)
    let sortedID = try #require(Fixtures.queryID(sorted))
    try Fixtures.feed(&state, id: sortedID, rows: 11)
    let effects = state.update(Fixtures.key(.function(7)), now: 3)
    guard case .explain(_, let sql, _) = effects.first else {
      Issue.record("expected an explain, got \(effects)")
      return
    }
    #expect(
      sql
        == .plan(
          Exploration(
            base: .sql("SELECT id, name FROM t"), steps: [.sort([SortKey(column: "id")])])))
  }

  @Test func operatorNamesAreFoundAndDetailsAreNot() {
    let cases: [(String, String?)] = [
      ("+- HashAggregate (11)", "HashAggregate"),
      ("   :  +- Filter (2)", "Filter"),
      ("(1) Scan parquet spark_catalog.demo.trips", "Scan"),
      ("*(2) HashAggregate(keys=[borough#1], functions=[count(1)])", "HashAggregate"),
      ("+- Filter (pickup_ts#1 >= 2026-10-15 00:00:00)", "Filter"),
      ("AdaptiveSparkPlan isFinalPlan=false", "AdaptiveSparkPlan"),
      ("Output [2]: [pickup_zone#1, trip_date#2]", nil),
      ("Left keys [1]: [pickup_zone#1]", nil),
      ("Aggregate Attributes [1]: [count#3L]", nil),
      ("Condition : isnotnull(pickup_zone#1)", nil),
      ("Join type: Inner", nil),
      ("== Physical Plan ==", nil),
    ]
    for (line, name) in cases {
      let found = PlanView.operatorRange(in: line).map { String(Array(line)[$0]) }
      #expect(found == name, "\(line)")
    }
  }

  /// A bad statement: Spark's class and caret in the overlay, the underline in the editor.
  @Test func explainErrorsShowTheClassAndTheCaret() throws {
    var state = Fixtures.connected(text: "SELECT 1;\nSELEC 2", size: Size(width: 100, height: 30))
    Fixtures.moveCursor(to: TextPosition(line: 1, column: 2), &state)
    let effects = state.update(Fixtures.key(.function(7)), now: 1)
    #expect(effects == [.explain(id: 1, query: "SELEC 2", mode: .formatted)])
    var error = SparkError(
      kind: .server, code: "internal",
      message:
        "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)",
      errorClass: "PARSE_SYNTAX_ERROR", sqlState: "42601", messageParameters: ["error": "'SELEC'"])
    error = error.located(in: SQLScript.Statement(text: "SELEC 2", offset: 0), of: "SELEC 2")
    _ = state.update(.explained(id: 1, mode: .formatted, .failure(error)), now: 2)
    let screen = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(screen.contains("✕ PARSE_SYNTAX_ERROR  SQLSTATE 42601"))
    #expect(screen.contains("line 1, column 1:"))
    #expect(state.editorPane.errorMark == 10..<15)
  }

  /// Spark's metrics of a GROUP BY, in the shape it sends them (flat, parents by id).
  static let metrics: ExecutionMetrics = {
    typealias Entry = ExecutionMetrics.Entry
    func metric(_ name: String, _ value: Int64, _ type: String) -> ExecutionMetrics.Metric {
      ExecutionMetrics.Metric(name: name, value: value, type: .init(spark: type))
    }
    return ExecutionMetrics(entries: [
      Entry(name: "AdaptiveSparkPlan", planID: 10, parentID: 10, metrics: []),
      Entry(
        name: "HashAggregate", planID: 11, parentID: 10,
        metrics: [metric("numOutputRows", 7, "sum"), metric("aggTime", 1200, "timing")]),
      Entry(
        name: "Exchange", planID: 12, parentID: 11,
        metrics: [
          metric("shuffleBytesWritten", 669, "size"),
          metric("shuffleWriteTime", 10_530_537, "nsTiming"),
        ]),
      Entry(
        name: "Scan parquet spark_catalog.demo.trips", planID: 13, parentID: 12,
        metrics: [
          metric("scanTime", 791, "timing"), metric("filesSize", 30_077_367, "size"),
          metric("numOutputRows", 1_000_000, "sum"),
        ]),
    ])
  }()

  @Test(arguments: sizes) func metricsOfTheLastRun(size: Size) throws {
    var state = Fixtures.connected(text: Self.sql, size: size)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    _ = state.update(Fixtures.key(.function(8)), now: 0.5)
    #expect(state.message == "the metrics come when the run ends")
    try Fixtures.feed(&state, id: id, rows: 7, finish: false)
    _ = state.update(.query(id: id, .metrics(Self.metrics)), now: 1)
    _ = state.update(.queryFinished(id: id), now: 1.5)
    _ = state.update(Fixtures.key(.function(8)), now: 2)
    let screen = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(screen.contains("HashAggregate"))
    #expect(screen.contains("rows 7"))
    Snapshot.assert(AppRenderer.render(state), named: "metrics-\(size.width)x\(size.height)")
    let copied = state.update(Fixtures.char("y"), now: 2)
    guard case .copyToClipboard(let text) = copied.first else {
      Issue.record("no copy")
      return
    }
    #expect(text.contains("Scan parquet spark_catalog.demo.trips"))
  }

  /// Four stages: one done, one running, two waiting; then the query ends, and the waiting
  /// stage that never ran (adaptive execution reused a shuffle) shows as skipped, not stuck.
  @Test(arguments: sizes) func stageBarsWhileRunning(size: Size) throws {
    var state = Fixtures.connected(text: Self.sql, size: size)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    _ = state.update(.query(id: id, .operationStarted(operationID: "op")), now: 0.1)
    typealias Stage = ExecutionProgress.Stage
    for (second, done) in [(1.0, 0), (3.0, 10), (5.0, 20), (7.0, 30), (9.0, 40)]
      as [(Double, Int64)]
    {
      let progress = ExecutionProgress(
        stages: [
          Stage(stageID: 0, tasks: 4, completedTasks: 4, inputBytesRead: 30_000_000, done: true),
          Stage(stageID: 1, tasks: 200, completedTasks: done, inputBytesRead: 0, done: false),
          Stage(stageID: 2, tasks: 4, completedTasks: 0, inputBytesRead: 0, done: false),
          Stage(stageID: 3, tasks: 1, completedTasks: 0, inputBytesRead: 0, done: false),
        ], inflightTasks: 2)
      _ = state.update(.query(id: id, .progress(progress)), now: second)
    }
    Snapshot.assert(AppRenderer.render(state), named: "stages-\(size.width)x\(size.height)")
    let running = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(running.contains("stage 1"))
    #expect(running.contains("40/200 tasks"))
    #expect(running.contains("ETA"))
    _ = state.update(.query(id: id, .schema(FakeSparkService.sampleSchema)), now: 9.5)
    _ = state.update(.queryFinished(id: id), now: 10)
    let ended = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(!ended.contains("stage 1 "))
    #expect(ended.contains("4 stages (1 skipped)"))
    #expect(state.tabs[0].tracker.stages.map(\.state) == [.done, .done, .skipped, .done])
  }
}
