/// An axis-aligned rectangle of display cells. Origin top-left, 0-based; `width`/`height`
/// are never negative (the initializer clamps them), so an empty rect is always safe to use.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
  /// Left column (0-based).
  public var x: Int
  /// Top row (0-based).
  public var y: Int
  /// Width in display cells, >= 0.
  public var width: Int
  /// Height in rows, >= 0.
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public init(origin: Point = Point(x: 0, y: 0), size: Size) {
    self.init(x: origin.x, y: origin.y, width: size.width, height: size.height)
  }

  public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

  /// One past the last column.
  public var maxX: Int { x + width }
  /// One past the last row.
  public var maxY: Int { y + height }
  public var isEmpty: Bool { width == 0 || height == 0 }
  public var area: Int { width * height }
  public var size: Size { Size(width: width, height: height) }

  public func contains(_ point: Point) -> Bool {
    point.x >= x && point.x < maxX && point.y >= y && point.y < maxY
  }

  /// The overlap of two rects (empty, positioned at the clamped origin, when they do not meet).
  public func intersection(_ other: Rect) -> Rect {
    let left = max(x, other.x)
    let top = max(y, other.y)
    let right = min(maxX, other.maxX)
    let bottom = min(maxY, other.maxY)
    return Rect(x: left, y: top, width: right - left, height: bottom - top)
  }

  /// Shrinks the rect by the given margins (in cells); never produces a negative size.
  public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
    let newWidth = max(0, width - left - right)
    let newHeight = max(0, height - top - bottom)
    return Rect(
      x: x + min(left, width), y: y + min(top, height), width: newWidth, height: newHeight)
  }

  /// Shrinks the rect by `amount` cells on every side.
  public func inset(by amount: Int) -> Rect {
    inset(top: amount, left: amount, bottom: amount, right: amount)
  }

  /// The `index`-th row of the rect as a 1-row rect (empty when out of range).
  public func row(_ index: Int) -> Rect {
    guard index >= 0, index < height else { return Rect(x: x, y: y, width: 0, height: 0) }
    return Rect(x: x, y: y + index, width: width, height: 1)
  }

  /// A rect of the given size centred in this one (clamped to fit).
  public func centered(width w: Int, height h: Int) -> Rect {
    let cw = min(max(0, w), width)
    let ch = min(max(0, h), height)
    return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
  }

  public var description: String { "Rect(x: \(x), y: \(y), w: \(width), h: \(height))" }
}
