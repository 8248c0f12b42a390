import SparkConnectClient
import TerminalUI

/// The line above the grid of a view built by steps: where its rows come from and each step
/// on the way (`trips › payment = 'card' › freq(pickup_zone)`), eliding from the left.
extension ResultsPane {
  /// Whether the tab shows a breadcrumb: it has steps, or views below it.
  static func showsBreadcrumb(_ tab: ResultTab) -> Bool {
    tab.exploration?.steps.isEmpty == false || !tab.below.isEmpty
  }

  /// The grid area without the breadcrumb line (when the tab shows one and there is room).
  static func bodyArea(_ tab: ResultTab, in area: Rect) -> Rect {
    guard showsBreadcrumb(tab), area.height > 3 else { return area }
    return Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
  }

  /// The breadcrumb's text for `width` columns: the newest steps kept, the oldest elided.
  static func breadcrumbText(_ crumbs: [String], width: Int) -> String {
    let separator = " › "
    var shown = crumbs
    var text = shown.joined(separator: separator)
    while DisplayWidth.of(text) > width, shown.count > 1 {
      shown.removeFirst()
      text = "…" + separator + shown.joined(separator: separator)
    }
    return text
  }

  static func drawBreadcrumb(
    _ tab: ResultTab, theme: Theme, _ area: Rect, _ buffer: inout ScreenBuffer
  ) {
    guard showsBreadcrumb(tab), area.height > 3 else { return }
    let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)
    buffer.fill(row)
    let width = max(1, area.width - 1)
    let text = breadcrumbText(tab.breadcrumb, width: width)
    buffer.put(text, x: area.x + 1, y: area.y, maxWidth: width, style: theme.hint)
    // The view shown, in the header's style.
    if let last = tab.breadcrumb.last, text.hasSuffix(last) {
      let x = area.x + 1 + DisplayWidth.of(text) - DisplayWidth.of(last)
      buffer.put(last, x: x, y: area.y, maxWidth: max(0, area.maxX - x), style: theme.gridHeader)
    }
  }
}
