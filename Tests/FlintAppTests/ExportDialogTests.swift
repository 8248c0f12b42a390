import Foundation
import ResultModel
import TerminalUI
import Testing

@testable import FlintApp
@testable import SparkConnectClient

/// The export dialog: update + render driven by keys, and its effects run by the real
/// `EffectRunner` against the fake service, writing real files.
@MainActor @Suite struct ExportDialogTests {
  static let sql = "SELECT id, name FROM sales.orders"

  /// A connected state with a finished 2,500-row sample result, the results pane focused and
  /// default paths in `directory`.
  static func loaded(rows: Int = 2500, directory: String) throws -> (AppState, Int) {
    var state = Fixtures.connected(text: sql, workingDirectory: directory)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    try Fixtures.feed(&state, id: id, rows: rows, batchSize: 1000)
    Fixtures.focus(.results, &state)
    return (state, id)
  }

  static func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-export-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func dialog(_ state: AppState) -> ExportDialog? {
    if case .export(let dialog) = state.overlay { return dialog }
    return nil
  }

  static func screen(_ state: AppState) -> String {
    SnapshotText.render(AppRenderer.render(state))
  }

  static func exportID(_ effects: [Effect]) -> Int? {
    for effect in effects {
      switch effect {
      case .exportRows(let id, _), .exportQuery(let id, _, _), .writeOnServer(let id, _, _):
        return id
      default: continue
      }
    }
    return nil
  }

