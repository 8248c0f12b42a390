import Foundation
import Testing

@testable import TerminalUI

/// Text snapshots for FlintApp screens: `Tests/FlintAppTests/__Snapshots__/<group>/<name>.txt`;
/// `RECORD_SNAPSHOTS=1` re-records.
enum Snapshot {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("__Snapshots__")

  static func assert(
    _ buffer: ScreenBuffer, named name: String, group: String = "App",
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let path = directory.appendingPathComponent(group).appendingPathComponent(name + ".txt").path
    if let diff = SnapshotFile.verify(buffer, at: path) {
      Issue.record(Comment(rawValue: diff), sourceLocation: sourceLocation)
    }
  }
}
