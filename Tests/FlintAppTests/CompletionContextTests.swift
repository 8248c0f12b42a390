import Testing

@testable import FlintApp

/// `CompletionContext`: what kind of name the cursor wants, from the text alone. `|` in a
/// case marks the cursor.
@Suite struct CompletionContextTests {
  /// The context at the `|` of `marked` (the bar removed).
  static func context(_ marked: String) -> CompletionContext {
    let cursor = marked.distance(
      from: marked.startIndex, to: marked.firstIndex(of: "|") ?? marked.endIndex)
    return CompletionContext.at(cursor, in: marked.replacingOccurrences(of: "|", with: ""))
  }

  static let trips = TableReference(path: ["demo", "trips"], alias: "t")

  @Test(arguments: [
    ("SELECT * FROM |", [String](), ""),
    ("SELECT * FROM tr|", [], "tr"),
    ("SELECT * FROM demo.tr|", ["demo"], "tr"),
    ("SELECT * FROM demo.|", ["demo"], ""),
    ("SELECT * FROM spark_catalog.demo.t|", ["spark_catalog", "demo"], "t"),
    ("SELECT * FROM demo.trips t JOIN demo.z|", ["demo"], "z"),
    ("SELECT * FROM demo.trips t LEFT OUTER JOIN |", [], ""),
    ("SELECT * FROM demo.trips AS t, demo.|", ["demo"], ""),
    ("select * from a join b on a.x = b.y join |", [], ""),
    ("INSERT INTO demo.|", ["demo"], ""),
    ("DESCRIBE demo.|", ["demo"], ""),
    ("SELECT * FROM (SELECT * FROM demo.|", ["demo"], ""),
  ])
  func tableAfterFromAndJoin(text: String, qualifier: [String], prefix: String) {
    let context = Self.context(text)
    #expect(context.wanted == .table(qualifier: qualifier))
    #expect(context.prefix == prefix)
    #expect(context.typed == prefix)
    #expect(!context.isQuoted)
  }

  @Test func afterATableNameComeKeywordsNotTables() {
    #expect(Self.context("SELECT * FROM demo.trips |").wanted == .keyword)
    #expect(Self.context("SELECT * FROM demo.trips t WH|").wanted == .keyword)
    #expect(Self.context("SELECT * FROM demo.trips t GROUP |").wanted == .keyword)
    #expect(Self.context("|").wanted == .keyword)
    #expect(Self.context("SEL|").prefix == "SEL")
  }

