import Foundation
import TestSupport
import Testing

/// Runs the real `flint-ui-demo` binary in tmux: keys, paste, resize, and the terminal
/// restored after every kind of exit.
@Suite(.serialized, .timeLimit(.minutes(10))) struct CursesSmokeTests {
  /// The demo binary: $FLINT_UI_DEMO, else next to the test bundle in the build folder.
  static func demoPath() -> String? {
    if let path = ProcessInfo.processInfo.environment["FLINT_UI_DEMO"] { return path }
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("flint-ui-demo").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return nil
  }

  static var tmuxAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

  /// Starts the demo in a shell that prints its exit status when it ends.
  private func startDemo(_ arguments: String = "") throws -> TmuxSession {
    let demo = try #require(
      CursesSmokeTests.demoPath(), "flint-ui-demo not built; set FLINT_UI_DEMO")
    let session = try TmuxSession(
      command: "'\(demo)' \(arguments); echo EXIT=$?; exec sleep 60", width: 80, height: 24,
      environment: ["LANG": "C.UTF-8", "TERM": "tmux-256color", "NO_COLOR": "", "COLORTERM": ""])
    try session.waitFor(text: "80x24 READY")
    return session
  }

  @Test(.enabled(if: tmuxAvailable)) func typingPastingResizingAndQuitting() throws {
    let session = try startDemo()
    #expect(try session.format("#{alternate_on}") == "1")
    #expect(try session.screen().contains("indexed256 flint-ui-demo"))
    let styled = try session.run(["capture-pane", "-e", "-p", "-t", session.name])
    #expect(styled.contains("\u{1B}[36m"))  // the cyan title
    #expect(styled.contains("\u{1B}[1;4m"))  // bold underlined grid header
    try session.type("hi 数据")
    try session.waitFor(text: "hi 数据select")
    try session.sendKeys("C-Left")
    try session.waitFor(text: "last: Ctrl+left")
    try session.sendKeys("M-x")
    try session.waitFor(text: "last: Alt+x")
    try session.sendKeys("F5")
    try session.waitFor(text: "last: F5")
    try session.sendKeys("Escape")
    try session.waitFor(text: "last: escape")
    // xterm X10 mouse reports (ESC [ M, button+32, column+33, row+33) as the terminal sends them.
    try session.type("\u{1B}[M &$")
    try session.waitFor(text: "last: mouse press left 5,3")
    try session.type("\u{1B}[M#&$")
    try session.waitFor(text: "last: mouse click left 5,3")
    try session.type("\u{1B}[Ma&$")
    try session.waitFor(text: "last: mouse wheelDown 5,3")
    try session.paste("line one\nline 2 🚀\nline three")
    let pasted = try session.waitFor(text: "pastes: 1 (28 chars)")
    #expect(pasted.contains("line 2 🚀"))
    // Clusters a cchar_t cannot hold are drawn as their first character, keeping alignment.
    try session.paste("👨‍👩‍👧x🇫🇷z|")
    try session.waitFor(text: "line three👨x🇫 z|数据select")
    try session.resize(width: 100, height: 30)
    let resized = try session.waitFor(text: "100x30 READY")
    #expect(resized.contains("last: resize 100x30"))
    #expect(resized.split(separator: "\n").count >= 29)
    try session.resize(width: 40, height: 10)
    try session.waitFor(text: "40x10")
    try session.sendKeys("C-q")
    let after = try session.waitFor(text: "EXIT=0")
    #expect(!after.contains("READY"))
    #expect(try session.format("#{alternate_on}") == "0")
    #expect(try session.format("#{mouse_any_flag}") == "0")
    #expect(try session.format("#{cursor_flag}") == "1")
  }

  @Test(.enabled(if: tmuxAvailable)) func thrownErrorRestoresTerminal() throws {
    let session = try startDemo("--throw-on-key")
    try session.type("x")
    let screen = try session.waitFor(text: "EXIT=2")
    #expect(screen.contains("flint-ui-demo: requestedFailure"))
    #expect(try session.format("#{alternate_on}") == "0")
    #expect(try session.format("#{mouse_any_flag}") == "0")
  }

  @Test(.enabled(if: tmuxAvailable), arguments: [(SIGTERM, 143), (SIGHUP, 129), (SIGINT, 130)])
  func signalRestoresTerminal(signal: Int32, status: Int) throws {
    let session = try startDemo()
    let shell = try session.format("#{pane_pid}")
    let demo = try #require(
      childProcess(of: shell), "no child of \(shell)")
    let demoPID = try #require(pid_t(demo))
    #expect(kill(demoPID, signal) == 0)
    try session.waitFor(text: "EXIT=\(status)")
    #expect(try session.format("#{alternate_on}") == "0")
    #expect(try session.format("#{mouse_any_flag}") == "0")
    #expect(try session.format("#{cursor_flag}") == "1")
  }

  @Test(.enabled(if: tmuxAvailable)) func noColorStillDraws() throws {
    let demo = try #require(CursesSmokeTests.demoPath())
    let errors = FileManager.default.temporaryDirectory
      .appendingPathComponent("flint-ui-demo-\(UUID().uuidString).err").path
    defer { try? FileManager.default.removeItem(atPath: errors) }
    let session = try TmuxSession(
      command:
        "NO_COLOR=1 LC_ALL= LANG=C '\(demo)' 2>'\(errors)'; echo EXIT=$?; cat '\(errors)'; exec sleep 60",
      environment: ["TERM": "tmux-256color"])
    let screen = try session.waitFor(text: "80x24 READY")
    #expect(screen.contains("数据"))  // C locale fell back to C.UTF-8
    #expect(screen.contains("none flint-ui-demo"))
    try session.sendKeys("C-q")
    let after = try session.waitFor(text: "not UTF-8; using C.UTF-8")
    #expect(after.contains("EXIT=0"))
  }

  /// The first child pid of `pid` (the demo under the wrapper shell).
  private func childProcess(of pid: String) -> String? {
    let path = "/proc/\(pid)/task/\(pid)/children"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return text.split(separator: " ").first.map(String.init)
  }
}
