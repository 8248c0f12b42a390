import ArrowIPC
import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// Against the real Spark Connect server started by scripts/spark-server.
@Suite(.serialized, .timeLimit(.minutes(10))) struct LiveServerTests {
  static func session() throws -> SparkConnectSession {
    try SparkConnectSession(connection: ConnectionString(parsing: TestEnvironment.remote))
  }

  /// Runs SQL to the end and returns the events.
  static func events(_ session: SparkConnectSession, _ sql: String, maxRows: Int? = nil)
    async throws -> [QueryEvent]
  {
    var events: [QueryEvent] = []
    for try await event in session.run(sql: sql, maxRows: maxRows) { events.append(event) }
    return events
  }

  static func rows(_ events: [QueryEvent]) -> Int {
    events.reduce(0) {
      if case .batch(let batch, _) = $1 { return $0 + batch.rowCount }
      return $0
    }
  }

  @Test func versionAndSessionIDs() async throws {
    let session = try Self.session()
    let version = try await session.connect()
    #expect(version == "4.3.0")
    #expect(session.serverSideSessionID?.isEmpty == false)
    await session.close()
  }

  @Test func queryStreamsSchemaThenBatches() async throws {
    let session = try Self.session()
    let events = try await Self.events(
      session, "SELECT id, CAST(id AS STRING) AS s FROM range(25000)")
    guard
      case .schema(let schema) = events.first(where: {
        if case .schema = $0 { true } else { false }
      })
    else {
      Issue.record("no schema event")
      return
    }
    #expect(schema.fields.map(\.name) == ["id", "s"])
    #expect(schema.fields[0].type == .long)
    #expect(schema.fields[1].type.description == "string")
    #expect(Self.rows(events) == 25000)
    var sum: Int64 = 0
    for case .batch(let batch, _) in events {
      for row in 0..<batch.rowCount { sum += batch.columns[0].int64(at: row) }
    }
    #expect(sum == Int64(24999 * 25000 / 2))
    await session.close()
  }

  /// Batches that point into the received messages read the same million rows as batches
  /// with buffers of their own, and outlive the stream that delivered them.
  @Test func sharedResultBuffersDeliverTheSameRows() async throws {
    var results: [ResultBuffers: (ResultChecksum, [RecordBatch])] = [:]
    for buffers in [ResultBuffers.own, .shared] {
      var options = SessionOptions()
      options.resultBuffers = buffers
      let session = try SparkConnectSession(
        connection: ConnectionString(parsing: TestEnvironment.remote), options: options)
      var sum = ResultChecksum()
      var kept: [RecordBatch] = []
      for try await event in session.run(sql: ResultChecksum.sql) {
        sum.add(event)
        if case .batch(let batch, _) = event, kept.count < 3 { kept.append(batch) }
      }
      await session.close()
      results[buffers] = (sum, kept)
    }
    let own = try #require(results[.own])
    let shared = try #require(results[.shared])
    #expect(own.0.rows == ResultChecksum.expectedRows)
    #expect(own.0.misplaced == 0)
    #expect(shared.0 == own.0, "\(shared.0) vs \(own.0)")
    // Read again after the sessions closed and their gRPC buffers were let go.
    var again = ResultChecksum()
    for batch in shared.1 { again.add(.batch(batch, startOffset: nil)) }
    var reference = ResultChecksum()
    for batch in own.1 { reference.add(.batch(batch, startOffset: nil)) }
    #expect(again == reference)
    #expect(again.rows > 0)
  }

  @Test func rowCapIsPushedAsLimitPlusOne() async throws {
    let session = try Self.session()
    let events = try await Self.events(session, "SELECT * FROM range(1000)", maxRows: 100)
    #expect(Self.rows(events) == 101)
    await session.close()
  }

  /// Runs `body`, then drops `table` whatever happened in it (a failed expectation or a
  /// thrown error), so a reused server keeps nothing from a run.
  static func withTable(
    _ table: String, _ session: SparkConnectSession, _ body: () async throws -> Void
  ) async throws {
    do {
      try await body()
    } catch {
      _ = try? await events(session, "DROP TABLE IF EXISTS \(table)")
      throw error
    }
    _ = try await events(session, "DROP TABLE IF EXISTS \(table)")
  }

  @Test func ddlAndDmlRunExactlyOnce() async throws {
    let session = try Self.session()
    let table = "flint_test_once_\(UInt32.random(in: 0...UInt32.max))"
    try await Self.withTable(table, session) {
      _ = try await Self.events(
        session,
        "CREATE TEMPORARY VIEW \(table)_src AS SELECT 1 AS x; CREATE TABLE \(table) (x INT) USING parquet"
      )
      _ = try await Self.events(session, "INSERT INTO \(table) VALUES (1), (2)")
      let events = try await Self.events(session, "SELECT count(*) FROM \(table)")
      var count: Int64 = -1
      for case .batch(let batch, _) in events where batch.rowCount > 0 {
        count = batch.columns[0].int64(at: 0)
      }
      #expect(count == 2)
    }
    await session.close()
  }

  @Test func commandResultsComeBackAsRows() async throws {
    let session = try Self.session()
    let events = try await Self.events(session, "SHOW DATABASES")
    var names: [String] = []
    for case .batch(let batch, _) in events {
      for row in 0..<batch.rowCount { names.append(batch.columns[0].string(at: row)) }
    }
    #expect(names.contains("default"))
    await session.close()
  }

  @Test func multiStatementTextRunsInOrder() async throws {
    let session = try Self.session()
    let events = try await Self.events(
      session, "SET spark.sql.shuffle.partitions=3;\nSELECT 1 AS a;\nSELECT 2 AS b, 3 AS c")
    let started = events.compactMap {
      if case .statementStarted(let i, let n, _) = $0 { (i, n) } else { nil }
    }
    #expect(started.map(\.0) == [0, 1, 2])
    #expect(started.allSatisfy { $0.1 == 3 })
    let finished = events.compactMap {
      if case .statementFinished(let i, let rows) = $0 { (i, rows) } else { nil }
    }
    #expect(finished.map(\.0) == [0, 1, 2])
    #expect(finished[1].1 == 1)
    await session.close()
  }

  @Test func errorsCarryClassStateAndPosition() async throws {
    let session = try Self.session()
    let sql = "SELECT 1;\nSELECT a\n  FROM flint_no_such_table"
    do {
      _ = try await Self.events(session, sql)
      Issue.record("expected an error")
    } catch let error as SparkError {
      #expect(error.kind == .server)
      #expect(error.errorClass == "TABLE_OR_VIEW_NOT_FOUND")
      #expect(error.sqlState == "42P01")
      #expect(error.messageParameters["relationName"] == "`flint_no_such_table`")
      let context = try #require(error.queryContexts.first)
      #expect(context.fragment == "flint_no_such_table")
      #expect(context.line == 3)
      #expect(context.column == 8)
      #expect(context.startIndex == 26)
      let caret = try #require(error.caretDisplay(sql: sql))
      #expect(caret.hasSuffix("  FROM flint_no_such_table\n       ^^^^^^^^^^^^^^^^^^^"))
    }
    await session.close()
  }

  /// Interrupts by tag once tasks run (see CancelTests for why not earlier).
  @Test func interruptStopsALongQuery() async throws {
    let session = try Self.session()
    let tag = "flint-test-\(UUID().uuidString.prefix(8))"
    let stream = session.run(sql: TestEnvironment.cancellableLongQuery, tag: tag)
    var interrupted: [String] = []
    var error: SparkError?
    do {
      for try await event in stream {
        if case .progress(let progress) = event, interrupted.isEmpty,
          progress.inflightTasks > 0 || progress.tasks.completed > 0
        {
          interrupted = try await session.interrupt(tag: tag)
        }
      }
    } catch let caught as SparkError { error = caught }
    #expect(!interrupted.isEmpty)
    #expect(error?.kind == .cancelled)
    #expect(error?.errorClass == "OPERATION_CANCELED")
    try await CancelTests.expectExecutorsFree(session)
    await session.close()
  }

  @Test func catalogListing() async throws {
    let session = try Self.session()
    let catalogs = try await session.listCatalogs()
    #expect(catalogs.contains { $0.name == "spark_catalog" })
    let databases = try await session.listDatabases(catalog: "spark_catalog")
    #expect(databases.contains { $0.name == "default" })
    let table = "flint_test_cat_\(UInt32.random(in: 0...UInt32.max))"
    try await Self.withTable(table, session) {
      _ = try await Self.events(
        session, "CREATE TABLE \(table) (id BIGINT, tags ARRAY<STRING>) USING parquet")
      let tables = try await session.listTables(catalog: "spark_catalog", database: "default")
      #expect(tables.contains { $0.name == table && $0.kind == .table })
      let columns = try await session.listColumns(
        catalog: "spark_catalog", database: "default", table: table)
      #expect(columns.map(\.name) == ["id", "tags"])
      #expect(columns.map(\.detail) == ["bigint", "array<string>"])
    }
    await session.close()
  }

  @Test func confRoundTrip() async throws {
    let session = try Self.session()
    try await session.setConf([(key: "spark.sql.session.timeZone", value: "Asia/Tokyo")])
    let values = try await session.getConf(["spark.sql.session.timeZone"])
    #expect(values["spark.sql.session.timeZone"] == "Asia/Tokyo")
    try await session.unsetConf(["spark.sql.session.timeZone"])
    let after = try await session.getConf(["spark.sql.session.timeZone"])
    #expect(after["spark.sql.session.timeZone"] != "Asia/Tokyo")
    await session.close()
  }

  @Test func explainAndSchema() async throws {
    let session = try Self.session()
    let plan = try await session.explain(sql: "SELECT id FROM range(10)", mode: .extended)
    #expect(plan.contains("== Physical Plan =="))
    let schema = try await session.schema(sql: "SELECT 1 AS one, 'x' AS two")
    #expect(schema.fields.map(\.name) == ["one", "two"])
    await session.close()
  }

  @Test func unreachableServerFailsFastWithOneClearError() async throws {
    var options = SessionOptions()
    options.connectTimeout = .seconds(3)
    let session = try SparkConnectSession(
      connection: ConnectionString(parsing: "sc://127.0.0.1:1"), options: options)
    let start = ContinuousClock.now
    do {
      _ = try await session.connect()
      Issue.record("expected a connection error")
    } catch {
      #expect(error.kind == .connection || error.kind == .timeout)
      #expect(error.message.contains("127.0.0.1:1"))
    }
    #expect(ContinuousClock.now - start < .seconds(5))
    await session.close()
  }
}
