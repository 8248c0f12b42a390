import Testing

@testable import SparkConnectClient

@Suite struct SQLScriptTests {
  @Test func splitsAtTopLevelSemicolons() {
    let script = "SELECT 1;\n  SELECT ';' AS s; -- a ; comment\nSELECT /* ; */ 3 ;"
    let statements = SQLScript.statements(in: script)
    #expect(
      statements.map(\.text) == ["SELECT 1", "SELECT ';' AS s", "-- a ; comment\nSELECT /* ; */ 3"])
    #expect(statements.map(\.offset) == [0, 12, 29])
  }

  @Test func dropsEmptyAndCommentOnlyPieces() {
    #expect(SQLScript.statements(in: " ; ;\n-- only a comment\n").isEmpty)
    #expect(SQLScript.statements(in: "SELECT 1;;").map(\.text) == ["SELECT 1"])
  }

  @Test func quotesAndEscapes() {
    let statements = SQLScript.statements(in: #"SELECT 'it\'s; fine', `a;b`, "x;y"; SELECT 2"#)
    #expect(statements.count == 2)
    #expect(statements[1].text == "SELECT 2")
  }

  @Test func statementUnderCursor() {
    let script = "SELECT 1;\nSELECT 2;\nSELECT 3"
    #expect(SQLScript.statement(at: 12, in: script)?.text == "SELECT 2")
    #expect(SQLScript.statement(at: 0, in: script)?.text == "SELECT 1")
    #expect(SQLScript.statement(at: 100, in: script)?.text == "SELECT 3")
  }

  @Test func lineAndColumnOfOffsets() {
    let text = "SELECT\n  a FROM nope"
    #expect(SparkError.QueryContext.lineAndColumn(of: 0, in: text) == (1, 1))
    #expect(SparkError.QueryContext.lineAndColumn(of: 16, in: text) == (2, 10))
  }
}
