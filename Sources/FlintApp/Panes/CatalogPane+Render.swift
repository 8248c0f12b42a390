import TerminalUI

extension CatalogPane {
  /// The pane's title, with the filter while one is typed or set.
  var title: String {
    mode == .filtering || !tree.filter.isEmpty ? "Catalog /" + tree.filter : "Catalog"
  }

  /// Draws the tree inside the pane's border; `placeholder` says why it is empty.
  func render(
    in inner: Rect, placeholder: String, theme: Theme, into buffer: inout ScreenBuffer
  ) {
    if tree.roots.isEmpty {
      buffer.put(placeholder, x: inner.x, y: inner.y, maxWidth: inner.width, style: theme.hint)
      return
    }
    var tree = self.tree
    tree.viewportHeight = max(1, inner.height)
    tree.selectedStyle = theme.cursor
    tree.detailStyle = theme.catalogType
    tree.render(in: inner, into: &buffer)
  }
}
