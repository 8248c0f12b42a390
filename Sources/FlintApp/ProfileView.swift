import SparkConnectClient
import TerminalUI

/// The column profile overlay (`I`): one row per column of a view, computed by one server
/// query; Up/Down choose a column, `F` opens its frequency table on the view, `y` copies the
/// table, Esc closes (and stops a profile still running).
public struct ProfileView: Sendable {
  public enum Phase: Sendable {
    case loading
    case shown(TableProfile)
    case failed(SparkError)
  }

  /// The id of the profile query (its answer and its tag).
  public var id: Int
  /// The tab (by its query id) whose view is profiled.
  public var queryID: Int
  /// What is profiled, for the title (the view's breadcrumb).
  public var subject: String
  /// The columns asked for.
  public var columns: [String]
  public var phase: Phase = .loading
  /// The chosen column (a row of the table).
  public var selected = 0
  /// The first column row shown.
  public var top = 0

  public var title: String {
    switch phase {
    case .loading: "Profile — \(subject) (Esc stops)"
    case .failed: "Profile — \(subject) (Esc close)"
    case .shown(let profile):
      "Profile — \(subject) · \(Format.count(Int(profile.rows))) rows "
        + "(F frequency · y copy · Esc close)"
    }
  }

  /// The profile, once it is here.
  public var profile: TableProfile? {
    if case .shown(let profile) = phase { return profile }
    return nil
  }

  /// Up/Down, PageUp/PageDown, Home/End move the chosen column, kept in `rows` lines.
  mutating func move(_ key: Key, rows: Int) {
    guard let count = profile?.columns.count, count > 0 else { return }
    switch key {
    case .up: selected -= 1
    case .down: selected += 1
    case .pageUp: selected -= max(1, rows)
    case .pageDown: selected += max(1, rows)
    case .home: selected = 0
    case .end: selected = count - 1
    default: return
    }
    selected = min(max(0, selected), count - 1)
    if selected < top { top = selected }
    if selected >= top + max(1, rows) { top = selected - max(1, rows) + 1 }
  }
}

extension AppRenderer {
  /// The profile overlay: the table (header pinned) with the chosen column highlighted.
  static func drawProfile(_ view: ProfileView, _ state: AppState, _ buffer: inout ScreenBuffer) {
    let theme = state.theme
    guard let inner = drawFullScreenBox(title: view.title, theme, &buffer) else { return }
    switch view.phase {
    case .loading:
      let text = "profiling \(view.columns.count) columns in one query…"
      buffer.put(text, x: inner.x, y: inner.y, maxWidth: inner.width, style: theme.hint)
    case .failed(let error):
      buffer.put(
        "✕ " + (error.errorClass ?? "ERROR") + (error.sqlState.map { "  SQLSTATE " + $0 } ?? ""),
        x: inner.x, y: inner.y, maxWidth: inner.width, style: theme.errorText)
      for (index, line) in TextWrap.lines(error.headline, width: inner.width).enumerated()
      where index + 1 < inner.height {
        buffer.put(line, x: inner.x, y: inner.y + 1 + index, maxWidth: inner.width)
      }
    case .shown(let profile):
      let lines = profile.tableLines(width: inner.width, measure: DisplayWidth.of)
      // The header in the grid's header style, the rule under it in the border's.
      for (row, line) in lines.prefix(2).enumerated() where row < inner.height {
        buffer.put(
          line, x: inner.x, y: inner.y + row, maxWidth: inner.width,
          style: row == 0 ? theme.gridHeader : theme.border)
      }
      let rows = profileRows(in: inner)
      for (offset, line) in lines.dropFirst(2).dropFirst(view.top).prefix(rows).enumerated() {
        let y = inner.y + 2 + offset
        let chosen = view.top + offset == view.selected
        if chosen {
          buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: theme.selection)
        }
        buffer.put(
          line, x: inner.x, y: y, maxWidth: inner.width, style: chosen ? theme.selection : .plain)
      }
    }
  }

  /// Column rows the profile overlay shows at once in `inner` (its header takes two lines).
  static func profileRows(in inner: Rect) -> Int { max(1, inner.height - 2) }
}
