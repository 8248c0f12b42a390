import Foundation
import TerminalUI

/// Times rendering + diffing a full frame of the demo (all widgets) at 200×60.
///
/// Reports CPU time (CLOCK_PROCESS_CPUTIME_ID) per frame, for: render only, diff only, and
/// render + diff with a small change (the cursor moved one row in the grid) between frames.
enum Benchmark {
  static func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  static func run(width: Int = 200, height: Int = 60, frames: Int = 2000) {
    var app = DemoApp(size: Size(width: width, height: height))
    app.layoutViewports()
    app.focus = .grid
    var previous = app.render()
    // Warm up.
    for _ in 0..<50 { previous = app.render() }
    var changed = 0
    let start = cpuSeconds()
    var renderTime = 0.0
    var diffTime = 0.0
    for i in 0..<frames {
      _ = try? app.handle(.key(KeyEvent(i % 200 < 100 ? .down : .up)))
      let t0 = cpuSeconds()
      let frame = app.render()
      let t1 = cpuSeconds()
      let changes = frame.diff(from: previous)
      let t2 = cpuSeconds()
      renderTime += t1 - t0
      diffTime += t2 - t1
      changed += changes.count
      previous = frame
    }
    let total = cpuSeconds() - start
    let identical = previous
    let d0 = cpuSeconds()
    var none = 0
    for _ in 0..<frames { none += identical.diff(from: previous).count }
    let identicalDiff = (cpuSeconds() - d0) / Double(frames)
    func ms(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }
    print("frame \(width)x\(height), \(frames) frames (CPU time per frame)")
    print("  render (all widgets):      \(ms(renderTime / Double(frames)))")
    print("  diff:                      \(ms(diffTime / Double(frames)))")
    print("  render + diff:             \(ms((renderTime + diffTime) / Double(frames)))")
    print("  loop incl. key handling:   \(ms(total / Double(frames)))")
    print("  diff of identical frames:  \(ms(identicalDiff)) (\(none) changes)")
    print("  average changed cells:     \(changed / frames)")
  }
}
