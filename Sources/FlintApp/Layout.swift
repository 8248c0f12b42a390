import TerminalUI

/// Where each pane goes for a terminal size. Full layout from 60×15; below that (or when
/// zoomed) only the focused pane is shown. Every rect may be empty; nothing here can trap.
public struct Layout: Sendable, Equatable {
  public var catalog: Rect = .zero
  public var editor: Rect = .zero
  public var results: Rect = .zero
  public var status: Rect = .zero

  /// The smallest size with all panes visible.
  public static let minimumFull = Size(width: 60, height: 15)

  public init(size: Size, focus: Pane, zoomed: Bool) {
    let screen = Rect(x: 0, y: 0, width: max(0, size.width), height: max(0, size.height))
    var body = screen
    if screen.height >= 2 {
      status = Rect(x: 0, y: screen.maxY - 1, width: screen.width, height: 1)
      body = Rect(x: 0, y: 0, width: screen.width, height: screen.height - 1)
    }
    let compact = size.width < Self.minimumFull.width || size.height < Self.minimumFull.height
    if zoomed || compact {
      switch focus {
      case .catalog: catalog = body
      case .editor: editor = body
      case .results: results = body
      }
      return
    }
    let catalogWidth = min(36, max(18, body.width / 4))
    let columns = body.splitHorizontally([.fixed(catalogWidth), .min(1)])
    catalog = columns[0]
    let editorHeight = max(5, body.height * 2 / 5)
    let rows = columns[1].splitVertically([.fixed(editorHeight), .min(1)])
    editor = rows[0]
    results = rows[1]
  }

  /// The rect of a pane.
  public func rect(of pane: Pane) -> Rect {
    switch pane {
    case .catalog: catalog
    case .editor: editor
    case .results: results
    }
  }

  /// The inside of a pane's border (the whole rect when too small for a border).
  public static func inner(_ rect: Rect) -> Rect {
    rect.width >= 3 && rect.height >= 3 ? rect.inset(by: 1) : rect
  }

  /// Results pane parts: tab strip, grid, info line.
  public static func resultParts(_ rect: Rect) -> (tabs: Rect, grid: Rect, info: Rect) {
    let inner = inner(rect)
    if inner.height >= 4 {
      let parts = inner.splitVertically([.fixed(1), .min(1), .fixed(1)])
      return (parts[0], parts[1], parts[2])
    }
    if inner.height >= 2 {
      let parts = inner.splitVertically([.min(1), .fixed(1)])
      return (.zero, parts[0], parts[1])
    }
    return (.zero, inner, .zero)
  }
}
