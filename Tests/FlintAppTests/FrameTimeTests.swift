import Foundation
import ResultModel
import SparkConnectClient
import TerminalUI
import Testing

@testable import FlintApp

/// Frame cost must not depend on how many rows are loaded: render at row 0 and at row
/// 9,999,999 of a 10M-row result (1,000 batches of 10,000 rows).
@Suite struct FrameTimeTests {
  @Test func frameTimeIsIndependentOfTheRowPosition() throws {
    var state = Fixtures.connected(
      text: "SELECT * FROM big", size: Size(width: 200, height: 60), maxRows: nil)
    let id = try #require(Fixtures.queryID(state.update(Fixtures.key(.function(5)), now: 0)))
    _ = state.update(.query(id: id, .schema(FakeSparkService.sampleSchema)), now: 0)
    let batch = try FakeSparkService.sampleBatch(start: 0, rows: 10_000)
    for _ in 0..<1000 { _ = state.update(.query(id: id, .batch(batch, startOffset: nil)), now: 0) }
    _ = state.update(.queryFinished(id: id), now: 1)
    #expect(state.tabs[0].displayRowCount == 10_000_000)
    Fixtures.focus(.results, &state)
    let clock = ContinuousClock()
    func measure() -> Double {
      var best = Double.infinity
      for _ in 0..<5 {
        let start = clock.now
        _ = AppRenderer.render(state)
        let elapsed = clock.now - start
        best = min(
          best,
          Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
      }
      return best
    }
    let top = measure()
    _ = state.update(Fixtures.char("G"), now: 1)
    #expect(state.tabs[0].grid.selected.row == 9_999_999)
    let bottom = measure()
    let screen = SnapshotText.lines(AppRenderer.render(state)).joined(separator: "\n")
    #expect(screen.contains("10000000"))
    print("frame time 200x60 (ms, best of 5): row 0 = \(top), row 9,999,999 = \(bottom)")
    #expect(bottom < max(50, top * 5))
  }
}
