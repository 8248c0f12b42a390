import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import FlintApp

@Suite struct ThemeTests {

  @Test(arguments: ["dark", "light", "high-contrast", "mono"])
  func builtinThemesLoadAndSetEveryStyle(name: String) throws {
    let theme = try ThemeCatalog.load(name, ["XDG_CONFIG_HOME": "/nonexistent"])
    #expect(theme.name == name)
    let text = try #require(BuiltinThemes.files[name])
    for (key, _) in Theme.styleKeys {
      #expect(text.contains("\n\(key) = "), "theme \(name) does not set styles.\(key)")
    }
    for (key, _) in Theme.glyphKeys {
      #expect(text.contains("\n\(key) = "), "theme \(name) does not set glyphs.\(key)")
    }
  }

  @Test func embeddedThemesMatchTheThemeFiles() throws {
    let directory = Self.themesDirectory
    let files = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".toml") }
    #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltinThemes.files.keys))
    for file in files {
      let onDisk = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
      #expect(
        BuiltinThemes.files[String(file.dropLast(5))]?.trimmingCharacters(in: .newlines)
          == onDisk.trimmingCharacters(in: .newlines), "run scripts/embed-themes")
    }
  }

  static var themesDirectory: String {
    TestEnvironment.repositoryRoot.appendingPathComponent("themes").path
  }

  @Test func colourForms() throws {
    let theme = try ThemeLoader.parse(
      """
      [palette]
      accent = "#ff8000"
      [styles]
      border = { fg = "#abc" }
      title = { fg = 202, bg = "bright-blue", bold = true, italic = true }
      hint = { fg = "accent", bg = "default" }
      null = { fg = "grey", underline = true }
      """, file: "t.toml")
    #expect(theme.border.foreground == .rgb(0xaa, 0xbb, 0xcc))
    #expect(theme.title.foreground == .indexed(202))
    #expect(theme.title.background == .named(.brightBlue))
    #expect(theme.title.attributes == [.bold, .italic])
    #expect(theme.hint.foreground == .rgb(255, 128, 0))
    #expect(theme.hint.background == .default)
    #expect(theme.null.foreground == .named(.brightBlack))
    #expect(theme.null.attributes == .underline)
    // Keys left out keep the base theme's values.
    #expect(theme.gridHeader == Theme.fallback.gridHeader)
  }

  @Test(arguments: [
    (
      "[styles]\nborder = { fg = \"#12345\" }\n",
      "t.toml:2: styles.border.fg: '#12345' is not a colour"
    ),
    (
      "\n\n[styles]\ngrid_header = { fg = 300 }\n",
      "t.toml:4: styles.grid_header.fg: colour index 300 is not in 0…255"
    ),
    (
      "[styles]\nborder = { fg = \"red\" }\ngrid_heder = { bold = true }\n",
      "t.toml:3: styles.grid_heder: unknown style"
    ),
    ("[styles]\nborder = { blink = true }\n", "t.toml:2: styles.border.blink: unknown style key"),
    (
      "[styles]\nborder = { bold = \"yes\" }\n",
      "t.toml:2: styles.border.bold: must be true or false"
    ),
    ("[glyphs]\nnull = \"\"\n", "t.toml:2: glyphs.null: must be a non-empty string"),
    ("colour = 1\n", "t.toml:1: colour: unknown key"),
    ("[styles\nborder = 1\n", "t.toml:1: "),
  ])
  func badThemeFilesNameTheKeyAndLine(text: String, expected: String) {
    do {
      _ = try ThemeLoader.parse(text, file: "t.toml")
      Issue.record("expected an error for \(text)")
    } catch {
      #expect(error.description.hasPrefix(expected), "\(error.description)")
    }
  }

  @Test func userThemesComeFirst() throws {
    let home = NSTemporaryDirectory() + "flint-theme-\(UUID().uuidString)"
    try FileManager.default.createDirectory(
      atPath: home + "/flint/themes", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    try "name = \"mine\"\n[styles]\nborder = { fg = \"red\" }\n".write(
      toFile: home + "/flint/themes/mine.toml", atomically: true, encoding: .utf8)
    let environment = ["XDG_CONFIG_HOME": home]
    #expect(try ThemeCatalog.load("mine", environment).border.foreground == .red)
    #expect(ThemeCatalog.names(environment).contains("mine"))
    #expect(throws: SettingsError.self) { try ThemeCatalog.load("nope", environment) }
  }
}

