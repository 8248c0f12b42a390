/// The children of a tree node, as a lifecycle.
///
/// `.unloaded -> .loading -> .loaded | .failed`; `.failed -> .loading` on retry.
/// `.none` is a leaf and never changes.
public enum TreeChildren: Hashable, Sendable {
  /// A leaf: no children ever.
  case none
  /// May have children; nobody has asked for them yet.
  case unloaded
  /// A load was requested; shown as "loading…".
  case loading
  /// The loaded children (possibly empty).
  case loaded([TreeNode])
  /// Loading failed; the message is shown under the node.
  case failed(String)
}
