/// One node of a `Tree` (e.g. a catalog, database, table or column).
public struct TreeNode: Hashable, Sendable {
  /// Unique among all nodes of the tree (e.g. a dotted path `spark_catalog.default.t`).
  public var id: String
  /// The text shown for the node.
  public var title: String
  /// Extra dimmed text after the title (e.g. a column type); nil for none.
  public var detail: String?
  /// Whether the node has, may have or is loading children.
  public var children: TreeChildren

  public init(id: String, title: String, detail: String? = nil, children: TreeChildren = .none) {
    self.id = id
    self.title = title
    self.detail = detail
    self.children = children
  }

  /// True when the node can be expanded (even if its children are not loaded yet).
  public var canHaveChildren: Bool {
    if case .none = children { return false }
    return true
  }
}
