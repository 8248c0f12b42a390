extension ScreenBuffer {
  /// The cells of `self` that differ from `previous`, row by row, left to right.
  ///
  /// When the sizes differ every cell of `self` is a change (the terminal must repaint).
  /// Continuation cells are included when they change so backends can track them, but a
  /// backend only draws graphemes from lead cells.
  public func diff(from previous: ScreenBuffer) -> [CellChange] {
    guard previous.width == width, previous.height == height else { return allCells() }
    var changes: [CellChange] = []
    cells.withUnsafeBufferPointer { now in
      previous.cells.withUnsafeBufferPointer { before in
        for i in 0..<now.count where now[i] != before[i] {
          changes.append(CellChange(x: i % width, y: i / width, cell: now[i]))
        }
      }
    }
    return changes
  }

  /// Every cell as a change (for a first frame or a full repaint).
  public func allCells() -> [CellChange] {
    var changes: [CellChange] = []
    changes.reserveCapacity(cells.count)
    for (i, cell) in cells.enumerated() {
      changes.append(CellChange(x: i % width, y: i / width, cell: cell))
    }
    return changes
  }
}