@Suite struct ConfigTests {
  @Test func fullConfig() throws {
    let config = try Config.parse(
      """
      theme = "light"
      max_rows = 5000
      [connections.prod]
      url = "sc://spark.example.com:443/;use_ssl=true"
      token_env = "PROD_TOKEN"
      [keys]
      run_statement = ["F5", "Ctrl-J"]
      quit = "Ctrl-Q"
      focus_previous = "Shift-Tab"
      """, file: "c.toml")
    #expect(config.theme == "light")
    #expect(config.maxRows == 5000)
    #expect(config.connections["prod"]?.url == "sc://spark.example.com:443/;use_ssl=true")
    #expect(config.connections["prod"]?.tokenEnvironmentVariable == "PROD_TOKEN")
    #expect(config.keys["run_statement"] == [KeyEvent(.function(5)), .ctrl("j")])
    #expect(config.keys["quit"] == [.ctrl("q")])
    #expect(config.keys["focus_previous"] == [KeyEvent(.backTab)])
  }

  @Test func memoryBudgetAndSpill() throws {
    let config = try Config.parse(
      """
      memory_budget = "512MiB"
      spill_dir = "/scratch/flint"
      spill_limit = 1073741824
      """, file: "c.toml")
    #expect(config.memoryBudget == 512 << 20)
    #expect(config.spillDirectory == "/scratch/flint")
    #expect(config.spillLimit == 1 << 30)
    do {
      _ = try Config.parse("memory_budget = \"lots\"\n", file: "c.toml")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("memory_budget"))
      #expect(error.description.contains("must be a size such as \"512MiB\""))
    }
  }

  @Test func tokensAreNeverStoredInTheConfig() {
    #expect(throws: SettingsError.self) {
      try Config.parse("[connections.a]\nurl = \"sc://h\"\ntoken = \"s3cret\"\n", file: "c.toml")
    }
    do {
      _ = try Config.parse("[connections.a]\nurl = \"sc://h/;token=s3cret\"\n", file: "c.toml")
      Issue.record("expected an error")
    } catch {
      #expect(!error.description.contains("s3cret"))
      #expect(error.description.contains("token_env"))
    }
  }

  @Test func missingFileIsEmptyConfig() throws {
    #expect(try Config.load(["XDG_CONFIG_HOME": "/nonexistent-\(UUID().uuidString)"]) == Config())
  }

  @Test(arguments: [
    ("F5", KeyEvent(.function(5))), ("Ctrl-J", .ctrl("j")),
    ("Alt-x", KeyEvent(.character("x"), modifiers: .alt)),
    ("Esc", KeyEvent(.escape)), ("PageDown", KeyEvent(.pageDown)), ("g", .char("g")),
    ("G", .char("G")),
    ("Space", .char(" ")), ("Ctrl-Space", KeyEvent(.character(" "), modifiers: .control)),
  ])
  func keyNotation(text: String, expected: KeyEvent) {
    #expect(KeyNotation.parse(text) == expected)
  }

  @Test func badKeysAreNamed() {
    do {
      _ = try Config.parse("[keys]\nquit = \"Hyper-Q\"\n", file: "c.toml")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.hasPrefix("c.toml:2: keys.quit: 'Hyper-Q' is not a key"))
    }
  }
}

@Suite struct KeymapConfigTests {
  @Test func actionsHaveSnakeCaseConfigNames() {
    #expect(Action.runStatement.configName == "run_statement")
    #expect(Action(configName: "focus_next") == .focusNext)
    #expect(Action(configName: "nope") == nil)
  }

  @Test func rebindReplacesTheDefaultKeys() {
    var keymap = Keymap.standard
    let before = keymap.action(for: .ctrl("q"), in: .editor)
    #expect(before == .quit)
    keymap.rebind(.quit, to: [.ctrl("x")])
    #expect(keymap.action(for: .ctrl("x"), in: .editor) == .quit)
    #expect(keymap.action(for: .ctrl("q"), in: .editor) != .quit)
  }

  @Test func themesChangeTheRenderedStyles() throws {
    let dark = try ThemeCatalog.load("dark", ["XDG_CONFIG_HOME": "/nonexistent"])
    let mono = try ThemeCatalog.load("mono", ["XDG_CONFIG_HOME": "/nonexistent"])
    let darkFrame = AppRenderer.render(AppState(size: Size(width: 60, height: 15), theme: dark))
    let monoFrame = AppRenderer.render(AppState(size: Size(width: 60, height: 15), theme: mono))
    #expect(SnapshotText.render(darkFrame) != SnapshotText.render(monoFrame))
    // Mono has no colours at all.
    for cell in monoFrame.allCells() {
      #expect(cell.cell.style.foreground == .default && cell.cell.style.background == .default)
    }
  }
}
