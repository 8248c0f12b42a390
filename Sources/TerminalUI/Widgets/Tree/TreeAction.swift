/// What the app should do after a key the `Tree` handled.
public enum TreeAction: Hashable, Sendable {
  /// The node was expanded but its children are not loaded: load them, then call
  /// `Tree.setChildren(_:of:)` (the node already shows "loading…").
  case loadChildren(nodeID: String)
  /// Enter on a node (e.g. open a table preview).
  case activate(nodeID: String)
}
