/// A scrollable tree with lazily loaded children, expand/collapse, selection and
/// filter-as-you-type.
///
/// While a filter is set, only nodes whose title contains it (case-insensitive) and their
/// ancestors are listed, and those ancestors show expanded. Only loaded children are
/// searched (the tree never loads on its own).
public struct Tree: Sendable {
  /// The top-level nodes.
  public private(set) var roots: [TreeNode]
  /// Ids of expanded nodes.
  public private(set) var expanded: Set<String> = []
  /// Id of the selected node (nil only when the tree is empty).
  public private(set) var selectedID: String?
  /// Current filter text ("" = no filter).
  public private(set) var filter = ""
  /// First visible row (0-based).
  public private(set) var scrollTop = 0
  /// Rows available for drawing (set by the app from its layout).
  public var viewportHeight = 20 {
    didSet { revealSelection() }
  }
  public var style = Style.plain
  public var selectedStyle = Style(attributes: .reverse)
  public var detailStyle = Style(attributes: .dim)
  public var matchStyle = Style(foreground: .yellow, attributes: .bold)
  public var errorStyle = Style(foreground: .red)
  public var title: String?

  /// One line of the flattened tree as drawn.
  public struct Row: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
      case node(TreeNode)
      case loading
      case failed(String)
      case empty
    }
    public var kind: Kind
    /// Nesting level (0 for roots).
    public var depth: Int
    /// The node id, or for placeholder rows the parent's id.
    public var id: String
  }

  public init(roots: [TreeNode] = []) {
    self.roots = roots
    selectedID = roots.first?.id
  }

  // MARK: - Content updates

  /// Replaces the top-level nodes, keeping expansion and selection where ids still exist.
  public mutating func setRoots(_ nodes: [TreeNode]) {
    roots = nodes
    fixSelection()
  }

  /// Marks a node as loading its children.
  public mutating func setLoading(_ id: String) {
    update(id) { $0.children = .loading }
  }

  /// Stores loaded children of a node.
  public mutating func setChildren(_ children: [TreeNode], of id: String) {
    update(id) { $0.children = .loaded(children) }
    fixSelection()
  }

  /// Records a failed load of a node's children.
  public mutating func setFailed(_ message: String, of id: String) {
    update(id) { $0.children = .failed(message) }
  }

  /// The node with this id, if any.
  public func node(_ id: String) -> TreeNode? { Tree.find(id, in: roots) }

  // MARK: - Rows

  /// The rows currently listed (expanded nodes, placeholders, filter applied).
  public var rows: [Row] {
    var out: [Row] = []
    let needle = filter.lowercased()
    for node in roots { append(node, depth: 0, needle: needle, into: &out) }
    return out
  }

  private func append(_ node: TreeNode, depth: Int, needle: String, into out: inout [Row]) {
    if !needle.isEmpty {
      guard Tree.matches(node, needle) else { return }
    }
    out.append(Row(kind: .node(node), depth: depth, id: node.id))
    let isOpen =
      expanded.contains(node.id) || (!needle.isEmpty && Tree.descendantMatches(node, needle))
    guard isOpen else { return }
    switch node.children {
    case .none, .unloaded: break
    case .loading: out.append(Row(kind: .loading, depth: depth + 1, id: node.id))
    case .failed(let message):
      out.append(Row(kind: .failed(message), depth: depth + 1, id: node.id))
    case .loaded(let children):
      if children.isEmpty && needle.isEmpty {
        out.append(Row(kind: .empty, depth: depth + 1, id: node.id))
      }
      for child in children { append(child, depth: depth + 1, needle: needle, into: &out) }
    }
  }

  /// The node itself or a loaded descendant matches.
  static func matches(_ node: TreeNode, _ needle: String) -> Bool {
    node.title.lowercased().contains(needle) || descendantMatches(node, needle)
  }

  static func descendantMatches(_ node: TreeNode, _ needle: String) -> Bool {
    guard case .loaded(let children) = node.children else { return false }
    return children.contains { matches($0, needle) }
  }

  /// Index of the selected row in `rows` (nil when nothing is selected or it is filtered out).
  public var selectedRow: Int? {
    guard let selectedID else { return nil }
    return rows.firstIndex { row in
      if case .node = row.kind { return row.id == selectedID }
      return false
    }
  }

  /// The selected node, if any.
  public var selectedNode: TreeNode? { selectedID.flatMap(node) }

  // MARK: - Navigation

  /// Expands a node; returns `.loadChildren` when its children must be fetched first (the
  /// node then shows "loading…").
  @discardableResult
  public mutating func expand(_ id: String) -> TreeAction? {
    guard let node = node(id), node.canHaveChildren else { return nil }
    expanded.insert(id)
    switch node.children {
    case .unloaded, .failed:
      setLoading(id)
      return .loadChildren(nodeID: id)
    default:
      return nil
    }
  }

  public mutating func collapse(_ id: String) {
    expanded.remove(id)
    revealSelection()
  }

  /// Selects a node by id (no-op for unknown ids).
  public mutating func select(_ id: String) {
    guard node(id) != nil else { return }
    selectedID = id
    revealSelection()
  }

  /// Sets the filter text and keeps the selection on a listed node.
  public mutating func setFilter(_ text: String) {
    filter = text
    scrollTop = 0
    fixSelection()
  }

  /// Applies one key. Returns (handled, action). Bindings: Up/Down, PageUp/PageDown,
  /// Home/End move; Right expands (or moves into the children); Left collapses (or goes to
  /// the parent); Enter activates; printable characters extend the filter, Backspace
  /// shortens it, Esc clears it (unhandled when there is no filter).
  public mutating func handle(_ event: KeyEvent) -> (handled: Bool, action: TreeAction?) {
    let list = rows
    let nodeRows = list.indices.filter { if case .node = list[$0].kind { true } else { false } }
    let current = selectedRow.flatMap { nodeRows.firstIndex(of: $0) } ?? 0
    func selectNodeRow(_ index: Int) {
      guard !nodeRows.isEmpty else { return }
      let clamped = min(max(0, index), nodeRows.count - 1)
      selectedID = list[nodeRows[clamped]].id
      revealSelection()
    }
    let page = max(1, viewportHeight - 1)
    switch event.key {
    case .up: selectNodeRow(current - 1)
    case .down: selectNodeRow(current + 1)
    case .pageUp: selectNodeRow(current - page)
    case .pageDown: selectNodeRow(current + page)
    case .home: selectNodeRow(0)
    case .end: selectNodeRow(nodeRows.count - 1)
    case .right:
      guard let id = selectedID, let node = node(id) else { return (true, nil) }
      if node.canHaveChildren && !expanded.contains(id) {
        return (true, expand(id))
      }
      selectNodeRow(current + 1)
    case .left:
      guard let id = selectedID else { return (true, nil) }
      if expanded.contains(id) {
        collapse(id)
      } else if let parent = Tree.parentID(of: id, in: roots) {
        select(parent)
      }
    case .enter:
      guard let id = selectedID else { return (true, nil) }
      return (true, .activate(nodeID: id))
    case .backspace:
      guard !filter.isEmpty else { return (false, nil) }
      setFilter(String(filter.dropLast()))
    case .escape:
      guard !filter.isEmpty else { return (false, nil) }
      setFilter("")
    case .character(let c) where event.modifiers.isSubset(of: .shift):
      setFilter(filter + String(c))
    default:
      return (false, nil)
    }
    return (true, nil)
  }

  // MARK: - Internals

  private mutating func fixSelection() {
    let list = rows
    if let selectedID, list.contains(where: { $0.id == selectedID && $0.isNode }) {
      revealSelection()
      return
    }
    selectedID = list.first(where: { $0.isNode })?.id
    revealSelection()
  }

  mutating func revealSelection() {
    guard let row = selectedRow else {
      scrollTop = 0
      return
    }
    let height = max(1, viewportHeight)
    if row < scrollTop { scrollTop = row }
    if row >= scrollTop + height { scrollTop = row - height + 1 }
  }

  private mutating func update(_ id: String, _ change: (inout TreeNode) -> Void) {
    for index in roots.indices {
      if Tree.update(&roots[index], id, change) { return }
    }
  }

  private static func update(
    _ node: inout TreeNode, _ id: String, _ change: (inout TreeNode) -> Void
  ) -> Bool {
    if node.id == id {
      change(&node)
      return true
    }
    guard case .loaded(var children) = node.children else { return false }
    for index in children.indices where update(&children[index], id, change) {
      node.children = .loaded(children)
      return true
    }
    return false
  }

  static func find(_ id: String, in nodes: [TreeNode]) -> TreeNode? {
    for node in nodes {
      if node.id == id { return node }
      if case .loaded(let children) = node.children, let found = find(id, in: children) {
        return found
      }
    }
    return nil
  }

  static func parentID(of id: String, in nodes: [TreeNode]) -> String? {
    for node in nodes {
      guard case .loaded(let children) = node.children else { continue }
      if children.contains(where: { $0.id == id }) { return node.id }
      if let found = parentID(of: id, in: children) { return found }
    }
    return nil
  }
}

extension Tree.Row {
  var isNode: Bool {
    if case .node = kind { return true }
    return false
  }
}
