import Foundation
import SparkConnectClient
import TerminalUI
import Testing

@testable import FlintApp

/// Ctrl-Space in the app: the names a context wants are fetched on demand (`.loadNames`),
/// arrive as `.namesLoaded` and refresh the popup while the user is still there; typing never
/// waits; the catalog's `r` empties the cache.
@MainActor @Suite struct CompletionUITests {
  static let ctrlSpace = AppEvent.terminal(.key(.ctrl(" ")))

  static func popup(_ state: AppState) -> Completion? {
    if case .completion(let completion)? = state.overlay { return completion }
    return nil
  }

  /// A connected state with `text` typed (the cursor at its end).
  static func typed(_ text: String, size: Size = Fixtures.size) -> AppState {
    var state = Fixtures.connected(size: size)
    Fixtures.type(text, into: &state)
    return state
  }

  static func loaded(_ scope: NameScope, _ names: [String], generation: Int = 0) -> AppEvent {
    .namesLoaded(scope, generation: generation, .success(names))
  }

  @Test func tablesOfTheTypedDatabaseAreFetchedAndOffered() {
    var state = Self.typed("SELECT * FROM demo.tr", size: Size(width: 80, height: 20))
    let effects = state.update(Self.ctrlSpace, now: 0)
    #expect(effects == [.loadNames(.tables(database: ["demo"]), generation: 0)])
    #expect(Self.popup(state) == nil)
    #expect(state.message == "fetching names…")
    Snapshot.assert(AppRenderer.render(state), named: "completion-fetching")
    // The same Ctrl-Space again does not ask twice.
    #expect(state.update(Self.ctrlSpace, now: 0) == [])

    _ = state.update(
      Self.loaded(.tables(database: ["demo"]), ["zones", "trips", "trip_stats"]), now: 0)
    #expect(Self.popup(state)?.candidates == ["trip_stats", "trips"])
    #expect(state.message == nil)
    Snapshot.assert(AppRenderer.render(state), named: "completion-tables")
    _ = state.update(Fixtures.key(.down), now: 0)
    _ = state.update(Fixtures.key(.enter), now: 0)
    #expect(state.editor.text == "SELECT * FROM demo.trips")
    #expect(Self.popup(state) == nil)

    // Cached now: the next completion in that database is immediate.
    Fixtures.type(" JOIN demo.z", into: &state)
    #expect(state.update(Self.ctrlSpace, now: 0) == [])
    #expect(state.editor.text == "SELECT * FROM demo.trips JOIN demo.zones")
  }

