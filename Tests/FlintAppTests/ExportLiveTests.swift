import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import FlintApp
@testable import SparkConnectClient

/// The export dialog against the real Spark Connect server (`FLINT_TEST_REMOTE`): the full
/// result streamed to CSV and checked with Python's csv module, a cancelled full export, and
/// Parquet written by the server and read back with pyspark.
@MainActor @Suite(.serialized, .timeLimit(.minutes(5))) struct ExportLiveTests {
  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// A connected state whose tab ran `sql` for real (capped at 100 rows), results focused.
  static func ranQuery(
    _ sql: String, harness: EffectHarness, directory: String, execute: Bool = true
  ) async throws -> AppState {
    var state = Fixtures.connected(
      text: sql, size: Size(width: 120, height: 30), maxRows: 100, workingDirectory: directory)
    let effects = state.update(Fixtures.key(.function(5)), now: 0)
    let id = try #require(Fixtures.queryID(effects))
    Fixtures.focus(.results, &state)
    // Without `execute` the tab stays "running" with no rows: the export's own query is the
    // only one sent.
    guard execute else { return state }
    let run = effects.filter {
      if case .runQuery = $0 { return true }
      return false
    }
    await harness.drive(&state, run) { event in
      switch event {
      case .queryFinished(let i), .queryFailed(let i, _), .queryCancelled(let i): return i == id
      default: return false
      }
    }
    #expect(state.tabs.first?.phase == .finished, "\(String(describing: state.tabs.first?.error))")
    Fixtures.focus(.results, &state)
    return state
  }

  static func session() throws -> SparkSessionService {
    SparkSessionService(
      session: try SparkConnectSession(
        connection: ConnectionString(parsing: TestEnvironment.remote)))
  }

  static func dialog(_ state: AppState) -> ExportDialog? {
    if case .export(let dialog) = state.overlay { return dialog }
    return nil
  }

  /// Peak resident memory of this process so far (VmHWM), in MiB.
  static func peakRSS() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    let kib = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return kib / 1024
  }

  static func python(_ script: String, _ arguments: [String]) throws -> String {
    let result = try TestEnvironment.run(TestEnvironment.python, ["-c", script] + arguments)
    guard result.status == 0 else { throw Failure("python failed: \(result.stderr.suffix(3000))") }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func fullResultOfAMillionRowsStreamsToCSV() async throws {
    let directory = try ExportDialogTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let service = try Self.session()
    let harness = EffectHarness(service: service)
    let sql = """
      SELECT id, CASE WHEN id % 1000 = 0 THEN NULL ELSE concat('v,"', id, '"') END AS s,
        id * 0.5D AS half FROM range(1000000)
      """
    var state = try await Self.ranQuery(sql, harness: harness, directory: directory)
    #expect(state.tabs[0].moreOnServer)
    _ = state.update(Fixtures.char("e"), now: 1)
    _ = state.update(Fixtures.key(.up), now: 1)
    _ = state.update(Fixtures.key(.right), now: 1)  // full result
    #expect(Self.dialog(state)?.scope == .fullResult)
    let effects = state.update(Fixtures.key(.enter), now: 1)
    let id = try #require(ExportDialogTests.exportID(effects))
    let rssBefore = Self.peakRSS()
    let clock = ContinuousClock()
    let started = clock.now
    var progressEvents = 0
    await harness.drive(&state, effects) { event in
      if case .exportProgressed = event { progressEvents += 1 }
      return EffectHarness.ends(event, export: id)
    }
    let elapsed = clock.now - started
    guard case .finished(let outcome, _) = Self.dialog(state)?.phase else {
      Issue.record("not finished: \(String(describing: Self.dialog(state)?.phase))")
      return
    }
    #expect(outcome.rows == 1_000_000)
    #expect(progressEvents > 1)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let megabytes = Double(outcome.bytes ?? 0) / 1_048_576
    print(
      "full-result CSV export: 1,000,000 rows, \(String(format: "%.1f", megabytes)) MiB in "
        + "\(String(format: "%.2f", seconds)) s = \(String(format: "%.1f", megabytes / seconds)) MiB/s; "
        + "test process peak RSS \(String(format: "%.0f", rssBefore)) → \(String(format: "%.0f", Self.peakRSS())) MiB"
    )
    let check = """
      import csv, sys
      rows = nulls = 0
      total = 0
      with open(sys.argv[1], newline="") as f:
          reader = csv.reader(f)
          header = next(reader)
          for row in reader:
              rows += 1
              i = int(row[0])
              total += i
              if row[1] == "":
                  nulls += 1
                  assert i % 1000 == 0, row
              else:
                  assert row[1] == 'v,"%d"' % i, row
              assert float(row[2]) == i * 0.5, row
      print(",".join(header), rows, nulls, total)
      """
    let answer = try Self.python(check, [directory + "/range.csv"])
    #expect(answer == "id,s,half 1000000 1000 499999500000")
    #expect(try ExportDialogTests.leftovers(in: directory) == ["range.csv"])
    #expect(state.tabs[0].displayRowCount == 100)
    await service.close()
  }

  @Test func cancellingAFullResultExportLeavesNoFile() async throws {
    let directory = try ExportDialogTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let service = try Self.session()
    let harness = EffectHarness(service: service)
    // Endless but light: every 5M-row partition keeps 5,000 rows. Without the filter each
    // partition is ~300 MiB of Arrow and the job dies on spark.driver.maxResultSize (1 GiB,
    // four partitions) before the cancel — which is what failed on CI.
    let sql = """
      SELECT id, repeat('x', 50) AS pad FROM range(0, 100000000000, 1, 20000)
      WHERE pmod(hash(id), 1000) = 0
      """
    var state = try await Self.ranQuery(
      sql, harness: harness, directory: directory, execute: false)
    _ = state.update(Fixtures.char("e"), now: 1)
    #expect(Self.dialog(state)?.scope == .fullResult)  // nothing loaded yet
    let effects = state.update(Fixtures.key(.enter), now: 1)
    let id = try #require(ExportDialogTests.exportID(effects))
    let first = await harness.drive(&state, effects) { event in
      if case .exportProgressed(let i, let rows, _) = event { return i == id && rows > 0 }
      return EffectHarness.ends(event, export: id)
    }
    guard case .exportProgressed = first else {
      Issue.record("the export ended before it could be cancelled: \(String(describing: first))")
      return
    }
    #expect(try ExportDialogTests.leftovers(in: directory).contains { $0.hasPrefix(".range.csv.") })
    let cancel = state.update(Fixtures.key(.escape), now: 2)
    #expect(cancel == [.cancelExport(id: id)])
    await harness.drive(&state, cancel) { EffectHarness.ends($0, export: id) }
    #expect(Self.dialog(state)?.phase == .cancelled)
    #expect(try ExportDialogTests.leftovers(in: directory).isEmpty)
    // The server stopped it: nothing of the export's tag is still running.
    let stillRunning = try await service.session.interrupt(tag: EffectRunner.exportTag(id))
    #expect(stillRunning.isEmpty)
    await service.close()
  }

  @Test func parquetWrittenByTheServerReadsBackWithPyspark() async throws {
    let directory = try ExportDialogTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let service = try Self.session()
    let harness = EffectHarness(service: service)
    let sql = """
      SELECT id, CAST(id AS STRING) AS s, CAST(id / 3 AS DECIMAL(12,2)) AS dec,
        date_add(DATE'2024-01-01', CAST(id % 365 AS INT)) AS d,
        CASE WHEN id % 7 = 0 THEN NULL ELSE array(id, id + 1) END AS arr
      FROM range(200000)
      """
    var state = try await Self.ranQuery(sql, harness: harness, directory: directory)
    _ = state.update(Fixtures.char("e"), now: 1)
    for _ in 0..<5 { _ = state.update(Fixtures.key(.right), now: 1) }  // Parquet (server)
    #expect(Self.dialog(state)?.target == .server(.parquet))
    let path = directory + "/range.parquet"
    var effects = state.update(Fixtures.key(.enter), now: 1)
    #expect(
      effects.first.map {
        if case .writeOnServer(_, _, let destination) = $0 {
          destination.path == path
        } else {
          false
        }
      } == true)
    var id = try #require(ExportDialogTests.exportID(effects))
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    guard case .finished(let outcome, _) = Self.dialog(state)?.phase else {
      Issue.record("not finished: \(String(describing: Self.dialog(state)?.phase))")
      return
    }
    #expect(outcome.onServer)

    // Again with "error if it exists": the server's error class is shown, the files stay.
    effects = state.update(Fixtures.key(.enter), now: 2)
    id = try #require(ExportDialogTests.exportID(effects))
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    guard case .failed(let message) = Self.dialog(state)?.phase else {
      Issue.record("not failed: \(String(describing: Self.dialog(state)?.phase))")
      return
    }
    #expect(message.contains("PATH_ALREADY_EXISTS"), "\(message)")

    let check = """
      import sys, warnings
      warnings.filterwarnings("ignore")
      from pyspark.sql.connect.session import SparkSession
      spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
      agg = ["count(*) AS n", "sum(id) AS total",
             "sum(CAST(xxhash64(id, s, dec, d, arr) AS DECIMAL(38,0))) AS h"]
      back = spark.read.parquet(sys.argv[2]).selectExpr(*agg).collect()[0]
      want = spark.sql(sys.argv[3]).selectExpr(*agg).collect()[0]
      print(back.n, back.total, back.h == want.h, want.n)
      """
    let answer = try Self.python(check, [TestEnvironment.remote, path, sql])
    #expect(answer == "200000 19999900000 True 200000")
    await service.close()
  }
}
