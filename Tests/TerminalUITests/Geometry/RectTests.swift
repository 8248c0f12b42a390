import Testing

@testable import TerminalUI

@Suite struct RectTests {
  @Test func negativeSizesClampToZero() {
    let rect = Rect(x: 1, y: 2, width: -5, height: -1)
    #expect(rect.width == 0 && rect.height == 0 && rect.isEmpty)
    #expect(rect.inset(by: 3).isEmpty)
  }

  @Test func insetShrinksEachSide() {
    let rect = Rect(x: 0, y: 0, width: 10, height: 5).inset(top: 1, left: 2, bottom: 1, right: 3)
    #expect(rect == Rect(x: 2, y: 1, width: 5, height: 3))
  }

  @Test func intersectionOfDisjointRectsIsEmpty() {
    let a = Rect(x: 0, y: 0, width: 3, height: 3)
    let b = Rect(x: 5, y: 5, width: 3, height: 3)
    #expect(a.intersection(b).isEmpty)
    #expect(
      a.intersection(Rect(x: 1, y: 1, width: 5, height: 5)) == Rect(x: 1, y: 1, width: 2, height: 2)
    )
  }

  @Test func splitFixedRatioMin() {
    let parts = Rect(x: 0, y: 0, width: 100, height: 1).splitHorizontally([
      .fixed(20), .ratio(1, 4), .min(10),
    ])
    #expect(parts.map(\.width) == [20, 25, 55])
    #expect(parts.map(\.x) == [0, 20, 45])
  }

  @Test func splitSharesLeftoverBetweenMinParts() {
    let parts = Rect(x: 0, y: 0, width: 1, height: 11).splitVertically([
      .min(1), .fixed(3), .min(2),
    ])
    #expect(parts.map(\.height) == [4, 3, 4])
    #expect(parts.map(\.y) == [0, 4, 7])
  }

  @Test(arguments: [0, 1, 5])
  func splitNeverExceedsTotal(total: Int) {
    let parts = Rect(x: 0, y: 0, width: total, height: 1).splitHorizontally([
      .fixed(4), .min(3), .ratio(1, 2),
    ])
    #expect(parts.map(\.width).reduce(0, +) == total)
    #expect(parts.allSatisfy { $0.width >= 0 })
  }

  @Test func centeredClampsToContainer() {
    #expect(
      Rect(x: 0, y: 0, width: 10, height: 4).centered(width: 20, height: 2)
        == Rect(x: 0, y: 1, width: 10, height: 2))
  }
}