  @Test func fromWithoutAQualifierOffersTablesDatabasesAndCatalogs() {
    var state = Self.typed("SELECT * FROM ")
    let effects = state.update(Self.ctrlSpace, now: 0)
    #expect(
      effects == [
        .loadNames(.tables(database: []), generation: 0),
        .loadNames(.databases(catalog: nil), generation: 0),
      ])
    // The catalogs the tree loaded are there at once.
    #expect(Self.popup(state)?.candidates == ["spark_catalog"])
    #expect(state.message == "fetching names…")
    _ = state.update(Self.loaded(.databases(catalog: nil), ["default", "demo"]), now: 0)
    #expect(Self.popup(state)?.candidates == ["default", "demo", "spark_catalog"])
    #expect(state.message == "fetching names…")
    // The candidate the user moves to stays selected when more arrive.
    _ = state.update(Fixtures.key(.down), now: 0)
    _ = state.update(Self.loaded(.tables(database: []), ["my view", "numbers"]), now: 0)
    #expect(
      Self.popup(state)?.candidates == ["`my view`", "numbers", "default", "demo", "spark_catalog"])
    #expect(Self.popup(state)?.selected == 3)
    #expect(state.message == nil)
    _ = state.update(Fixtures.key(.enter), now: 0)
    #expect(state.editor.text == "SELECT * FROM demo")
  }

  @Test func aliasDotOffersThatTablesColumnsQuotedWhereNeeded() {
    var state = Self.typed("SELECT t. FROM demo.trips t")
    Fixtures.moveCursor(to: TextPosition(line: 0, column: 9), &state)
    let effects = state.update(Self.ctrlSpace, now: 0)
    #expect(effects == [.loadNames(.columns(table: ["demo", "trips"]), generation: 0)])
    _ = state.update(
      Self.loaded(.columns(table: ["demo", "trips"]), ["trip_id", "fare amount", "zone"]), now: 0)
    #expect(Self.popup(state)?.candidates == ["trip_id", "`fare amount`", "zone"])
    _ = state.update(Fixtures.key(.down), now: 0)
    _ = state.update(Fixtures.key(.tab), now: 0)
    #expect(state.editor.text == "SELECT t.`fare amount` FROM demo.trips t")
    #expect(state.editor.cursor == TextPosition(line: 0, column: 22))
  }

  @Test func aBacktickedPrefixCompletesBacktickedInTheMiddleOfTheText() {
    var state = Self.typed("SELECT `fa FROM demo.trips t")
    _ = state.update(
      Self.loaded(.columns(table: ["demo", "trips"]), ["fare", "fare amount", "zone"]), now: 0)
    Fixtures.moveCursor(to: TextPosition(line: 0, column: 10), &state)
    _ = state.update(Self.ctrlSpace, now: 0)
    // Quoted: no keywords or functions, every name in backticks.
    #expect(Self.popup(state)?.candidates == ["`fare`", "`fare amount`"])
    _ = state.update(Fixtures.key(.down), now: 0)
    _ = state.update(Fixtures.key(.enter), now: 0)
    #expect(state.editor.text == "SELECT `fare amount` FROM demo.trips t")
  }

  @Test func expressionsOfferColumnsThenFunctionsThenKeywords() throws {
    var state = Self.typed("SELECT * FROM demo.trips t WHERE f")
    _ = state.update(Self.loaded(.columns(table: ["demo", "trips"]), ["fare", "trip_id"]), now: 0)
    let effects = state.update(Self.ctrlSpace, now: 0)
    // Functions are fetched once, in the background: the built-in list stands in meanwhile.
    #expect(effects == [.loadNames(.functions, generation: 0)])
    #expect(state.message == nil)
    let candidates = try #require(Self.popup(state)?.candidates)
    #expect(candidates.first == "fare")
    let firstFunction = try #require(candidates.firstIndex(of: "floor"))
    let firstKeyword = try #require(candidates.firstIndex(of: "FALSE"))
    #expect(candidates.contains("FROM"))
    #expect(candidates.firstIndex(of: "fare")! < firstFunction)
    #expect(firstFunction < firstKeyword)
    #expect(candidates[1..<firstKeyword].allSatisfy { $0 == $0.lowercased() })
    #expect(candidates[firstKeyword...].allSatisfy { $0 == $0.uppercased() })

    // The server's functions replace the built-in list once they arrive.
    _ = state.update(Fixtures.key(.escape), now: 0)
    _ = state.update(Self.loaded(.functions, ["format_number", "forall"]), now: 0)
    #expect(state.update(Self.ctrlSpace, now: 0) == [])
    let after = try #require(Self.popup(state)?.candidates)
    #expect(Array(after.prefix(3)) == ["fare", "forall", "format_number"])
    #expect(!after.contains("floor"))
  }

  @Test func aSlowCatalogNeverBlocksTyping() {
    var state = Self.typed("SELECT * FROM demo.")
    #expect(
      state.update(Self.ctrlSpace, now: 0) == [
        .loadNames(.tables(database: ["demo"]), generation: 0)
      ])
    // The user types on while the server is slow; the answer must not pop up elsewhere.
    Fixtures.type("trips WHERE ", into: &state)
    #expect(state.editor.text == "SELECT * FROM demo.trips WHERE ")
    _ = state.update(Self.loaded(.tables(database: ["demo"]), ["trips", "zones"]), now: 0)
    #expect(Self.popup(state) == nil)
    #expect(state.message == nil)
    #expect(state.editor.text == "SELECT * FROM demo.trips WHERE ")
    #expect(state.names.names(.tables(database: ["demo"])) == ["trips", "zones"])
  }

  @Test func catalogRefreshEmptiesTheCacheAndDropsOlderAnswers() {
    var state = Self.typed("SELECT * FROM demo.")
    _ = state.update(Self.ctrlSpace, now: 0)
    Fixtures.focus(.catalog, &state)
    _ = state.update(.terminal(.key(.char("r"))), now: 0)
    #expect(state.names.generation == 1)
    #expect(state.names.entries.isEmpty)
    // The answer to the request made before `r` is stale.
    _ = state.update(Self.loaded(.tables(database: ["demo"]), ["old"], generation: 0), now: 0)
    #expect(state.names.names(.tables(database: ["demo"])) == nil)
    Fixtures.focus(.editor, &state)
    // Everything is asked again, the catalogs the tree had loaded too.
    let effects = state.update(Self.ctrlSpace, now: 0)
    #expect(
      effects == [
        .loadNames(.tables(database: ["demo"]), generation: 1),
        .loadNames(.catalogs, generation: 1),
      ])
    _ = state.update(
      Self.loaded(.tables(database: ["demo"]), ["trips", "zones"], generation: 1), now: 0)
    #expect(Self.popup(state)?.candidates == ["trips", "zones"])
  }

  @Test func aFailedFetchSaysWhyAndIsAskedAgainNextTime() {
    var state = Self.typed("SELECT x. FROM nowhere x")
    Fixtures.moveCursor(to: TextPosition(line: 0, column: 9), &state)
    #expect(
      state.update(Self.ctrlSpace, now: 0) == [
        .loadNames(.columns(table: ["nowhere"]), generation: 0)
      ])
    let error = SparkError(kind: .server, code: "unknown", message: "TABLE_OR_VIEW_NOT_FOUND")
    _ = state.update(
      .namesLoaded(.columns(table: ["nowhere"]), generation: 0, .failure(error)), now: 0)
    #expect(Self.popup(state) == nil)
    #expect(state.message?.hasPrefix("no names: ") == true)
    #expect(
      state.update(Self.ctrlSpace, now: 0) == [
        .loadNames(.columns(table: ["nowhere"]), generation: 0)
      ])
  }

  @Test func noCompletionInsideStringsAndComments() {
    for text in ["SELECT 'FROM demo.", "SELECT 1 -- FROM demo."] {
      var state = Self.typed(text)
      #expect(state.update(Self.ctrlSpace, now: 0) == [])
      #expect(Self.popup(state) == nil)
      #expect(state.message == "no completion inside a string or a comment")
      #expect(state.editor.text == text)
    }
  }

  /// The whole loop on a scripted terminal: Ctrl-Space after `FROM demo.tr` shows `trips`
  /// once the fake server answers, Enter inserts it, and the query runs.
  @Test func runtimeFetchesNamesAndShowsThePopup() async throws {
    let fake = FakeSparkService()
    fake.catalog([], Fixtures.catalogs)
    fake.names(.tables(database: ["demo"]), ["trips", "trip_stats", "zones"])
    fake.names(.columns(table: ["demo", "trips"]), ["trip_id", "fare"])
    let steps: [ScriptedTerminal.Step] =
      [.wait("Spark 4.0.0-fake"), .wait("spark_catalog")]
      + ScriptedTerminal.Step.type("SELECT t. FROM demo.tr")
      + [
        .key(.ctrl(" ")), .wait("trip_stats"), .key(KeyEvent(.down)), .key(KeyEvent(.enter)),
        .wait("FROM demo.trips"), .key(.char(" ")), .key(.char("t")),
      ]
      + Array(repeating: .key(KeyEvent(.left)), count: 18)
      + [
        .key(.ctrl(" ")), .wait("trip_id"), .key(KeyEvent(.down)), .key(KeyEvent(.enter)),
        .wait("SELECT t.fare FROM"), .key(.ctrl("q")),
      ]
    let terminal = ScriptedTerminal(size: Size(width: 100, height: 30), steps: steps)
    let runtime = Runtime(
      terminal: terminal, service: fake, state: AppState(size: terminal.size), history: nil)
    await runtime.run()
    #expect(terminal.failures.isEmpty, "\(terminal.failures)")
    #expect(runtime.state.editor.text == "SELECT t.fare FROM demo.trips t")
    #expect(fake.namesAsked.contains(.tables(database: ["demo"])))
    #expect(fake.namesAsked.contains(.columns(table: ["demo", "trips"])))
  }
}
