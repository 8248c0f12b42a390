extension ScreenBuffer {
  /// Draws a box along the edges of `rect` with an optional title in the top edge
  /// (`┌ Title ─┐`, truncated with "…"). Rects smaller than 2×2 draw what fits.
  public mutating func drawBorder(
    _ rect: Rect, border: BorderStyle = .single, style: Style = .plain, title: String? = nil,
    titleStyle: Style? = nil
  ) {
    guard !rect.isEmpty else { return }
    let g = border.glyphs
    if rect.width == 1 || rect.height == 1 {
      if rect.height == 1 {
        fill(rect, with: g.horizontal, style: style)
      } else {
        fill(rect, with: g.vertical, style: style)
      }
      return
    }
    let right = rect.maxX - 1
    let bottom = rect.maxY - 1
    fill(
      Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1), with: g.horizontal,
      style: style)
    fill(
      Rect(x: rect.x + 1, y: bottom, width: rect.width - 2, height: 1), with: g.horizontal,
      style: style)
    fill(
      Rect(x: rect.x, y: rect.y + 1, width: 1, height: rect.height - 2), with: g.vertical,
      style: style)
    fill(
      Rect(x: right, y: rect.y + 1, width: 1, height: rect.height - 2), with: g.vertical,
      style: style)
    set(g.topLeft, x: rect.x, y: rect.y, style: style)
    set(g.topRight, x: right, y: rect.y, style: style)
    set(g.bottomLeft, x: rect.x, y: bottom, style: style)
    set(g.bottomRight, x: right, y: bottom, style: style)
    if let title, !title.isEmpty, rect.width >= 5 {
      put(
        " " + title + " ", x: rect.x + 1, y: rect.y, maxWidth: rect.width - 2,
        style: titleStyle ?? style)
    }
  }
}
