import Foundation

/// Compares text snapshots with files on disk, for any test target.
///
/// A missing file is a failure. `RECORD_SNAPSHOTS=1` in the environment (re)writes the files
/// instead of comparing, and still fails ("recorded, run again"), so a run that records can
/// never pass by itself. Tests wrap `verify` in their own `#expect`, e.g.
/// `#expect(SnapshotFile.verify(buffer, at: path) == nil)`.
public enum SnapshotFile {
  /// Checks `buffer` (as `SnapshotText.render`) against the file at `path`.
  /// - Returns: nil when they match, else why not: a readable line diff, a missing file, or
  ///   the note that the snapshot was recorded.
  public static func verify(_ buffer: ScreenBuffer, at path: String) -> String? {
    verify(text: SnapshotText.render(buffer), at: path)
  }

  /// Checks arbitrary snapshot text against the file at `path` (nil = match).
  public static func verify(text: String, at path: String) -> String? {
    verify(
      text: text, at: path,
      recording: ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1")
  }

  /// `verify(text:at:)` with the recording switch passed in instead of read from the
  /// environment.
  static func verify(text: String, at path: String, recording record: Bool) -> String? {
    let url = URL(fileURLWithPath: path)
    let existing = try? String(contentsOf: url, encoding: .utf8)
    if record {
      do {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
      } catch {
        return "could not record snapshot at \(path): \(error)"
      }
      return existing == text
        ? "snapshot \(path) unchanged (RECORD_SNAPSHOTS=1): run again without it"
        : "snapshot \(path) recorded (RECORD_SNAPSHOTS=1): review it, then run again without it"
    }
    guard let existing else {
      return "no snapshot at \(path): record it with RECORD_SNAPSHOTS=1 and review it"
    }
    guard existing != text else { return nil }
    return "snapshot \(path) differs (- expected, + actual):\n"
      + lineDiff(expected: existing, actual: text)
  }

  /// A unified-style line diff (`-` expected only, `+` actual only, two-space context).
  public static func lineDiff(expected: String, actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Longest common subsequence table; snapshots are small (tens of lines).
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var out: [String] = []
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if i < a.count, j < b.count, a[i] == b[j] {
        out.append("  " + a[i])
        i += 1
        j += 1
      } else if j < b.count, i == a.count || lcs[i][j + 1] > lcs[i + 1][j] {
        out.append("+ " + b[j])
        j += 1
      } else {
        out.append("- " + a[i])
        i += 1
      }
    }
    return out.joined(separator: "\n")
  }
}
