import Foundation
import Testing

@testable import TerminalUI

@Suite struct SnapshotFileTests {
  private func temporaryPath() -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("flint-snapshot-\(UUID().uuidString)/a/b.txt").path
  }

  @Test func textFormHasRowsStylesAndCursor() {
    var buffer = ScreenBuffer(width: 6, height: 2)
    buffer.put("数据!", x: 0, y: 0, style: Style(foreground: .rgb(1, 2, 3), attributes: .bold))
    buffer.cursor = Point(x: 5, y: 1)
    #expect(
      SnapshotText.render(buffer) == """
        |数据! |
        |      |
        -- styles --
        0 0..<5 fg=rgb(1,2,3) bold
        -- cursor 5,1 --

        """)
  }

  @Test func missingFileFailsAndRecordingFailsToo() throws {
    let path = temporaryPath()
    var buffer = ScreenBuffer(width: 3, height: 1)
    buffer.put("abc", x: 0, y: 0)
    let missing = try #require(SnapshotFile.verify(buffer, at: path))
    #expect(missing.contains("no snapshot at"))
    #expect(!FileManager.default.fileExists(atPath: path))
    // Recording writes the file and still reports, so a recording run cannot pass.
    let text = SnapshotText.render(buffer)
    let recorded = try #require(SnapshotFile.verify(text: text, at: path, recording: true))
    #expect(recorded.contains("recorded"))
    #expect(FileManager.default.fileExists(atPath: path))
    #expect(
      SnapshotFile.verify(text: text, at: path, recording: true)?.contains("unchanged") == true)
    #expect(SnapshotFile.verify(buffer, at: path) == nil)
    buffer.put("x", x: 1, y: 0)
    let diff = try #require(SnapshotFile.verify(buffer, at: path))
    #expect(diff.contains("- |abc|"))
    #expect(diff.contains("+ |axc|"))
  }

  @Test func lineDiffKeepsContext() {
    let diff = SnapshotFile.lineDiff(expected: "a\nb\nc", actual: "a\nB\nc\nd")
    #expect(diff == "  a\n- b\n+ B\n  c\n+ d")
  }

  @Test func packedStyleRoundTrips() {
    let colors: [Color] = [
      .default, .named(.brightCyan), .indexed(0), .indexed(255), .rgb(255, 0, 7),
    ]
    for fg in colors {
      for bg in colors {
        let style = Style(foreground: fg, background: bg, attributes: [.dim, .italic])
        #expect(style.foreground == fg && style.background == bg)
      }
    }
    var cell = Cell("a")
    cell.character = "👨‍👩‍👧"
    #expect(cell.character == "👨‍👩‍👧")
    cell.character = "数"
    #expect(cell.character == "数")
    #expect(Cell("e\u{301}").character == "e\u{301}")
  }
}
