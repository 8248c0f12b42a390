import FlintApp
import Foundation
import ResultModel
import SparkConnectClient
import TerminalUI

/// Drives the app's own state and render path with a real query's events, as the runtime
/// does (update, then render and diff after every event), for `flint fetch --render`.
/// Measures when the first row reached the screen and what a frame costs at the top and at
/// the last row of the loaded result.
struct RenderProbe {
  private var state: AppState
  private var previous: ScreenBuffer
  private var queryID = 0
  private let clock = ContinuousClock()
  /// Seconds from `start` to the end of the first frame that showed a row.
  private(set) var firstRowRendered: Double?
  private(set) var frames = 0

  init(sql: String, width: Int, height: Int, spill: SpillPolicy? = nil, version: String) {
    let size = Size(width: width, height: height)
    state = AppState(size: size, maxRows: nil, text: sql, spill: spill)
    previous = ScreenBuffer(size: size)
    _ = state.update(.connected(version: version), now: 0)
    // F5 runs the statement under the cursor, exactly as a user would start it.
    for effect in state.update(.terminal(.key(KeyEvent(.function(5)))), now: 0) {
      if case .runQuery(let id, _, _) = effect { queryID = id }
    }
  }

  /// Applies one query event and draws the frame the runtime would draw after it.
  mutating func apply(_ event: QueryEvent, since start: ContinuousClock.Instant) {
    _ = state.update(.query(id: queryID, event), now: 0)
    present()
    if firstRowRendered == nil, case .batch(let batch, _) = event, batch.rowCount > 0 {
      firstRowRendered = (clock.now - start).inSeconds
    }
  }

  mutating func finish() {
    _ = state.update(.queryFinished(id: queryID), now: 1)
    present()
  }

  var loadedRows: Int { state.currentTab?.displayRowCount ?? 0 }
  /// Why loading stopped early (the spill file could not take more), if it did.
  var loadStopped: String? { state.currentTab?.loadStopped }
  /// Bytes of the result in memory and in its spill file.
  var resultBytes: (memory: Int, spilled: Int) {
    (state.currentTab?.result?.byteCount ?? 0, state.currentTab?.result?.spilledBytes ?? 0)
  }

  /// Frame times at three places of the loaded result.
  struct FrameTimes {
    /// Steady frames (render + diff, milliseconds) at the first, middle and last row.
    var top: [Double] = []
    var middle: [Double] = []
    var bottom: [Double] = []
    /// From `G` to the end of the first frame that shows the last row (milliseconds).
    var jump: [Double] = []
    var lastRow = -1
  }

  /// Times of `count` full renders (+ diff, in milliseconds) at the top of the result, in its
  /// middle and at its last row (Ctrl-Home, `G`), taken in turns: top, middle, bottom, top…
  /// so that anything else using the CPU meanwhile (the server collecting garbage after the
  /// query) falls on all alike. At each turn the first frame after the jump is not timed as a
  /// steady frame: it redraws the whole grid (and maps a spilled batch); the time from `G` to
  /// the end of that frame is `jump`.
  mutating func frameTimes(count: Int = 31) -> FrameTimes {
    // Focus the results as a user would: Tab until they have it.
    for _ in Pane.allCases where state.focus != .results {
      _ = state.update(.terminal(.key(KeyEvent(.tab))), now: 1)
    }
    var times = FrameTimes()
    func steadyFrame(after key: KeyEvent) -> Double {
      _ = state.update(.terminal(.key(key)), now: 1)
      _ = timedFrame()
      return timedFrame()
    }
    let middle = loadedRows / 2
    for _ in 0..<count {
      times.top.append(steadyFrame(after: KeyEvent(.home, modifiers: .control)))
      state.selectRow(middle)
      _ = timedFrame()
      times.middle.append(timedFrame())
      let start = clock.now
      _ = state.update(.terminal(.key(.char("G"))), now: 1)
      _ = timedFrame()
      times.jump.append((clock.now - start).inSeconds * 1000)
      times.bottom.append(timedFrame())
      times.lastRow = state.currentTab?.grid.selected.row ?? -1
    }
    return times
  }

  private mutating func timedFrame() -> Double {
    let start = clock.now
    let frame = AppRenderer.render(state)
    _ = frame.diff(from: previous)
    let elapsed = (clock.now - start).inSeconds * 1000
    previous = frame
    return elapsed
  }

  private mutating func present() {
    _ = timedFrame()
    frames += 1
  }
}

extension Duration {
  /// The duration in seconds, as a Double (for the benchmark's JSON and messages).
  var inSeconds: Double {
    let (whole, attoseconds) = components
    return Double(whole) + Double(attoseconds) / 1e18
  }
}
