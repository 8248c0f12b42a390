extension Tree {
  /// Draws the visible rows: 2 cells of indent per level, "▸"/"▾" markers, dimmed detail,
  /// "loading…" / error placeholders, the selection, and a filter line at the bottom while
  /// a filter is set.
  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    buffer.fill(area, style: style)
    var listArea = area
    if !filter.isEmpty {
      let parts = area.splitVertically([.min(0), .fixed(1)])
      listArea = parts[0]
      buffer.put(
        "/" + filter, x: parts[1].x, y: parts[1].y, maxWidth: parts[1].width, style: matchStyle)
    }
    let list = rows
    if list.isEmpty {
      let message = filter.isEmpty ? "(empty)" : "no match"
      buffer.put(
        message, x: listArea.x, y: listArea.y, maxWidth: listArea.width, style: detailStyle)
      return
    }
    var top = scrollTop
    if let selected = selectedRow, listArea.height > 0 {
      if selected >= top + listArea.height { top = selected - listArea.height + 1 }
      if selected < top { top = selected }
    }
    top = max(0, min(top, list.count - 1))
    for index in 0..<listArea.height {
      let rowIndex = top + index
      guard rowIndex < list.count else { break }
      let row = list[rowIndex]
      let y = listArea.y + index
      let indent = row.depth * 2
      var x = listArea.x + indent
      let limit = listArea.maxX
      guard x < limit else { continue }
      switch row.kind {
      case .loading:
        buffer.put("  loading…", x: x, y: y, maxWidth: limit - x, style: detailStyle)
      case .failed(let message):
        buffer.put("  ⚠ " + message, x: x, y: y, maxWidth: limit - x, style: errorStyle)
      case .empty:
        buffer.put("  (empty)", x: x, y: y, maxWidth: limit - x, style: detailStyle)
      case .node(let node):
        let isSelected = node.id == selectedID
        let rowStyle = isSelected ? style.patched(with: selectedStyle) : style
        if isSelected {
          buffer.setStyle(rowStyle, in: Rect(x: listArea.x, y: y, width: listArea.width, height: 1))
        }
        let open =
          expanded.contains(node.id)
          || (!filter.isEmpty && Tree.descendantMatches(node, filter.lowercased()))
        let marker = node.canHaveChildren ? (open ? "▾ " : "▸ ") : "  "
        x += buffer.put(marker, x: x, y: y, maxWidth: limit - x, style: rowStyle)
        guard x < limit else { continue }
        let titleWidth = buffer.put(node.title, x: x, y: y, maxWidth: limit - x, style: rowStyle)
        if !filter.isEmpty, let range = node.title.lowercased().range(of: filter.lowercased()) {
          let start = DisplayWidth.of(node.title.lowercased()[..<range.lowerBound])
          let length = DisplayWidth.of(node.title.lowercased()[range])
          let visible = min(length, titleWidth - start)
          if visible > 0 {
            buffer.patchStyle(matchStyle, in: Rect(x: x + start, y: y, width: visible, height: 1))
          }
        }
        x += titleWidth
        if let detail = node.detail, x + 2 < limit {
          let detailStyle = isSelected ? rowStyle.patched(with: self.detailStyle) : self.detailStyle
          buffer.put(" " + detail, x: x, y: y, maxWidth: limit - x, style: detailStyle)
        }
      }
    }
  }
}
