import Foundation
import ResultModel
import TerminalUI
import Testing

@testable import FlintApp
@testable import SparkConnectClient

/// Moving and hiding grid columns (`H`/`L`, `-`, `+`), and what follows them: the header, the
/// sort, the inspector, search, copy, every export scope and the clipboard copy (OSC 52).
@MainActor @Suite struct ColumnLayoutTests {
  static func loaded(rows: Int = 30, directory: String = "/data") throws -> AppState {
    try ExportDialogTests.loaded(rows: rows, directory: directory).0
  }

  static func header(_ state: AppState) -> String {
    let screen = ExportDialogTests.screen(state)
    return screen.split(separator: "\n").first {
      $0.contains("id") && $0.contains("name") && !$0.contains("SELECT")
    }.map(String.init) ?? ""
  }

  @Test func movingAColumnReordersTheGridAndTheSelectionFollows() throws {
    var state = try Self.loaded()
    #expect(state.keymap.action(for: .char("L"), in: .results) == .moveColumnRight)
    #expect(state.keymap.action(for: .char("-"), in: .results) == .hideColumn)
    let before = Self.header(state)
    #expect(before.range(of: "id")!.lowerBound < before.range(of: "name")!.lowerBound)
    _ = state.update(Fixtures.char("L"), now: 1)  // id moves right
    #expect(state.tabs[0].displayColumns == [1, 0])
    #expect(state.tabs[0].grid.selected.column == 1)
    let after = Self.header(state)
    #expect(after.range(of: "name")!.lowerBound < after.range(of: "id")!.lowerBound)
    // At the edge nothing moves.
    _ = state.update(Fixtures.char("L"), now: 1)
    #expect(state.tabs[0].displayColumns == [1, 0])
    // The sort acts on the column under the cursor, whatever its place.
    _ = state.update(Fixtures.char("s"), now: 1)
    #expect(state.tabs[0].sort?.column == 0)
    _ = state.update(Fixtures.char("s"), now: 1)  // descending
    #expect(Self.header(state).contains("id ▼"))
    let first = ResultGridSource(tab: state.tabs[0], formatter: state.formatter)
    #expect(first.cell(row: 0, column: 1).text == "29")
    #expect(first.cell(row: 0, column: 0).text == "row 29")
    // The inspector names the source column.
    _ = state.update(Fixtures.key(.enter), now: 1)
    guard case .inspector(let title, _, let copy) = state.overlay else {
      Issue.record("no inspector: \(String(describing: state.overlay))")
      return
    }
    #expect(title.hasPrefix("id bigint"))
    #expect(copy == "29")
    _ = state.update(Fixtures.key(.escape), now: 1)
    // Copying a row copies the shown columns in their shown order.
    #expect(state.update(Fixtures.char("Y"), now: 1) == [.copyToClipboard("row 29\t29")])
    // H moves it back.
    _ = state.update(Fixtures.char("H"), now: 1)
    #expect(state.tabs[0].displayColumns == [0, 1])
    #expect(state.tabs[0].grid.selected.column == 0)
  }

