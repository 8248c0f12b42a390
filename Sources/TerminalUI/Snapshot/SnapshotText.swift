/// Renders a `ScreenBuffer` as reviewable text: one `|row|` line per row, then the style
/// runs (only non-plain ones) as `y x..<x style` lines, then the cursor if any.
///
/// Example:
/// ```
/// |┌ Title ┐|
/// |└───────┘|
/// -- styles --
/// 0 2..<7 fg=yellow bold
/// ```
public enum SnapshotText {
  /// The text form of `buffer` (rows, style runs, cursor). Columns in style runs are display
  /// cells; a wide grapheme counts 2.
  public static func render(_ buffer: ScreenBuffer) -> String {
    var lines: [String] = []
    lines.reserveCapacity(buffer.height + 8)
    for y in 0..<buffer.height {
      lines.append("|" + rowText(buffer, y) + "|")
    }
    var runs: [String] = []
    for y in 0..<buffer.height {
      var x = 0
      while x < buffer.width {
        let style = buffer[x, y].style
        var end = x + 1
        while end < buffer.width && buffer[end, y].style == style { end += 1 }
        if style != .plain { runs.append("\(y) \(x)..<\(end) \(style)") }
        x = end
      }
    }
    if !runs.isEmpty {
      lines.append("-- styles --")
      lines += runs
    }
    if let cursor = buffer.cursor { lines.append("-- cursor \(cursor.x),\(cursor.y) --") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The characters of row `y` (continuation cells skipped, so a wide grapheme appears once).
  public static func rowText(_ buffer: ScreenBuffer, _ y: Int) -> String {
    var row = ""
    for x in 0..<buffer.width {
      let cell = buffer[x, y]
      if !cell.isContinuation { row.append(cell.character) }
    }
    return row
  }

  /// Only the rows, without frame markers or styles (handy for `#expect` on small buffers).
  public static func lines(_ buffer: ScreenBuffer) -> [String] {
    (0..<buffer.height).map { rowText(buffer, $0) }
  }
}
