/// A one-row progress bar with eighth-cell precision and a label: `████▍    45% label`.
public struct ProgressBar: Hashable, Sendable {
  /// 0...1, or nil when the total is unknown (an indeterminate bar shows only the label).
  public var fraction: Double?
  public var label: String
  public var filledStyle: Style
  public var emptyStyle: Style

  public init(
    fraction: Double?, label: String = "", filledStyle: Style = Style(foreground: .green),
    emptyStyle: Style = Style(foreground: .brightBlack)
  ) {
    self.fraction = fraction
    self.label = label
    self.filledStyle = filledStyle
    self.emptyStyle = emptyStyle
  }

  private static let partials: [Character] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"].compactMap(
    \.first)

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let row = area.row(0)
    buffer.fill(row)
    guard let raw = fraction else {
      buffer.put(label, x: row.x, y: row.y, maxWidth: row.width)
      return
    }
    let value = raw.isFinite ? min(max(raw, 0), 1) : 0
    let percent = " \(Int((value * 100).rounded(.down)))%"
    let suffix = percent + (label.isEmpty ? "" : " " + label)
    let barWidth = max(0, min(row.width - DisplayWidth.of(suffix), max(row.width / 2, 10)))
    let eighths = Int((value * Double(barWidth * 8)).rounded(.down))
    let full = eighths / 8
    buffer.fill(Rect(x: row.x, y: row.y, width: full, height: 1), with: "█", style: filledStyle)
    if full < barWidth {
      let part = eighths % 8
      if part > 0 {
        buffer.set(ProgressBar.partials[part - 1], x: row.x + full, y: row.y, style: filledStyle)
      }
      let rest = full + (part > 0 ? 1 : 0)
      buffer.fill(
        Rect(x: row.x + rest, y: row.y, width: barWidth - rest, height: 1), with: "░",
        style: emptyStyle)
    }
    buffer.put(suffix, x: row.x + barWidth, y: row.y, maxWidth: row.width - barWidth)
  }
}