  @Test func aliasAndTableQualifiersMeanThatTablesColumns() {
    let byAlias = Self.context("SELECT t.| FROM demo.trips t")
    #expect(byAlias.wanted == .columns(of: ["demo", "trips"]))
    #expect(byAlias.prefix == "")
    #expect(
      Self.context("SELECT t.fa| FROM demo.trips AS t").wanted == .columns(of: ["demo", "trips"]))
    #expect(Self.context("SELECT t.fa| FROM demo.trips AS t").prefix == "fa")
    #expect(
      Self.context("SELECT trips.| FROM demo.trips").wanted == .columns(of: ["demo", "trips"]))
    #expect(
      Self.context("SELECT * FROM demo.trips t JOIN demo.zones z ON t.zone = z.|").wanted
        == .columns(of: ["demo", "zones"]))
    #expect(
      Self.context("SELECT * FROM demo.trips t WHERE T.|").wanted
        == .columns(of: ["demo", "trips"]))
    // A qualifier the statement does not name: taken as a table name.
    #expect(Self.context("SELECT other.| FROM demo.trips t").wanted == .columns(of: ["other"]))
  }

  @Test(arguments: [
    "SELECT | FROM demo.trips t",
    "SELECT fare, | FROM demo.trips t",
    "SELECT * FROM demo.trips t WHERE |",
    "SELECT * FROM demo.trips t WHERE fare > 3 AND |",
    "SELECT * FROM demo.trips t GROUP BY |",
    "SELECT * FROM demo.trips t ORDER BY fare DESC, |",
    "SELECT * FROM demo.trips t GROUP BY x HAVING |",
  ])
  func expressionsWantTheColumnsOfTheStatementsTables(text: String) {
    #expect(Self.context(text).wanted == .expression(tables: [Self.trips]))
  }

  @Test func everyTableOfTheStatementInOrder() {
    let context = Self.context(
      "SELECT | FROM `my db`.`a b`, demo.trips t JOIN demo.zones AS z ON t.zone = z.id")
    #expect(
      context.wanted
        == .expression(tables: [
          TableReference(path: ["my db", "a b"]), Self.trips,
          TableReference(path: ["demo", "zones"], alias: "z"),
        ]))
  }

  @Test func quotedIdentifiersKeepTheirBackticks() {
    let open = Self.context("SELECT `fare am| FROM demo.trips t")
    #expect(open.wanted == .expression(tables: [Self.trips]))
    #expect(open.isQuoted)
    #expect(open.prefix == "fare am")
    #expect(open.typed == "`fare am")
    let closed = Self.context("SELECT t.`a b`| FROM demo.trips t")
    #expect(closed.wanted == .columns(of: ["demo", "trips"]))
    #expect(closed.prefix == "a b")
    #expect(closed.typed == "`a b`")
    let escaped = Self.context("SELECT * FROM `my db`.`we``ir|")
    #expect(escaped.wanted == .table(qualifier: ["my db"]))
    #expect(escaped.prefix == "we`ir")
    #expect(escaped.typed == "`we``ir")
  }

  @Test func theCursorInTheMiddleOfTheText() {
    let inWord = Self.context("SELECT * FROM demo.tr|ips WHERE x = 1")
    #expect(inWord.wanted == .table(qualifier: ["demo"]))
    #expect(inWord.typed == "tr")
    #expect(inWord.following == "ips")
    #expect(
      Self.context("SELECT fa|\nFROM demo.trips t\nWHERE 1 = 1").wanted
        == .expression(tables: [Self.trips]))
    let onLaterLine = Self.context("SELECT *\nFROM demo.trips t\nWHERE t.|\nORDER BY 1")
    #expect(onLaterLine.wanted == .columns(of: ["demo", "trips"]))
  }

  @Test func onlyTheStatementUnderTheCursorCounts() {
    let second = Self.context("SELECT * FROM a x;\nSELECT x.| FROM demo.trips x")
    #expect(second.wanted == .columns(of: ["demo", "trips"]))
    let first = Self.context("SELECT x.| FROM demo.trips x;\nSELECT * FROM a x")
    #expect(first.wanted == .columns(of: ["demo", "trips"]))
    let blankLine = Self.context("SELECT * FROM a\n\nSELECT | FROM demo.trips t")
    #expect(blankLine.wanted == .expression(tables: [Self.trips]))
    #expect(Self.context("SELECT * FROM demo.trips t; |").wanted == .keyword)
  }

  @Test(arguments: [
    "SELECT 'demo.|' FROM demo.trips",
    "SELECT \"FROM |",
    "SELECT * FROM demo.trips -- FROM demo.|",
    "SELECT * /* FROM demo.| */ FROM demo.trips",
    "SELECT * /* unclosed FROM |",
  ])
  func noNamesInStringsOrComments(text: String) {
    #expect(Self.context(text).wanted == .nothing)
  }

  @Test func rightAfterAStringOrCommentNamesComeBack() {
    #expect(
      Self.context("SELECT 'a', | FROM demo.trips t").wanted == .expression(tables: [Self.trips]))
    #expect(
      Self.context("SELECT /* c */ | FROM demo.trips t").wanted == .expression(tables: [Self.trips])
    )
    #expect(Self.context("SELECT * -- c\nFROM |").wanted == .table(qualifier: []))
  }
}
