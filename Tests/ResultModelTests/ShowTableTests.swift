import Testing

@testable import ResultModel

@Suite struct ShowTableTests {
  @Test func leftAlignsWithoutTruncation() {
    let text = ShowTable.render(
      columnNames: ["id", "name"], rows: [["1", "数据"], ["22", "NULL"]])
    #expect(
      text == """
        +---+----+
        |id |name|
        +---+----+
        |1  |数据|
        |22 |NULL|
        +---+----+

        """)
  }

  @Test func rightAlignsAndCutsWithTruncate() {
    let text = ShowTable.render(
      columnNames: ["s"], rows: [["abcdefghijklmnopqrstuvwxyz"]], truncate: 20)
    #expect(
      text == """
        +--------------------+
        |                   s|
        +--------------------+
        |abcdefghijklmnopq...|
        +--------------------+

        """)
  }

  @Test func footerSaysRowOrRowsWithoutTrailingNewline() {
    let one = ShowTable.render(columnNames: ["id"], rows: [["0"]], hasMoreRows: true)
    #expect(one.hasSuffix("+---+\nonly showing top 1 row"))
    let two = ShowTable.render(columnNames: ["id"], rows: [["0"], ["1"]], hasMoreRows: true)
    #expect(two.hasSuffix("+---+\nonly showing top 2 rows"))
  }

  @Test func emptyResultHasHeaderAndTwoSeparators() {
    let text = ShowTable.render(columnNames: ["id", "s"], rows: [])
    #expect(text == "+---+---+\n|id |s  |\n+---+---+\n+---+---+\n")
  }

  @Test func headerNamesAreEscapedLikeCells() {
    let text = ShowTable.render(columnNames: ["a\nb"], rows: [["x"]])
    #expect(text.contains("|a\\nb|"))
  }
}
