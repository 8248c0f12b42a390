import TerminalUI

/// The demo's whole state; `handle` is the only mutation, `render` only reads.
struct DemoApp {
  enum Focus { case editor, grid, tree }
  enum DemoError: Error { case requestedFailure }

  var editor = TextEditor(text: "select 数据, '🚀' from demo -- e\u{301}\n")
  var tree = Tree(roots: [
    TreeNode(
      id: "spark_catalog", title: "spark_catalog",
      children: .loaded([
        TreeNode(
          id: "default", title: "default",
          children: .loaded([
            TreeNode(id: "default.sales", title: "sales", detail: "table", children: .unloaded),
            TreeNode(id: "default.数据", title: "数据", detail: "view"),
          ]))
      ]))
  ])
  var grid = Grid()
  let data = DemoData()
  var focus = Focus.editor
  var lastEvent = "none"
  var pastes = 0
  var pastedCharacters = 0
  var size: Size
  var colorDepth = ColorDepth.trueColor
  var throwOnKey = false
  var dialog: Dialog?

  init(size: Size) {
    self.size = size
    tree.expand("spark_catalog")
    tree.expand("default")
    grid.columnWidths = [8, 10, 8, 10, 20, 6]
  }

  /// Applies an event; returns false when the demo should quit.
  mutating func handle(_ event: TerminalEvent) throws -> Bool {
    switch event {
    case .resize(let newSize):
      size = newSize
      lastEvent = "resize \(newSize.width)x\(newSize.height)"
    case .paste(let text):
      pastes += 1
      pastedCharacters += text.count
      lastEvent = "paste \(text.count)"
      editor.paste(text)
    case .mouse(let mouse):
      lastEvent = "mouse \(mouse)"
    case .key(let key):
      lastEvent = key.description
      if throwOnKey { throw DemoError.requestedFailure }
      if key == .ctrl("q") { return false }
      if var open = dialog {
        if let result = open.handle(key) {
          dialog = nil
          if result == .chosen(0) { return false }
        } else {
          dialog = open
        }
        return true
      }
      switch key.key {
      case .function(10):
        dialog = Dialog(title: "Quit?", message: "Leave the demo?", buttons: ["Quit", "Stay"])
        return true
      case .function(2):
        focus = focus == .editor ? .grid : focus == .grid ? .tree : .editor
        return true
      default: break
      }
      switch focus {
      case .editor: editor.handle(key)
      case .grid: grid.handle(key, data: data)
      case .tree: _ = tree.handle(key)
      }
    }
    layoutViewports()
    return true
  }

  /// The rects of the panes for the current size.
  func layout(_ area: Rect) -> (title: Rect, tree: Rect, editor: Rect, grid: Rect, status: Rect) {
    let rows = area.splitVertically([.fixed(1), .min(1), .fixed(1)])
    let columns = rows[1].splitHorizontally([.ratio(1, 4), .min(10)])
    let right = columns[1].splitVertically([.ratio(1, 3), .min(3)])
    return (rows[0], columns[0], right[0], right[1], rows[2])
  }

  mutating func layoutViewports() {
    let parts = layout(Rect(origin: Point(x: 0, y: 0), size: size))
    editor.viewport = parts.editor.inset(by: 1).size
    grid.viewport = parts.grid.inset(by: 1).size
    tree.viewportHeight = parts.tree.inset(by: 1).height
  }

  func render() -> ScreenBuffer {
    var buffer = ScreenBuffer(size: size)
    let parts = layout(buffer.area)
    var tabs = TabStrip(titles: ["Editor", "Results", "Catalog"])
    tabs.select(focus == .editor ? 0 : focus == .grid ? 1 : 2)
    tabs.render(in: parts.title, into: &buffer)
    buffer.put(
      "\(colorDepth) flint-ui-demo \(size.width)x\(size.height) READY", in: parts.title,
      alignment: .right,
      style: Style(foreground: .cyan))
    let focused = Style(foreground: .yellow)
    buffer.drawBorder(
      parts.tree, border: .rounded, style: focus == .tree ? focused : .plain, title: "Catalog")
    tree.render(in: parts.tree.inset(by: 1), into: &buffer)
    buffer.drawBorder(
      parts.editor, border: .rounded, style: focus == .editor ? focused : .plain, title: "SQL")
    var shownEditor = editor
    shownEditor.isFocused = focus == .editor && dialog == nil
    shownEditor.render(in: parts.editor.inset(by: 1), into: &buffer)
    buffer.drawBorder(
      parts.grid, border: .rounded, style: focus == .grid ? focused : .plain, title: "Results")
    grid.render(in: parts.grid.inset(by: 1), into: &buffer, data: data)
    StatusBar(
      left: [
        StatusItem("last: \(lastEvent)"),
        StatusItem("pastes: \(pastes) (\(pastedCharacters) chars)"),
      ],
      right: [StatusItem("F2 focus  F10/Ctrl-Q quit")]
    ).render(in: parts.status, into: &buffer)
    if let dialog {
      let saved = buffer.cursor
      dialog.render(in: buffer.area, into: &buffer)
      buffer.cursor = saved == nil ? nil : nil
    }
    return buffer
  }
}
