import ArrowIPC
import Foundation
import SparkConnectProto
import TestSupport
import Testing

@testable import SparkConnectClient

/// Explorations against the real server: each relation returns the rows of the same question
/// written in SQL by hand, and the rows of its own pipe SQL run as text.
@Suite(.serialized, .timeLimit(.minutes(10))) struct LiveExplorationTests {
  static let trips = Exploration(base: .table(["demo", "trips"]))

  /// A result's row count and an order-insensitive checksum of every value (xxhash64 of each
  /// row, summed as a decimal so it cannot overflow).
  struct Digest: Equatable, CustomStringConvertible {
    var rows: String
    var sum: String
    var description: String { "\(rows) rows, hash sum \(sum)" }
  }

  static let digestColumns = [
    ("n", "count(1)"),
    ("s", "CAST(coalesce(sum(CAST(h AS DECIMAL(38,0))), 0) AS STRING)"),
  ]

  static func digest(_ session: SparkConnectSession, sql: String) async throws -> Digest {
    let text =
      "SELECT " + digestColumns.map { "\($1) AS \($0)" }.joined(separator: ", ")
      + " FROM (SELECT xxhash64(*) AS h FROM (\n\(sql)\n))"
    return try digest(await session.collectRows(.sql(text)))
  }

  static func digest(_ session: SparkConnectSession, _ exploration: Exploration) async throws
    -> Digest
  {
    var hashed = Spark_Connect_Relation()
    hashed.project.input = exploration.relation
    hashed.project.expressions = [.named(.sqlText("xxhash64(*)"), "h")]
    var total = Spark_Connect_Relation()
    total.aggregate.input = hashed
    total.aggregate.groupType = .groupby
    total.aggregate.aggregateExpressions = digestColumns.map { .named(.sqlText($1), $0) }
    return try digest(await session.collectRows(total))
  }

  private static func digest(_ rows: [[String: String]]) throws -> Digest {
    let row = try #require(rows.first)
    return Digest(rows: row["n"] ?? "?", sum: row["s"] ?? "?")
  }

  /// The exploration, the hand-written SQL and the exploration's pipe SQL digest the same;
  /// returns the number of rows.
  @discardableResult
  static func expectSameRows(
    _ session: SparkConnectSession, _ exploration: Exploration, handSQL: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws -> Int {
    let relation = try await digest(session, exploration)
    let hand = try await digest(session, sql: handSQL)
    let pipe = try await digest(session, sql: exploration.pipeSQL)
    #expect(
      relation == hand, "\(exploration.pipeSQL)\nvs\n\(handSQL)", sourceLocation: sourceLocation)
    #expect(relation == pipe, "\(exploration.pipeSQL)", sourceLocation: sourceLocation)
    return Int(relation.rows) ?? -1
  }

  /// Runs an exploration with the public API; returns the schema and the batches.
  static func fetch(_ session: SparkConnectSession, _ exploration: Exploration, maxRows: Int? = nil)
    async throws -> (SparkSchema?, [RecordBatch], [QueryEvent])
  {
    var schema: SparkSchema?
    var batches: [RecordBatch] = []
    var events: [QueryEvent] = []
    for try await event in session.run(exploration: exploration, maxRows: maxRows) {
      events.append(event)
      switch event {
      case .schema(let received): schema = received
      case .batch(let batch, _): batches.append(batch)
      default: break
      }
    }
    return (schema, batches, events)
  }

  /// The value of `column` in row `row` of the only batch with rows.
  static func value(
    _ schema: SparkSchema, _ batches: [RecordBatch], column: String, row: Int
  ) throws -> PlanValue {
    let index = try #require(schema.fields.firstIndex { $0.name == column })
    let batch = try #require(batches.first { $0.rowCount > row })
    return try #require(
      PlanValue.cell(batch.columns[index], row: row, type: schema.fields[index].type),
      "no value for \(column)")
  }

  @Test func demoTripsFiltersOnEveryColumnMatchHandWrittenSQL() async throws {
    let session = try LiveServerTests.session()
    let (schema, batches, _) = try await Self.fetch(
      session,
      Self.trips.pushing(.filter(.keeping(column: "trip_id", values: [.int64(0), .int64(1000)])))
        .pushing(.sort([SortKey(column: "trip_id")])))
    let fields = try #require(schema)
    // Row 1 of the fetched rows is trip 1000 (values computed from demo/demo-data.sql).
    let equal: [(String, String)] = [
      ("trip_id", "trip_id = 1000"),
      ("vendor_id", "vendor_id = 7"),
      ("pickup_ts", "pickup_ts = TIMESTAMP'2026-10-01 00:43:12'"),
      ("dropoff_ts", "dropoff_ts = TIMESTAMP'2026-10-01 01:06:52'"),
      ("pickup_zone", "pickup_zone = 261"),
      ("dropoff_zone", "dropoff_zone = 41"),
      ("passengers", "passengers = 1"),
      ("distance_km", "distance_km = 1.4D"),
      ("fare", "fare = 4.25"),
      ("tip", "tip IS NULL"),
      ("payment", "payment = 'card'"),
      ("note", "note = 'lost umbrella\\nreturned to driver'"),
      ("trip_date", "trip_date = DATE'2026-10-01'"),
    ]
    #expect(Set(equal.map(\.0)) == Set(fields.fields.map(\.name)))
    for (column, hand) in equal {
      let value = try Self.value(fields, batches, column: column, row: 1)
      let rows = try await Self.expectSameRows(
        session, Self.trips.pushing(.filter(.keeping(column: column, value: value))),
        handSQL: "SELECT * FROM demo.trips WHERE \(hand)")
      #expect(rows >= 1, "\(column)")
    }
    // `!` keeps the NULL rows: `=` and `!` together are every row.
    let drops: [(String, Int, String)] = [
      ("note", 1, "note <> 'lost umbrella\\nreturned to driver' OR note IS NULL"),
      ("passengers", 1, "passengers <> 1 OR passengers IS NULL"),
      ("passengers", 0, "passengers IS NOT NULL"),
      ("tip", 0, "tip IS NOT NULL"),
      ("fare", 1, "fare <> 4.25"),
    ]
    for (column, row, hand) in drops {
      let value = try Self.value(fields, batches, column: column, row: row)
      let dropped = try await Self.expectSameRows(
        session, Self.trips.pushing(.filter(.dropping(column: column, value: value))),
        handSQL: "SELECT * FROM demo.trips WHERE \(hand)")
      let kept = try await Self.digest(
        session, Self.trips.pushing(.filter(.keeping(column: column, value: value))))
      #expect(dropped + (Int(kept.rows) ?? -1) == 1_000_000, "\(column)")
    }
    await session.close()
  }

  @Test func rangesExpressionsSortsAndSamplesMatchHandWrittenSQL() async throws {
    let session = try LiveServerTests.session()
    try await Self.expectSameRows(
      session,
      Self.trips.pushing(
        .filter(.keeping(column: "passengers", values: [.int8(2), .null, .int8(4), .int8(2)]))),
      handSQL: "SELECT * FROM demo.trips WHERE passengers IN (2, 4) OR passengers IS NULL")
    try await Self.expectSameRows(
      session,
      Self.trips.pushing(.filter(.expression("fare > 40 AND payment <> 'cash'")))
        .pushing(.project(["trip_id", "fare"])),
      handSQL: "SELECT trip_id, fare FROM demo.trips WHERE fare > 40 AND payment <> 'cash'")
    let sampled = try await Self.expectSameRows(
      session, Self.trips.pushing(.sample(fraction: 0.1, seed: 42)),
      handSQL: "SELECT * FROM demo.trips TABLESAMPLE (10 PERCENT) REPEATABLE (42)")
    #expect(sampled > 90_000 && sampled < 110_000)
    // A sort's order survives a limit: the first rows are those of ORDER BY … LIMIT by hand.
    let sorted = Self.trips.pushing(
      .sort([SortKey(column: "fare", ascending: false), SortKey(column: "trip_id")])
    ).pushing(.limit(7)).pushing(.project(["trip_id"]))
    let ids = try await session.collectRows(sorted.relation).map { $0["trip_id"] ?? "" }
    let hand = try await session.collectRows(
      .sql("SELECT trip_id FROM demo.trips ORDER BY fare DESC, trip_id LIMIT 7")
    ).map { $0["trip_id"] ?? "" }
    let piped = try await session.collectRows(.sql(sorted.pipeSQL)).map { $0["trip_id"] ?? "" }
    #expect(ids.count == 7)
    #expect(ids == hand)
    #expect(ids == piped)
    await session.close()
  }

  @Test func frequencyEqualsGroupByByHandAndDrillsDown() async throws {
    let session = try LiveServerTests.session()
    let byPassengers = Self.trips.pushing(
      .frequency(columns: ["passengers"], limit: PlanStep.frequencyLimit))
    try await Self.expectSameRows(
      session, byPassengers.pushing(.project(["passengers", "count"])),
      handSQL: "SELECT passengers, count(*) AS count FROM demo.trips GROUP BY passengers")
    // The pipe SQL computes the same percentages.
    #expect(
      try await Self.digest(session, byPassengers)
        == Self.digest(session, sql: byPassengers.pipeSQL))
    let (schema, batches, _) = try await Self.fetch(session, byPassengers)
    #expect(
      schema?.fields.map(\.name) == ["passengers", "count", "percent", "cumulative_percent"])
    let rows = batches.flatMap { batch in (0..<batch.rowCount).map { (batch, $0) } }
    #expect(rows.count == 5)
    let counts = rows.map { batch, row in batch.columns[1].int64(at: row) }
    #expect(counts == counts.sorted(by: >))
    #expect(counts.reduce(0, +) == 1_000_000)
    if let last = rows.last {
      #expect(abs(last.0.columns[3].double(at: last.1) - 100) < 1e-9)
    }
    #expect(try await session.distinctGroups(of: byPassengers) == 5)
    // Drilling into the NULL group gives its rows.
    let fields = try #require(schema)
    for (batch, row) in rows {
      let value = try #require(
        PlanValue.cell(batch.columns[0], row: row, type: fields.fields[0].type))
      let drilled = try #require(byPassengers.drillingDown(into: [value]))
      let digest = try await Self.digest(session, drilled)
      #expect(digest.rows == String(batch.columns[1].int64(at: row)), "\(value)")
      if value.isNull {
        try await Self.expectSameRows(
          session, drilled, handSQL: "SELECT * FROM demo.trips WHERE passengers IS NULL")
      }
    }
    // Two columns, most frequent first, like ORDER BY count DESC by hand.
    let twoColumns = Self.trips.pushing(
      .filter(.keeping(column: "payment", value: .string("card")))
    )
    .pushing(.frequency(columns: ["vendor_id", "payment"], limit: 3))
    let top = try await session.collectRows(twoColumns.relation).map {
      [$0["vendor_id"] ?? "NULL", $0["count"] ?? ""]
    }
    let hand = try await session.collectRows(
      .sql(
        """
        SELECT vendor_id, count(*) AS count FROM demo.trips WHERE payment = 'card'
        GROUP BY vendor_id, payment ORDER BY count DESC, vendor_id LIMIT 3
        """)
    ).map { [$0["vendor_id"] ?? "NULL", $0["count"] ?? ""] }
    #expect(top == hand)
    #expect(try await session.distinctGroups(of: twoColumns) == 7)
    await session.close()
  }

  /// A frequency of a frequency's `count` (how many values occur how often): the computed
  /// columns step aside (`count_`, …) instead of colliding with the grouping column.
  @Test func aFrequencyOfAFrequencysCountNamesItsColumnsApart() async throws {
    let session = try LiveServerTests.session()
    let byZone = Self.trips.pushing(.frequency(columns: ["pickup_zone"], limit: 1_000))
    let ofCounts = byZone.pushing(.frequency(columns: ["count"], limit: 1_000))
    let (schema, _, _) = try await Self.fetch(session, ofCounts)
    #expect(schema?.fields.map(\.name) == ["count", "count_", "percent", "cumulative_percent"])
    try await Self.expectSameRows(
      session, ofCounts.pushing(.project(["count", "count_"])),
      handSQL: """
        SELECT count, count(*) AS count_ FROM (
          SELECT pickup_zone, count(*) AS count FROM demo.trips GROUP BY pickup_zone
          ORDER BY count DESC, pickup_zone LIMIT 1000)
        GROUP BY count
        """)
    await session.close()
  }

  @Test func runCapsRowsExplainsAndRefusesNothingComparable() async throws {
    let session = try LiveServerTests.session()
    let cards = Self.trips.pushing(.filter(.keeping(column: "payment", value: .string("card"))))
    let (schema, batches, events) = try await Self.fetch(session, cards, maxRows: 100)
    #expect(schema?.fields.count == 13)
    #expect(batches.reduce(0) { $0 + $1.rowCount } == 101)
    guard case .statementStarted(0, 1, let statement) = events.first else {
      Issue.record("the first event starts the one statement")
      return
    }
    #expect(statement.text == cards.pipeSQL)
    let plan = try await session.explain(exploration: cards, mode: .extended)
    #expect(plan.contains("Filter"))
    #expect(plan.contains("card"))
    let described = try await session.schema(exploration: cards.pushing(.project(["fare"])))
    #expect(described.fields.map(\.type) == [.decimal(precision: 10, scale: 2)])
    #expect(schema?.fields.allSatisfy(\.type.isComparable) == true)
    await session.close()
  }

  /// The server writes the rows of an exploration (its relation is the write's input): the
  /// files hold exactly the exploration's rows.
  @Test func theServerWritesTheRowsOfAnExploration() async throws {
    let session = try LiveServerTests.session()
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("flint-write-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let vouchers = Self.trips.pushing(
      .filter(.keeping(column: "payment", value: .string("voucher")))
    )
    .pushing(.project(["trip_id", "fare", "payment"]))
    let write = ServerWrite(source: "parquet", path: directory.path, mode: .error, options: [:])
    for try await _ in session.write(exploration: vouchers, to: write) {}
    let written = try await Self.digest(session, sql: "SELECT * FROM parquet.`\(directory.path)`")
    #expect(written == (try await Self.digest(session, vouchers)))
    #expect(written.rows == "166666")
    await session.close()
  }
}

extension Spark_Connect_Expression {
  static func sqlText(_ text: String) -> Spark_Connect_Expression {
    var expression = Spark_Connect_Expression()
    expression.expressionString.expression = text
    return expression
  }
}
