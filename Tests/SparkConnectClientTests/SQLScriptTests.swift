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

  @Test func blankLineEndsTheStatementUnderTheCursor() {
    let script = "SELECT pickup_zone, count(*) FROM demo.trips GROUP BY 1\n\nSELECT 42"
    let last = script.count - 1
    #expect(SQLScript.statement(at: last, in: script)?.text == "SELECT 42")
    #expect(SQLScript.statement(at: last, in: script)?.offset == script.count - 9)
    #expect(
      SQLScript.statement(at: 3, in: script)?.text
        == "SELECT pickup_zone, count(*) FROM demo.trips GROUP BY 1")
    // A line of blanks is a blank line too; running the whole text splits on `;` only.
    let spaced = "SELECT 1\n   \t\nSELECT 2"
    #expect(SQLScript.statement(at: spaced.count, in: spaced)?.text == "SELECT 2")
    #expect(SQLScript.statements(in: script).count == 1)
  }

  @Test func blankLineInsideStringsCommentsAndParenthesesDoesNotSplit() {
    let script = """
      SELECT 'a

      b' AS s, (1 +

      2) AS n /* one

      comment */ FROM range(3)
      """
    #expect(SQLScript.statement(at: script.count, in: script)?.text == script)
    #expect(SQLScript.statement(at: script.count, in: script)?.offset == 0)
  }

  @Test func blankLineAfterAWithListDoesNotSplit() {
    let script = """
      WITH zones AS (
        SELECT pickup_zone FROM demo.trips
      ),
      counted AS (SELECT 1 AS n)

      SELECT * FROM zones, counted

      SELECT 42
      """
    let with = SQLScript.statement(at: 5, in: script)?.text
    #expect(with?.hasPrefix("WITH zones AS (") == true)
    #expect(with?.hasSuffix("SELECT * FROM zones, counted") == true)
    #expect(SQLScript.statement(at: script.count, in: script)?.text == "SELECT 42")
  }

  @Test func blankLineAfterATrailingCommaOrKeywordDoesNotSplit() {
    let script = "SELECT a,\n\n  b FROM t WHERE x = 1 AND\n\n y = 2\n\nSELECT 3"
    #expect(
      SQLScript.statement(at: 0, in: script)?.text
        == "SELECT a,\n\n  b FROM t WHERE x = 1 AND\n\n y = 2")
    #expect(SQLScript.statement(at: script.count, in: script)?.text == "SELECT 3")
  }

  @Test func compoundStatementsKeepTheirSemicolons() {
    let script = """
      BEGIN
        DECLARE n INT DEFAULT 0;

        IF n = 0 THEN SET n = 1; END IF;
        WHILE n < 3 DO SET n = n + 1; END WHILE;
        SELECT CASE WHEN n > 2 THEN 'big' ELSE 'small' END AS size;
      END;
      SELECT 2
      """
    let statements = SQLScript.statements(in: script)
    #expect(statements.count == 2)
    #expect(statements.first?.text.hasPrefix("BEGIN") == true)
    #expect(statements.first?.text.hasSuffix("END") == true)
    #expect(statements.last?.text == "SELECT 2")
    #expect(SQLScript.statement(at: 30, in: script)?.text == statements.first?.text)
  }

  @Test func parseErrorsGetTheirPositionFromSparksMessage() {
    let error = SparkError(
      kind: .server, code: "internal",
      message:
        "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'GROUP'. SQLSTATE: 42601 (line 2, pos 7)\n\n== SQL ==\nSELECT 1\nFROM t GROUP\n-------^^^\n",
      errorClass: "PARSE_SYNTAX_ERROR", sqlState: "42601",
      messageParameters: ["error": "'GROUP'", "hint": ""])
    #expect(
      error.description
        == "[PARSE_SYNTAX_ERROR] Syntax error at or near 'GROUP'. (SQLSTATE: 42601)")
    let script = "SELECT 0;\nSELECT 1\nFROM t GROUP"
    let statement = SQLScript.statements(in: script)[1]
    let located = error.located(in: statement, of: script)
    #expect(located.queryContexts.first?.fragment == "GROUP")
    #expect(located.queryContexts.first?.line == 3)
    #expect(located.queryContexts.first?.column == 8)
    #expect(located.caretDisplay(sql: script) == "line 3, column 8:\nFROM t GROUP\n       ^^^^^")
    // Without Spark's position nothing is made up.
    var plain = error
    plain.message = "[PARSE_SYNTAX_ERROR] Syntax error. SQLSTATE: 42601"
    #expect(plain.located(in: statement, of: script).queryContexts.isEmpty)
  }

  @Test func lineAndColumnOfOffsets() {
    let text = "SELECT\n  a FROM nope"
    #expect(SparkError.QueryContext.lineAndColumn(of: 0, in: text) == (1, 1))
    #expect(SparkError.QueryContext.lineAndColumn(of: 16, in: text) == (2, 10))
  }
}