  /// Names in `directory` other than `keep` (temporary files left behind would show here).
  static func leftovers(in directory: String, besides keep: [String] = []) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).filter { !keep.contains($0) }
  }

  // MARK: - Dialog

  @Test func eOpensTheDialogAndTheFieldsFollowTheFormat() throws {
    var (state, _) = try Self.loaded(directory: "/data")
    #expect(state.keymap.action(for: .char("e"), in: .results) == .export)
    #expect(Action(configName: "export") == .export)
    _ = state.update(Fixtures.char("e"), now: 2)
    var dialog = try #require(Self.dialog(state))
    #expect(dialog.scope == .loadedRows)
    #expect(dialog.target == .local(.csv))
    #expect(dialog.path.text == "/data/orders.csv")
    #expect(dialog.fields == [.scope, .format, .destination, .path, .delimiter, .nullMarker])
    #expect(Self.screen(state).contains("all loaded rows · 2,500 rows"))

    _ = state.update(Fixtures.key(.right), now: 2)  // format: TSV
    dialog = try #require(Self.dialog(state))
    #expect(dialog.target == .local(.tsv))
    #expect(dialog.path.text == "/data/orders.tsv")
    #expect(dialog.fields == [.scope, .format, .destination, .path, .nullMarker])

    _ = state.update(Fixtures.key(.up), now: 2)  // scope
    _ = state.update(Fixtures.key(.left), now: 2)
    #expect(Self.dialog(state)?.scope == .visibleRows)
    _ = state.update(Fixtures.key(.right), now: 2)
    _ = state.update(Fixtures.key(.right), now: 2)
    #expect(Self.dialog(state)?.scope == .fullResult)

    // Typing a path, then changing the format, keeps the name and swaps the extension.
    for _ in 0..<3 { _ = state.update(Fixtures.key(.down), now: 2) }
    #expect(Self.dialog(state)?.field == .path)
    for _ in 0..<"orders.tsv".count { _ = state.update(Fixtures.key(.backspace), now: 2) }
    Fixtures.type("big.tsv", into: &state)
    #expect(Self.dialog(state)?.path.text == "/data/big.tsv")
    _ = state.update(Fixtures.key(.up), now: 2)  // to
    _ = state.update(Fixtures.key(.up), now: 2)  // format
    for _ in 0..<4 { _ = state.update(Fixtures.key(.right), now: 2) }  // Parquet (server)
    dialog = try #require(Self.dialog(state))
    #expect(dialog.target == .server(.parquet))
    #expect(dialog.path.text == "/data/big.parquet")
    #expect(dialog.fields == [.format, .path, .mode])
    let screen = Self.screen(state)
    #expect(screen.contains("Parquet (server-side)"))
    #expect(screen.contains("full result, written by the server"))
    #expect(screen.contains("error if it exists"))

    _ = state.update(Fixtures.key(.escape), now: 2)
    #expect(state.overlay == nil)
    #expect(state.tabs[0].displayRowCount == 2500)
  }

  @Test func loadedRowsKeepTheClientSideSortOrder() async throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var (state, _) = try Self.loaded(directory: directory)
    state.results.tabs[0].sortState = .sorted(
      ResultTab.SortOrder(column: 0, ascending: false, index: Array((0..<2500).reversed())))
    _ = state.update(Fixtures.char("e"), now: 2)
    let effects = state.update(Fixtures.key(.enter), now: 2)
    guard case .exportRows(let id, let job) = effects.first else {
      Issue.record("expected .exportRows, got \(effects)")
      return
    }
    #expect(job.rows == Array((0..<2500).reversed()))
    #expect(job.columns == nil)
    #expect(job.overwrite == false)
    #expect(state.isBusy)

    let harness = EffectHarness(service: FakeSparkService())
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    let path = directory + "/orders.csv"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "id,name")
    #expect(lines[1] == "2499,row 2499")
    #expect(lines[2500] == "0,row 0")
    let hasNullRow = lines.contains("2498,")  // NULL as empty
    #expect(hasNullRow)
    #expect(lines.count == 2502)  // header + rows + the final newline
    guard case .finished(let outcome, _) = Self.dialog(state)?.phase else {
      Issue.record("not finished: \(String(describing: Self.dialog(state)?.phase))")
      return
    }
    #expect(outcome.rows == 2500)
    #expect(outcome.path == path)
    #expect(Self.screen(state).contains("✓ wrote 2,500 rows"))
    #expect(try Self.leftovers(in: directory) == ["orders.csv"])
    #expect(state.tabs[0].displayRowCount == 2500)
  }

  @Test func selectionExportsTheCellRangeWithTheChosenDelimiterAndNullMarker() async throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var (state, _) = try Self.loaded(directory: directory)
    for _ in 0..<5 { _ = state.update(Fixtures.char("j"), now: 1) }
    _ = state.update(Fixtures.key(.down, .shift), now: 1)
    _ = state.update(Fixtures.key(.down, .shift), now: 1)
    _ = state.update(Fixtures.key(.right, .shift), now: 1)
    _ = state.update(Fixtures.char("e"), now: 2)
    #expect(Self.dialog(state)?.scope == .selection)
    #expect(Self.screen(state).contains("selection · 3 rows × 2 columns"))
    _ = state.update(Fixtures.key(.down), now: 2)  // to
    _ = state.update(Fixtures.key(.down), now: 2)  // path
    _ = state.update(Fixtures.key(.down), now: 2)  // delimiter
    _ = state.update(Fixtures.key(.backspace), now: 2)
    Fixtures.type(";", into: &state)
    _ = state.update(Fixtures.key(.down), now: 2)  // NULL marker
    Fixtures.type("NULL", into: &state)
    let effects = state.update(Fixtures.key(.enter), now: 2)
    guard case .exportRows(let id, let job) = effects.first else {
      Issue.record("expected .exportRows, got \(effects)")
      return
    }
    #expect(job.rows == [5, 6, 7])
    #expect(job.columns == [0, 1])
    let harness = EffectHarness(service: FakeSparkService())
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    let text = try String(contentsOfFile: directory + "/orders.csv", encoding: .utf8)
    #expect(text == "id;name\n5;row 5\n6;NULL\n7;row 7\n")
  }

  @Test func anExistingFileIsOverwrittenOnlyAfterConfirmation() async throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/orders.csv"
    try "keep me\n".write(toFile: path, atomically: false, encoding: .utf8)
    var (state, _) = try Self.loaded(rows: 10, directory: directory)
    _ = state.update(Fixtures.char("e"), now: 2)
    let harness = EffectHarness(service: FakeSparkService())
    var effects = state.update(Fixtures.key(.enter), now: 2)
    var id = try #require(Self.exportID(effects))
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    #expect(Self.dialog(state)?.phase == .confirmingOverwrite)
    #expect(Self.screen(state).contains("orders.csv exists. Overwrite it? (y / n)"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")

    // n goes back; typing while asked does nothing.
    #expect(state.update(Fixtures.char("x"), now: 3).isEmpty)
    #expect(Self.dialog(state)?.phase == .confirmingOverwrite)
    _ = state.update(Fixtures.char("n"), now: 3)
    #expect(Self.dialog(state)?.phase == .editing)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")

    effects = state.update(Fixtures.key(.enter), now: 4)
    id = try #require(Self.exportID(effects))
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    #expect(Self.dialog(state)?.phase == .confirmingOverwrite)
    effects = state.update(Fixtures.char("y"), now: 5)
    guard case .exportRows(let confirmedID, let job) = effects.first else {
      Issue.record("expected .exportRows, got \(effects)")
      return
    }
    #expect(job.overwrite)
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: confirmedID) }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasPrefix("id,name\n0,row 0\n"))
    #expect(try Self.leftovers(in: directory) == ["orders.csv"])
  }

  @Test func finishedWorkIsNotKeptByTheRunner() async throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var (state, _) = try Self.loaded(rows: 10, directory: directory)
    let harness = EffectHarness(service: FakeSparkService())
    for round in 0..<3 {
      _ = state.update(Fixtures.char("e"), now: 2)
      if round > 0 { _ = state.update(Fixtures.key(.down), now: 2) }  // to: the clipboard
      if round > 0 { _ = state.update(Fixtures.key(.right), now: 2) }
      let effects = state.update(Fixtures.key(.enter), now: 2)
      let id = try #require(Self.exportID(effects))
      await harness.drive(&state, effects + [.appendHistory("SELECT 1")]) {
        EffectHarness.ends($0, export: id)
      }
      _ = state.update(Fixtures.key(.escape), now: 2)
    }
    // A query too (the fake has no script for it: it fails at once).
    let run = state.update(Fixtures.key(.function(5)), now: 3)
    let queryID = try #require(Fixtures.queryID(run))
    await harness.drive(&state, run) { event in
      switch event {
      case .queryFinished(let id), .queryFailed(let id, _): return id == queryID
      default: return false
      }
    }
    // Each task removes itself on the main actor right after its last event.
    for _ in 0..<1000 where harness.runner.trackedTaskCount > 0 { await Task.yield() }
    #expect(harness.runner.trackedTaskCount == 0)
  }

  @Test func aWriteErrorIsShownAndTheResultStays() async throws {
    var (state, _) = try Self.loaded(rows: 10, directory: "/nonexistent-flint-dir/sub")
    _ = state.update(Fixtures.char("e"), now: 2)
    let effects = state.update(Fixtures.key(.enter), now: 2)
    let id = try #require(Self.exportID(effects))
    let harness = EffectHarness(service: FakeSparkService())
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    guard case .failed(let message) = Self.dialog(state)?.phase else {
      Issue.record("not failed: \(String(describing: Self.dialog(state)?.phase))")
      return
    }
    #expect(message.contains("cannot write /nonexistent-flint-dir/sub/orders.csv"))
    #expect(message.contains("No such file or directory"))
    #expect(Self.screen(state).contains("✕ cannot write /nonexistent-flint-dir/sub/orders.csv"))
    #expect(state.tabs[0].displayRowCount == 10)
    #expect(state.tabs[0].phase == .finished)
    #expect(!FileManager.default.fileExists(atPath: "/nonexistent-flint-dir"))
    // The dialog stays editable: Esc closes it, the grid is as it was.
    _ = state.update(Fixtures.key(.escape), now: 3)
    #expect(state.overlay == nil)
    #expect(Self.screen(state).contains("row 9"))
  }

  @Test func progressIsShownAndStaleIDsAreDropped() throws {
    var (state, _) = try Self.loaded(rows: 10, directory: "/data")
    _ = state.update(Fixtures.char("e"), now: 2)
    _ = state.update(Fixtures.key(.up), now: 2)
    _ = state.update(Fixtures.key(.right), now: 2)  // full result
    let effects = state.update(Fixtures.key(.enter), now: 2)
    guard case .exportQuery(let id, let sql, let job) = effects.first else {
      Issue.record("expected .exportQuery, got \(effects)")
      return
    }
    #expect(sql == .sql(Self.sql))
    #expect(job.path == "/data/orders.csv")
    _ = state.update(.exportProgressed(id: id, rows: 120_000, bytes: 4_404_019), now: 5)
    _ = state.update(.exportProgressed(id: id + 7, rows: 1, bytes: 1), now: 5)
    let screen = Self.screen(state)
    #expect(screen.contains("writing… 120,000 rows · 4.2 MB · 3.00s"))
    #expect(screen.contains("⇣ export 120,000 rows · 4.2 MB"))
    #expect(screen.contains("Esc cancel the export"))
    // Keys other than Esc do nothing while it runs.
    #expect(state.update(Fixtures.char("x"), now: 5).isEmpty)
    #expect(state.update(Fixtures.key(.enter), now: 5).isEmpty)
    #expect(state.update(Fixtures.key(.escape), now: 5) == [.cancelExport(id: id)])
    #expect(Self.screen(state).contains("cancelling…"))
  }

  @Test func cancellingAFullResultExportLeavesNoFileAndInterruptsTheServer() async throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let fake = FakeSparkService()
    var events: [QueryEvent] = [
      .operationStarted(operationID: "op-export"), .schema(FakeSparkService.sampleSchema),
    ]
    for start in stride(from: 0, to: 3000, by: 1000) {
      events.append(
        .batch(try FakeSparkService.sampleBatch(start: start, rows: 1000), startOffset: nil))
    }
    fake.script(Self.sql, .init(events: events, hangs: true))
    var (state, _) = try Self.loaded(rows: 10, directory: directory)
    _ = state.update(Fixtures.char("e"), now: 2)
    _ = state.update(Fixtures.key(.up), now: 2)
    _ = state.update(Fixtures.key(.right), now: 2)  // full result
    let effects = state.update(Fixtures.key(.enter), now: 2)
    let id = try #require(Self.exportID(effects))
    let harness = EffectHarness(service: fake)
    await harness.drive(&state, effects) { event in
      if case .exportProgressed(let i, let rows, _) = event { return i == id && rows > 0 }
      return false
    }
    // Writing: a temporary file exists beside the target, the target does not.
    let path = directory + "/orders.csv"
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(try Self.leftovers(in: directory).contains { $0.hasPrefix(".orders.csv.flint-") })
    #expect(fake.ran.last?.sql == Self.sql)
    #expect(fake.ran.last?.maxRows == nil)

    let cancel = state.update(Fixtures.key(.escape), now: 3)
    #expect(cancel == [.cancelExport(id: id)])
    await harness.drive(&state, cancel) { EffectHarness.ends($0, export: id) }
    #expect(Self.dialog(state)?.phase == .cancelled)
    #expect(Self.screen(state).contains("export cancelled — nothing was written"))
    #expect(try Self.leftovers(in: directory).isEmpty)
    #expect(fake.interrupted.contains("tag:\(EffectRunner.exportTag(id))"))
    #expect(state.tabs[0].displayRowCount == 10)
    #expect(!state.isBusy)
  }

  @Test func aFullResultExportStreamsEveryBatch() async throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let fake = FakeSparkService()
    var events: [QueryEvent] = [
      .operationStarted(operationID: "op-export"), .schema(FakeSparkService.sampleSchema),
    ]
    for start in stride(from: 0, to: 25_000, by: 5000) {
      events.append(
        .batch(try FakeSparkService.sampleBatch(start: start, rows: 5000), startOffset: nil))
    }
    fake.script(Self.sql, .init(events: events))
    var (state, _) = try Self.loaded(rows: 10, directory: directory)
    _ = state.update(Fixtures.char("e"), now: 2)
    _ = state.update(Fixtures.key(.up), now: 2)
    _ = state.update(Fixtures.key(.right), now: 2)  // full result
    _ = state.update(Fixtures.key(.down), now: 2)
    _ = state.update(Fixtures.key(.left), now: 2)  // wraps around backwards
    #expect(Self.dialog(state)?.target == .server(.json))
    for _ in 0..<3 { _ = state.update(Fixtures.key(.left), now: 2) }
    #expect(Self.dialog(state)?.target == .local(.arrow))
    #expect(Self.dialog(state)?.scope == .fullResult)
    let effects = state.update(Fixtures.key(.enter), now: 2)
    let id = try #require(Self.exportID(effects))
    let harness = EffectHarness(service: fake)
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    guard case .finished(let outcome, _) = Self.dialog(state)?.phase else {
      Issue.record("not finished: \(String(describing: Self.dialog(state)?.phase))")
      return
    }
    #expect(outcome.rows == 25_000)
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/orders.arrow"))
    #expect(data.prefix(6) == Data("ARROW1".utf8))
    #expect(Int64(data.count) == outcome.bytes)
  }

  @Test func serverSideWritesSendTheWriterOptionsAndShowServerErrors() async throws {
    let fake = FakeSparkService()
    var (state, _) = try Self.loaded(rows: 10, directory: "/srv/out")
    state.results.tabs[0].sortState = .sorted(
      ResultTab.SortOrder(column: 1, ascending: true, index: nil))
    _ = state.update(Fixtures.char("e"), now: 2)
    for _ in 0..<6 { _ = state.update(Fixtures.key(.right), now: 2) }  // CSV (server)
    #expect(Self.dialog(state)?.target == .server(.csv))
    _ = state.update(Fixtures.key(.up), now: 2)  // mode (wraps)
    #expect(Self.dialog(state)?.field == .mode)
    _ = state.update(Fixtures.key(.right), now: 2)  // overwrite
    let effects = state.update(Fixtures.key(.enter), now: 2)
    let expectedSQL = "SELECT * FROM (\n\(Self.sql)\n) ORDER BY name ASC NULLS LAST"
    let destination = ServerWrite(
      source: "csv", path: "/srv/out/orders.csv", mode: .overwrite,
      options: ["header": "true", "sep": ","])
    let id = try #require(Self.exportID(effects))
    #expect(effects == [.writeOnServer(id: id, query: .sql(expectedSQL), destination)])
    let harness = EffectHarness(service: fake)
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    #expect(fake.writes.count == 1)
    #expect(fake.writes.first?.destination == destination)
    #expect(Self.screen(state).contains("✓ the server wrote /srv/out/orders.csv"))

    fake.scriptWrite(
      .init(
        events: [],
        error: SparkError(
          kind: .server, code: "AnalysisException",
          message:
            "[PATH_ALREADY_EXISTS] Path file:/srv/out/orders.csv already exists. Set mode as \"overwrite\" to overwrite the existing path. SQLSTATE: 42K04",
          errorClass: "PATH_ALREADY_EXISTS", sqlState: "42K04")))
    _ = state.update(Fixtures.key(.left), now: 3)  // back to error mode
    let again = state.update(Fixtures.key(.enter), now: 3)
    let second = try #require(Self.exportID(again))
    await harness.drive(&state, again) { EffectHarness.ends($0, export: second) }
    guard case .failed(let message) = Self.dialog(state)?.phase else {
      Issue.record("not failed: \(String(describing: Self.dialog(state)?.phase))")
      return
    }
    #expect(message.hasPrefix("[PATH_ALREADY_EXISTS] Path file:/srv/out/orders.csv already exists"))
    #expect(message.hasSuffix("(SQLSTATE: 42K04)"))
    #expect(Self.screen(state).contains("✕ [PATH_ALREADY_EXISTS]"))
    #expect(state.tabs[0].displayRowCount == 10)
  }

  @Test func quitCancelsARunningExport() throws {
    var (state, _) = try Self.loaded(rows: 10, directory: "/data")
    _ = state.update(Fixtures.char("e"), now: 2)
    let effects = state.update(Fixtures.key(.enter), now: 2)
    let id = try #require(Self.exportID(effects))
    let quit = state.update(.terminal(.key(.ctrl("q"))), now: 3)
    #expect(quit == [.cancelExport(id: id)])
    #expect(state.ending == .quit)
  }
}