  @Test func hiddenColumnsLeaveTheGridAndComeBackWithPlus() throws {
    var state = try Self.loaded()
    _ = state.update(Fixtures.char(">"), now: 1)  // id a bit wider: the width moves with it
    let idWidth = state.tabs[0].grid.width(ofColumn: 0)
    _ = state.update(Fixtures.char("L"), now: 1)
    _ = state.update(Fixtures.char("h"), now: 1)  // on name
    _ = state.update(Fixtures.char("-"), now: 1)
    #expect(state.tabs[0].displayColumns == [0])
    #expect(state.message?.contains("hid name · 1 hidden column") == true)
    #expect(ResultGridSource(tab: state.tabs[0], formatter: state.formatter).columnCount == 1)
    #expect(
      ResultGridSource(tab: state.tabs[0], formatter: state.formatter).title(ofColumn: 0) == "id")
    _ = state.update(Fixtures.char("-"), now: 1)  // the last one stays
    #expect(state.tabs[0].displayColumns == [0])
    #expect(state.message == "the last column stays shown")
    #expect(state.tabs[0].grid.width(ofColumn: 0) == idWidth)
    _ = state.update(Fixtures.char("+"), now: 1)
    #expect(state.tabs[0].displayColumns == [1, 0])  // back where the order put it
    #expect(state.tabs[0].grid.width(ofColumn: 1) == idWidth)
    #expect(state.tabs[0].grid.selected.column == 1)  // still on id
    #expect(ResultGridSource(tab: state.tabs[0], formatter: state.formatter).columnCount == 2)
  }

  @Test func aDifferentResultStartsWithEveryColumn() throws {
    var state = try Self.loaded()
    _ = state.update(Fixtures.char("-"), now: 1)
    #expect(state.tabs[0].displayColumns == [1])
    // The layout belongs to these column names; another result ignores it.
    var other = state.tabs[0]
    other.schema = SparkSchema(fields: [
      SparkField(name: "a", type: .long, nullable: false),
      SparkField(name: "b", type: .long, nullable: false),
    ])
    #expect(other.displayColumns == [0, 1])
    #expect(other.rearrangedColumns == nil)
  }

  @Test func exportsFollowTheGridsColumns() async throws {
    let directory = try ExportDialogTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var state = try Self.loaded(rows: 10, directory: directory)
    _ = state.update(Fixtures.char("L"), now: 1)  // name, id
    let harness = EffectHarness(service: FakeSparkService())

    // All loaded rows: the shown order.
    _ = state.update(Fixtures.char("e"), now: 2)
    var effects = state.update(Fixtures.key(.enter), now: 2)
    var id = try #require(ExportDialogTests.exportID(effects))
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    var text = try String(contentsOfFile: directory + "/orders.csv", encoding: .utf8)
    #expect(text.hasPrefix("name,id\nrow 0,0\nrow 1,1\n"))
    _ = state.update(Fixtures.key(.escape), now: 3)

    // Hidden: left out, also from a full-result re-run.
    _ = state.update(Fixtures.char("h"), now: 3)
    _ = state.update(Fixtures.char("-"), now: 3)  // hide name
    #expect(state.tabs[0].displayColumns == [0])
    _ = state.update(Fixtures.char("e"), now: 3)
    _ = state.update(Fixtures.key(.up), now: 3)
    _ = state.update(Fixtures.key(.right), now: 3)  // full result
    effects = state.update(Fixtures.key(.enter), now: 3)
    guard case .exportQuery(let fullID, _, let job) = effects.first else {
      Issue.record("expected .exportQuery, got \(effects)")
      return
    }
    #expect(job.columns == [0])
    // Not run: as if cancelled, then the dialog closed.
    _ = state.update(.exportCancelled(id: fullID), now: 3)
    _ = state.update(Fixtures.key(.escape), now: 3)
    #expect(state.overlay == nil)

    // A selected range maps its shown columns back to the source ones.
    _ = state.update(Fixtures.char("+"), now: 4)  // name, id again
    _ = state.update(Fixtures.char("0"), now: 4)
    _ = state.update(Fixtures.key(.right, .shift), now: 4)
    _ = state.update(Fixtures.key(.down, .shift), now: 4)
    _ = state.update(Fixtures.char("e"), now: 4)
    #expect(ExportDialogTests.dialog(state)?.scope == .selection)
    _ = state.update(Fixtures.key(.down), now: 4)  // to
    _ = state.update(Fixtures.key(.down), now: 4)  // path
    for _ in 0..<"orders.csv".count { _ = state.update(Fixtures.key(.backspace), now: 4) }
    Fixtures.type("range.csv", into: &state)
    effects = state.update(Fixtures.key(.enter), now: 4)
    guard case .exportRows(let rangeID, let rangeJob) = effects.first else {
      Issue.record("expected .exportRows, got \(effects)")
      return
    }
    #expect(rangeJob.columns == [1, 0])
    id = rangeID
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    text = try String(contentsOfFile: directory + "/range.csv", encoding: .utf8)
    #expect(text == "name,id\nrow 0,0\nrow 1,1\n")
  }

  /// The clipboard takes the selection in any text format; the text is what the file would
  /// hold, and no file is left anywhere.
  @Test(arguments: [
    (1, ["name,id", "row 2,2", ",6"]),
    (2, ["name\tid", "row 2\t2", "\t6"]),
    (3, ["{\"name\":\"row 2\",\"id\":2}", "{\"name\":null,\"id\":6}"]),
    (4, ["| name | id |", "| --- | ---: |", "| row 2 | 2 |", "|  | 6 |"]),
  ])
  func theClipboardTakesEveryTextFormat(formatSteps: Int, expected: [String]) async throws {
    let directory = try ExportDialogTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var state = try Self.loaded(rows: 10, directory: directory)
    _ = state.update(Fixtures.char("L"), now: 1)  // name, id
    let before = try FileManager.default.contentsOfDirectory(
      atPath: FileManager.default.temporaryDirectory.path
    ).filter { $0.hasPrefix("flint-clipboard-") }
    _ = state.update(Fixtures.char("e"), now: 2)
    for _ in 1..<formatSteps { _ = state.update(Fixtures.key(.right), now: 2) }
    _ = state.update(Fixtures.key(.down), now: 2)  // to
    _ = state.update(Fixtures.key(.right), now: 2)  // the clipboard
    let dialog = try #require(ExportDialogTests.dialog(state))
    #expect(dialog.copiesToClipboard)
    #expect(!dialog.fields.contains(.path))
    #expect(ExportDialogTests.screen(state).contains("the clipboard (OSC 52)"))
    _ = state.update(Fixtures.key(.escape), now: 2)

    // Two rows: a range over rows 2 and 6 is not contiguous, so select 2..6 and check the ends.
    _ = state.update(Fixtures.char("g"), now: 3)
    _ = state.update(Fixtures.char("g"), now: 3)
    _ = state.update(Fixtures.char("j"), now: 3)
    _ = state.update(Fixtures.char("j"), now: 3)
    _ = state.update(Fixtures.char("0"), now: 3)
    for _ in 0..<4 { _ = state.update(Fixtures.key(.down, .shift), now: 3) }
    _ = state.update(Fixtures.key(.right, .shift), now: 3)
    _ = state.update(Fixtures.char("e"), now: 3)  // the dialog keeps nothing: set it again
    for _ in 1..<formatSteps { _ = state.update(Fixtures.key(.right), now: 3) }
    _ = state.update(Fixtures.key(.down), now: 3)
    _ = state.update(Fixtures.key(.right), now: 3)
    let effects = state.update(Fixtures.key(.enter), now: 3)
    guard case .exportRows(let id, let job) = effects.first else {
      Issue.record("expected .exportRows, got \(effects)")
      return
    }
    #expect(job.toClipboard)
    #expect(job.rows == [2, 3, 4, 5, 6])
    let harness = EffectHarness(service: FakeSparkService())
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    #expect(harness.copied.count == 1)
    let text = try #require(harness.copied.first)
    // Header lines (as many as `expected` has beyond two rows), five rows, a final newline.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let headers = expected.count - 2
    #expect(lines.count == headers + 5 + 1)
    #expect(Array(lines.prefix(headers + 1)) == Array(expected.prefix(headers + 1)))
    #expect(lines[headers + 4] == expected.last)
    #expect(lines.last == "")
    #expect(state.message?.hasPrefix("copied 5 rows (") == true)
    #expect(state.message?.hasSuffix(") to the clipboard") == true)
    #expect(try ExportDialogTests.leftovers(in: directory).isEmpty)
    let after = try FileManager.default.contentsOfDirectory(
      atPath: FileManager.default.temporaryDirectory.path
    ).filter { $0.hasPrefix("flint-clipboard-") }
    #expect(Set(after).subtracting(before).isEmpty)
  }

  @Test func tooMuchTextForTheClipboardFailsClearlyAndTheFullResultIsRefused() async throws {
    var state = try Self.loaded(rows: 100_000)
    // Past 1 MiB: 100,000 rows of ~17 bytes.
    _ = state.update(Fixtures.char("e"), now: 2)
    _ = state.update(Fixtures.key(.down), now: 2)  // to
    _ = state.update(Fixtures.key(.right), now: 2)  // the clipboard
    var effects = state.update(Fixtures.key(.enter), now: 2)
    let id = try #require(ExportDialogTests.exportID(effects))
    let harness = EffectHarness(service: FakeSparkService())
    await harness.drive(&state, effects) { EffectHarness.ends($0, export: id) }
    guard case .failed(let message) = ExportDialogTests.dialog(state)?.phase else {
      Issue.record("not failed: \(String(describing: ExportDialogTests.dialog(state)?.phase))")
      return
    }
    #expect(message.contains("too much for the clipboard"))
    #expect(harness.copied.isEmpty)

    _ = state.update(Fixtures.key(.up), now: 3)
    _ = state.update(Fixtures.key(.up), now: 3)  // scope
    _ = state.update(Fixtures.key(.right), now: 3)  // full result
    effects = state.update(Fixtures.key(.enter), now: 3)
    #expect(effects.isEmpty)
    guard case .failed(let refusal) = ExportDialogTests.dialog(state)?.phase else {
      Issue.record("not refused: \(String(describing: ExportDialogTests.dialog(state)?.phase))")
      return
    }
    #expect(refusal.contains("the full result does not go to the clipboard"))
  }
}
