import SparkConnectClient
import TerminalUI

/// The catalog pane: a lazily loaded tree of catalogs, databases, tables and columns, with a
/// filter typed after `/`.
public struct CatalogPane: Sendable {
  /// Whether typed characters go to the tree or to its filter.
  public enum Mode: Sendable, Equatable { case browsing, filtering }

  public private(set) var tree = Tree()
  /// Node id → the entry it shows.
  public private(set) var entries: [String: CatalogEntry] = [:]
  public private(set) var mode = Mode.browsing
  /// The first key of a two-key command (`gg`) was typed.
  private(set) var keyPrefix: KeyPrefix?

  init() { tree.title = nil }

  var isEmpty: Bool { tree.roots.isEmpty }

  mutating func resize(height: Int) {
    tree.viewportHeight = max(1, height - (mode == .filtering ? 1 : 0))
  }

  // MARK: - Loading

  /// The children of `nodeID` ("" for the roots) arrived.
  mutating func loaded(_ items: [CatalogEntry], under nodeID: String) {
    let nodes = items.map { item -> TreeNode in
      let id = Self.nodeID(of: item)
      entries[id] = item
      // Temporary views have no namespace and nothing below them worth loading.
      let expandable = item.kind != .column && !(item.namespace.isEmpty && item.kind != .catalog)
      return TreeNode(
        id: id, title: item.name, detail: item.detail, children: expandable ? .unloaded : .none)
    }
    if nodeID.isEmpty {
      tree.setRoots(nodes)
    } else {
      tree.setChildren(nodes, of: nodeID)
    }
  }

  mutating func failed(_ message: String, under nodeID: String) {
    tree.setFailed(message, of: nodeID)
  }

  /// A table's name for the count line: without its catalog (`demo.trips`).
  static func shortName(_ item: CatalogEntry) -> String {
    item.path.dropFirst(item.path.count > 2 ? 1 : 0).map(CatalogEntry.quoted).joined(separator: ".")
  }

  static func nodeID(of item: CatalogEntry) -> String {
    item.kind.rawValue + ":" + item.path.joined(separator: "\u{1F}")
  }

  // MARK: - Keys

  /// While filtering, every key but quit and run edits the filter; Enter, Esc and Tab end it
  /// (Esc also clears it). Returns false when not filtering.
  mutating func handleFilterKey(_ key: KeyEvent) -> Bool {
    guard mode == .filtering else { return false }
    switch key.key {
    case .enter, .escape, .tab, .backTab:
      mode = .browsing
      if key.key == .escape { tree.setFilter("") }
    default:
      _ = tree.handle(key)
    }
    return true
  }

  /// Esc outside filtering: clears a filter left in place.
  mutating func clearFilter() { if !tree.filter.isEmpty { tree.setFilter("") } }

  /// A key no action claimed: moves in the tree (expanding may load children).
  mutating func handle(_ key: KeyEvent) -> [PaneRequest] {
    keyPrefix = nil
    let (_, treeAction) = tree.handle(key)
    if case .loadChildren(let nodeID) = treeAction, let item = entries[nodeID] {
      return [.effect(.loadCatalog(nodeID: nodeID, path: item.path))]
    }
    return []
  }

  /// Rows a preview loads at first (`m` loads ten times more).
  static let previewRows = 100

  /// Performs a catalog action; nil when it is not the catalog's (the key falls through).
  /// `maxRows` is the app's row cap, for `describe`.
  mutating func perform(_ action: Action, maxRows: Int?) -> [PaneRequest]? {
    if action != .gPrefix { keyPrefix = nil }
    switch action {
    case .up: return handle(KeyEvent(.up))
    case .down: return handle(KeyEvent(.down))
    case .left: return handle(KeyEvent(.left))
    case .right: return handle(KeyEvent(.right))
    case .pageUp: return handle(KeyEvent(.pageUp))
    case .pageDown: return handle(KeyEvent(.pageDown))
    case .firstRow: return handle(KeyEvent(.home))
    case .lastRow: return handle(KeyEvent(.end))
    case .gPrefix:
      if keyPrefix == .g { return handle(KeyEvent(.home)) }
      keyPrefix = .g
      return []
    case .filter:
      mode = .filtering
      return []
    case .refresh:
      guard let id = tree.selectedID, let item = entries[id],
        tree.node(id)?.canHaveChildren == true
      else {
        return [.effect(.loadCatalog(nodeID: "", path: []))]
      }
      tree.setLoading(id)
      if !tree.expanded.contains(id) { _ = tree.expand(id) }
      return [.effect(.loadCatalog(nodeID: id, path: item.path))]
    case .insertName:
      guard let id = tree.selectedID, let item = entries[id] else { return [] }
      return [
        .insertIntoEditor(
          item.kind == .column ? CatalogEntry.quoted(item.name) : item.qualifiedName)
      ]
    case .preview, .describe:
      guard let id = tree.selectedID, let item = entries[id] else { return [] }
      guard item.kind == .table || item.kind == .view else {
        return action == .preview ? handle(KeyEvent(.right)) : []
      }
      guard action == .preview else {
        return [
          .run(
            QueryRequest(
              sql: SQLText.describe(item), title: "describe " + item.name, maxRows: maxRows,
              recordsHistory: false))
        ]
      }
      // A read of the table (`Read.NamedTable`) capped by a `Limit`: the base that grid
      // actions build on.
      let exploration = Exploration(table: item)
      return [
        .run(
          QueryRequest(
            sql: exploration.pipeSQL, title: item.name, maxRows: Self.previewRows,
            recordsHistory: false, previewOf: Self.shortName(item), exploration: exploration))
      ]
    default:
      return nil
    }
  }
}

/// The first key of a two-key command.
enum KeyPrefix: Sendable, Equatable {
  /// `g`, waiting for the second `g` (first row).
  case g
}
