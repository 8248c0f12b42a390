/// A one-row bar: items on the left, items on the right (right ones win when space is short).
public struct StatusBar: Hashable, Sendable {
  public var left: [StatusItem]
  public var right: [StatusItem]
  public var style: Style
  /// Text between items.
  public var separator: String

  public init(
    left: [StatusItem] = [], right: [StatusItem] = [], style: Style = Style(attributes: .reverse),
    separator: String = " │ "
  ) {
    self.left = left
    self.right = right
    self.style = style
    self.separator = separator
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let row = area.row(0)
    buffer.fill(row, style: style)
    var rightWidth = 0
    for (i, item) in right.enumerated() {
      rightWidth += DisplayWidth.of(item.text) + (i > 0 ? DisplayWidth.of(separator) : 0)
    }
    rightWidth = min(rightWidth, row.width)
    var x = row.maxX - rightWidth
    for (i, item) in right.enumerated() {
      if i > 0 { x += buffer.put(separator, x: x, y: row.y, maxWidth: row.maxX - x, style: style) }
      x += buffer.put(
        item.text, x: x, y: row.y, maxWidth: row.maxX - x,
        style: item.style.map(style.patched) ?? style)
    }
    let leftLimit = row.maxX - rightWidth - (rightWidth > 0 ? 1 : 0)
    x = row.x + (row.width > 2 ? 1 : 0)
    for (i, item) in left.enumerated() {
      guard x < leftLimit else { break }
      if i > 0 { x += buffer.put(separator, x: x, y: row.y, maxWidth: leftLimit - x, style: style) }
      guard x < leftLimit else { break }
      x += buffer.put(
        item.text, x: x, y: row.y, maxWidth: leftLimit - x,
        style: item.style.map(style.patched) ?? style)
    }
  }
}
