/// A row of tab titles with one selected: ` Editor │ Results │ Explain `.
public struct TabStrip: Hashable, Sendable {
  public private(set) var titles: [String]
  public private(set) var selectedIndex: Int
  public var style = Style.plain
  public var selectedStyle = Style(attributes: [.bold, .reverse])

  public init(titles: [String], selectedIndex: Int = 0) {
    self.titles = titles
    self.selectedIndex = titles.isEmpty ? 0 : min(max(0, selectedIndex), titles.count - 1)
  }

  public mutating func select(_ index: Int) {
    guard !titles.isEmpty else { return }
    selectedIndex = min(max(0, index), titles.count - 1)
  }

  /// Next tab, wrapping around.
  public mutating func selectNext() {
    guard !titles.isEmpty else { return }
    selectedIndex = (selectedIndex + 1) % titles.count
  }

  /// Previous tab, wrapping around.
  public mutating func selectPrevious() {
    guard !titles.isEmpty else { return }
    selectedIndex = (selectedIndex + titles.count - 1) % titles.count
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let row = area.row(0)
    buffer.fill(row, style: style)
    var x = row.x
    for (index, title) in titles.enumerated() {
      guard x < row.maxX else { break }
      if index > 0 { x += buffer.put("│", x: x, y: row.y, maxWidth: row.maxX - x, style: style) }
      guard x < row.maxX else { break }
      x += buffer.put(
        " \(title) ", x: x, y: row.y, maxWidth: row.maxX - x,
        style: index == selectedIndex ? selectedStyle : style)
    }
  }
}
