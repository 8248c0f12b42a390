import Foundation
import TestSupport
import Testing

/// Exploring the demo data without writing SQL: the real `flint` binary in tmux against the
/// real Spark Connect server, its numbers checked against the same questions written in SQL
/// and run by `flint query` on the same server.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ExplorationEndToEndTests {
  /// The single value `sql` returns, as `flint query --format csv` prints it.
  static func value(_ sql: String) throws -> String {
    let run = try TestEnvironment.run(
      ExploreEndToEndTests.flint,
      ["query", "--remote", TestEnvironment.remote, "--format", "csv", sql])
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n")
    return lines.count > 1 ? String(lines[1]) : ""
  }

  /// 12345 → "12,345", as the count line writes numbers.
  static func grouped(_ text: String) -> String {
    var out = ""
    for (index, digit) in text.enumerated() {
      if index > 0 && (text.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return out
  }

  @Test func frequencyDrillDownFilterAndPipeSQLOnTheDemoTrips() throws {
    let (tmux, state) = try ExploreEndToEndTests.start(width: 160, height: 40)
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type("SELECT payment, passengers, fare FROM demo.trips")
    try tmux.sendKeys("F5")
    try tmux.waitFor(text: " · first row", timeout: 120)
    try tmux.sendKeys("Tab")
    // F on `payment`: every payment of the table, not of the 100,000 rows loaded.
    try tmux.type("F")
    var screen = try tmux.waitFor(text: "4 groups", timeout: 120)
    #expect(screen.contains("freq(payment)"))
    let cards = try Self.value("SELECT count(*) FROM demo.trips WHERE payment = 'card'")
    #expect(screen.contains(" card") && screen.contains(cards), "\(screen)")
    // Enter on the most frequent: the card trips, more than the cap.
    try tmux.sendKeys("Enter")
    screen = try tmux.waitFor(text: "freq(payment) › payment = 'card'", timeout: 120)
    screen = try tmux.waitFor(text: "more on the server", timeout: 120)
    // Their passengers: the same counts as the question written in SQL.
    try tmux.type("l")
    try tmux.type("F")
    screen = try tmux.waitFor(text: "freq(passengers)", timeout: 120)
    screen = try tmux.waitFor(text: " groups · Enter", timeout: 120)
    let top = try Self.value(
      "SELECT count(*) FROM demo.trips WHERE payment = 'card' GROUP BY passengers ORDER BY 1 DESC LIMIT 1"
    )
    #expect(screen.contains(top), "expected \(top) in\n\(screen)")
    // Back to the card trips at once, then a filter typed as Spark SQL.
    try tmux.sendKeys("BSpace")
    try tmux.waitFor("the card trips again", timeout: 10) {
      $0.contains("payment = 'card'") && !$0.contains("freq(passengers)")
    }
    try tmux.type("|")
    try tmux.waitFor(text: "Keep rows where", timeout: 10)
    try tmux.type("fare > 50")
    try tmux.sendKeys("Enter")
    let expensive = try Self.value(
      "SELECT count(*) FROM demo.trips WHERE payment = 'card' AND fare > 50")
    screen = try tmux.waitFor(text: "(fare > 50)", timeout: 120)
    let rows = Int(expensive) ?? 0
    let countLine = rows > 100_000 ? "≥ 100,000 rows" : "\(Self.grouped(expensive)) rows"
    screen = try tmux.waitFor(text: countLine, timeout: 120)
    // `o`: the stack as pipe SQL in the editor; F5 runs it as text, with the same count.
    try tmux.type("o")
    screen = try tmux.waitFor(text: "|> WHERE (fare > 50)", timeout: 10)
    #expect(screen.contains("|> WHERE payment = 'card'"), "\(screen)")
    try tmux.sendKeys("F5")
    try tmux.waitFor("the pipe SQL's result", timeout: 120) {
      $0.contains(countLine) && !$0.contains("payment = 'card' ›")
    }
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
  }
}
