/// A width × height grid of cells that widgets render into; the terminal backend draws
/// only what changed between two buffers (`diff(from:)`).
///
/// All coordinates are 0-based display cells. Every primitive clips to the buffer, so
/// widgets may pass any rect, including empty or partly outside ones.
public struct ScreenBuffer: Hashable, Sendable {
  /// Width in display cells (>= 0).
  public let width: Int
  /// Height in rows (>= 0).
  public let height: Int
  /// Row-major cells, `width * height` of them.
  public private(set) var cells: [Cell]
  /// Where the terminal should show its cursor after drawing (nil = hidden).
  public var cursor: Point?

  public init(width: Int, height: Int, fill: Cell = .blank) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.cells = [Cell](repeating: fill, count: self.width * self.height)
  }

  public init(size: Size) { self.init(width: size.width, height: size.height) }

  /// The whole buffer as a rect at the origin.
  public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }
  public var size: Size { Size(width: width, height: height) }

  /// The cell at (x, y); a blank cell when out of range.
  public subscript(x: Int, y: Int) -> Cell {
    guard x >= 0, y >= 0, x < width, y < height else { return .blank }
    return cells[y * width + x]
  }

  /// Stores a narrow or wide grapheme at (x, y), repairing wide graphemes it overlaps.
  /// `limit` is one past the last column the write may touch; a wide grapheme that would
  /// cross it is replaced by a space. Returns the number of cells used (0 when clipped).
  @discardableResult
  mutating func setGrapheme(
    _ character: Character, width charWidth: Int, x: Int, y: Int, style: Style, limit: Int
  ) -> Int {
    let limit = min(limit, width)
    guard y >= 0, y < height, x >= 0, x < limit, charWidth > 0 else { return 0 }
    let row = y * width
    if charWidth == 2 && x + 1 >= limit {
      clearOverlap(at: x, row: row)
      cells[row + x] = Cell(" ", width: 1, style: style)
      return 1
    }
    clearOverlap(at: x, row: row)
    if charWidth == 2 {
      clearOverlap(at: x + 1, row: row)
      cells[row + x] = Cell(character, width: 2, style: style)
      cells[row + x + 1] = .continuation(style)
      return 2
    }
    cells[row + x] = Cell(character, width: 1, style: style)
    return 1
  }

  /// Stores one printable ASCII byte at (x, y), which the caller has clipped to the buffer.
  @inline(__always)
  mutating func setASCII(_ byte: UInt8, x: Int, y: Int, style: Style) {
    let row = y * width
    clearOverlap(at: x, row: row)
    cells[row + x] = Cell(ascii: byte, style: style)
  }

  /// Before overwriting cell x: if it is half of a wide grapheme, blank the other half.
  @inline(__always)
  private mutating func clearOverlap(at x: Int, row: Int) {
    let cell = cells[row + x]
    if cell.width == 2, x + 1 < width {
      cells[row + x + 1] = Cell(" ", width: 1, style: cells[row + x + 1].style)
    } else if cell.width == 0, x > 0 {
      cells[row + x - 1] = Cell(" ", width: 1, style: cells[row + x - 1].style)
    }
  }

  /// Sets one cell directly (x, y 0-based); wide graphemes are handled like text.
  public mutating func set(_ character: Character, x: Int, y: Int, style: Style = .plain) {
    setGrapheme(
      character, width: DisplayWidth.of(character), x: x, y: y, style: style, limit: width)
  }

  /// Fills `rect` (clipped) with a character and style.
  public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .plain) {
    let clip = rect.intersection(area)
    guard !clip.isEmpty else { return }
    let charWidth = DisplayWidth.of(character)
    if charWidth == 1 {
      let cell = Cell(character, width: 1, style: style)
      for y in clip.y..<clip.maxY {
        if clip.x > 0 { clearOverlap(at: clip.x, row: y * width) }
        if clip.maxX < width { clearOverlap(at: clip.maxX - 1, row: y * width) }
        let start = y * width + clip.x
        for i in start..<(start + clip.width) { cells[i] = cell }
      }
      return
    }
    for y in clip.y..<clip.maxY {
      var x = clip.x
      while x < clip.maxX {
        x += max(
          1, setGrapheme(character, width: charWidth, x: x, y: y, style: style, limit: clip.maxX))
      }
    }
  }

  /// Replaces the style of every cell in `rect` (clipped), keeping the characters.
  public mutating func setStyle(_ style: Style, in rect: Rect) {
    let clip = rect.intersection(area)
    guard !clip.isEmpty else { return }
    for y in clip.y..<clip.maxY {
      let start = y * width + clip.x
      for i in start..<(start + clip.width) { cells[i].style = style }
    }
  }

  /// Lays `style` over the style of every cell in `rect` (see `Style.patched(with:)`).
  public mutating func patchStyle(_ style: Style, in rect: Rect) {
    let clip = rect.intersection(area)
    guard !clip.isEmpty else { return }
    for y in clip.y..<clip.maxY {
      let start = y * width + clip.x
      for i in start..<(start + clip.width) { cells[i].style = cells[i].style.patched(with: style) }
    }
  }
}
