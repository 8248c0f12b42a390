import Foundation
import Testing

@testable import TerminalUI

/// Text-snapshot assertions for this test target: files live in
/// `Tests/TerminalUITests/__Snapshots__/<group>/<name>.txt`; `RECORD_SNAPSHOTS=1` re-records.
enum Snapshot {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("__Snapshots__")

  /// Fails the current test with a line diff when `buffer` differs from the stored snapshot.
  static func assert(
    _ buffer: ScreenBuffer, named name: String, group: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let path = directory.appendingPathComponent(group).appendingPathComponent(name + ".txt").path
    if let diff = SnapshotFile.verify(buffer, at: path) {
      Issue.record(Comment(rawValue: diff), sourceLocation: sourceLocation)
    }
  }

  /// Renders with `draw` into a fresh buffer of `width` × `height` and asserts the snapshot.
  static func assert(
    width: Int, height: Int, named name: String, group: String,
    sourceLocation: SourceLocation = #_sourceLocation, _ draw: (Rect, inout ScreenBuffer) -> Void
  ) {
    var buffer = ScreenBuffer(width: width, height: height)
    draw(buffer.area, &buffer)
    assert(buffer, named: name, group: group, sourceLocation: sourceLocation)
  }
}
