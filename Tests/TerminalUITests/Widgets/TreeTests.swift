import Testing

@testable import TerminalUI

@Suite struct TreeTests {
  static func catalog() -> Tree {
    Tree(roots: [
      TreeNode(id: "spark_catalog", title: "spark_catalog", children: .unloaded),
      TreeNode(
        id: "demo", title: "demo",
        children: .loaded([
          TreeNode(
            id: "demo.sales", title: "sales", detail: "table",
            children: .loaded([
              TreeNode(id: "demo.sales.id", title: "id", detail: "bigint"),
              TreeNode(id: "demo.sales.数据", title: "数据", detail: "string"),
            ])),
          TreeNode(id: "demo.users", title: "users", detail: "view", children: .unloaded),
        ])),
    ])
  }

  @Test func expandUnloadedAsksForChildren() {
    var tree = TreeTests.catalog()
    let result = tree.handle(KeyEvent(.right))
    #expect(result.action == .loadChildren(nodeID: "spark_catalog"))
    #expect(tree.node("spark_catalog")?.children == .loading)
    #expect(tree.rows.count == 3)  // spark_catalog, loading…, demo
    Snapshot.assert(width: 30, height: 4, named: "loading", group: "Tree") { area, buffer in
      tree.render(in: area, into: &buffer)
    }
    tree.setChildren(
      [TreeNode(id: "spark_catalog.default", title: "default", children: .unloaded)],
      of: "spark_catalog")
    #expect(tree.rows.map(\.id) == ["spark_catalog", "spark_catalog.default", "demo"])
    tree.handle(KeyEvent(.right))  // already open: move into children
    #expect(tree.selectedID == "spark_catalog.default")
    tree.handle(KeyEvent(.left))  // not expanded: go to parent
    #expect(tree.selectedID == "spark_catalog")
    tree.handle(KeyEvent(.left))  // collapse
    #expect(tree.rows.count == 2)
  }

  @Test func failedLoadShowsErrorAndRetries() {
    var tree = TreeTests.catalog()
    tree.expand("spark_catalog")
    tree.setFailed("PERMISSION_DENIED", of: "spark_catalog")
    Snapshot.assert(width: 30, height: 3, named: "failed", group: "Tree") { area, buffer in
      tree.render(in: area, into: &buffer)
    }
    tree.collapse("spark_catalog")
    let result1 = tree.expand("spark_catalog")
    #expect(result1 == .loadChildren(nodeID: "spark_catalog"))
  }

  @Test func filterShowsMatchesWithAncestors() {
    var tree = TreeTests.catalog()
    for c in "数" { tree.handle(.char(c)) }
    #expect(tree.rows.map(\.id) == ["demo", "demo.sales", "demo.sales.数据"])
    #expect(tree.selectedID == "demo")
    Snapshot.assert(width: 30, height: 5, named: "filter", group: "Tree") { area, buffer in
      tree.render(in: area, into: &buffer)
    }
    tree.handle(KeyEvent(.escape))
    #expect(tree.filter == "")
    let result2 = tree.handle(KeyEvent(.escape))
    #expect(!result2.handled)
    for c in "US" { tree.handle(.char(c)) }
    #expect(tree.rows.map(\.id) == ["demo", "demo.users"])
    tree.handle(KeyEvent(.backspace))
    tree.handle(KeyEvent(.backspace))
    tree.handle(.char("z"))
    tree.handle(.char("z"))
    #expect(tree.rows.isEmpty)
    #expect(tree.selectedID == nil)
    Snapshot.assert(width: 20, height: 3, named: "filter-no-match", group: "Tree") { area, buffer in
      tree.render(in: area, into: &buffer)
    }
  }

  @Test func selectionScrollsInSmallViewport() {
    var tree = TreeTests.catalog()
    tree.expand("demo")
    tree.expand("demo.sales")
    tree.viewportHeight = 3
    tree.handle(KeyEvent(.end))
    #expect(tree.selectedID == "demo.users")
    #expect(tree.scrollTop == 3)
    Snapshot.assert(width: 24, height: 3, named: "scrolled", group: "Tree") { area, buffer in
      tree.render(in: area, into: &buffer)
    }
    tree.handle(KeyEvent(.home))
    #expect(tree.scrollTop == 0)
    let result3 = tree.handle(KeyEvent(.enter))
    #expect(result3.action == .activate(nodeID: "spark_catalog"))
  }

  @Test(arguments: [(1, 1), (10, 3), (0, 0)])
  func tinyAreasAndEmptyTree(width: Int, height: Int) {
    var tree = TreeTests.catalog()
    tree.expand("demo")
    tree.expand("demo.sales")
    Snapshot.assert(width: width, height: height, named: "tiny-\(width)x\(height)", group: "Tree") {
      area, buffer in
      tree.render(in: area, into: &buffer)
    }
    let empty = Tree()
    Snapshot.assert(width: width, height: height, named: "empty-\(width)x\(height)", group: "Tree")
    { area, buffer in
      empty.render(in: area, into: &buffer)
    }
  }

  @Test func emptyTreeIgnoresKeys() {
    var tree = Tree()
    let result4 = tree.handle(KeyEvent(.down))
    #expect(result4.handled)
    let result5 = tree.handle(KeyEvent(.enter))
    #expect(result5.action == nil)
    #expect(tree.selectedID == nil)
  }
}
