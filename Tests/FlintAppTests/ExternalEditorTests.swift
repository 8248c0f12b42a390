import Foundation
import TestSupport
import Testing

@testable import FlintApp

/// F4 and Ctrl-X Ctrl-E: the query in the user's own editor.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ExternalEditorTests {
  @Test func theEditorIsVisualThenEditorThenVi() {
    #expect(ExternalEditor.command(environment: ["VISUAL": "nvim", "EDITOR": "nano"]) == "nvim")
    #expect(ExternalEditor.command(environment: ["VISUAL": " ", "EDITOR": "nano"]) == "nano")
    #expect(ExternalEditor.command(environment: [:]) == "vi")
  }

  @Test func aMissingOrFailingEditorLeavesTheTextAndSaysWhy() {
    let missing = ExternalEditor.edit("SELECT 1", environment: ["EDITOR": "/nonexistent/ed"])
    #expect(
      missing
        == .failure(
          .init("editor \"ed\" not found (set $VISUAL or $EDITOR); the query is unchanged")
        ))
    let failing = ExternalEditor.edit("SELECT 1", environment: ["EDITOR": "exit 3;"])
    #expect(
      failing == .failure(.init("editor \"exit\" exited with status 3; the query is unchanged")))
    // An editor with arguments; the file ends with the newline editors add, which goes.
    let edited = ExternalEditor.edit(
      "SELECT 1", environment: ["EDITOR": "sed -i s/1/2/"])
    #expect(edited == .success("SELECT 2"))
  }

  /// In tmux with a scripted editor: F4 hands over the text as a `.sql` file and takes the
  /// edit back (F5 runs it); Ctrl-X Ctrl-E does the same; a failing editor changes nothing.
  @Test func inTmuxWithAScriptedEditor() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("flint-editor-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = directory.appendingPathComponent("editor.sh").path
    try """
    #!/bin/sh
    case "$1" in *.sql) ;; *) exit 9 ;; esac
    # A full-screen editor reads the keyboard: it must be in the terminal's foreground group.
    [ "$(ps -o tpgid= -p $$ | tr -d ' ')" = "$(ps -o pgid= -p $$ | tr -d ' ')" ] || exit 7
    [ -f "\(directory.path)/fail" ] && exit 4
    cp "$1" "\(directory.path)/seen.sql"
    sed -i 's/SELECT 1/SELECT 40 + 2 AS answer/' "$1"
    """.write(toFile: script, atomically: true, encoding: .utf8)
    chmod(script, 0o755)
    let session = try TmuxSession(
      command:
        "'\(ExploreEndToEndTests.flint)' '\(TestEnvironment.remote)'; echo EXIT=$?; sleep 60",
      width: 100, height: 30,
      environment: [
        "XDG_STATE_HOME": directory.path, "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "VISUAL": script,
      ],
      socketPrefix: "flint-editor-test")
    try session.waitFor(text: "● Spark", timeout: 30)
    try session.type("SELECT 1")
    try session.sendKeys("F4")
    try session.waitFor(text: "SELECT 40 + 2 AS answer", timeout: 15)
    #expect(
      try String(contentsOfFile: directory.path + "/seen.sql", encoding: .utf8) == "SELECT 1")
    try session.sendKeys("F5")
    try session.waitFor(text: "1 row ", timeout: 60)
    // A failing editor: the text stays, the status bar says why.
    FileManager.default.createFile(atPath: directory.path + "/fail", contents: nil)
    try session.sendKeys("C-x", "C-e")
    try session.waitFor(text: "\"editor.sh\" exited with status 4", timeout: 15)
    let screen = try session.screen()
    #expect(screen.contains("SELECT 40 + 2 AS answer"), "\(screen)")
    try session.sendKeys("C-q")
    try session.waitFor(text: "EXIT=0", timeout: 15)
  }
}
