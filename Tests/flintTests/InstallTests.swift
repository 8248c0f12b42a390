import Foundation
import TestSupport
import Testing

/// What `scripts/install` put in a prefix: one file that needs no Swift library and runs with
/// an empty environment from anywhere, completions that load, a man page that renders.
///
/// `scripts/test` installs into a temporary prefix (`scripts/install --debug`: the same static
/// link as a release install, without the 9-minute optimising build) and names it in
/// `FLINT_INSTALL_PREFIX`. Without it these tests fail, never skip.
@Suite(.serialized) struct InstallTests {
  static func prefix() throws -> String {
    try #require(
      ProcessInfo.processInfo.environment["FLINT_INSTALL_PREFIX"],
      "FLINT_INSTALL_PREFIX is not set: run scripts/test, or scripts/install --prefix DIR first")
  }

  static func installed() throws -> String {
    let binary = try prefix() + "/bin/flint"
    try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) is missing")
    return binary
  }

  /// Runs the installed binary as `env -i` would: only TERM and HOME, from `/`.
  static func runBare(
    _ arguments: [String], term: String = "xterm-256color", home: String
  ) throws -> (status: Int32, stdout: String, stderr: String) {
    try TestEnvironment.run(
      "/usr/bin/env",
      ["-i", "-C", "/", "TERM=\(term)", "HOME=\(home)", try installed()] + arguments)
  }

  static func temporaryHome() throws -> String {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-install-home-\(UUID().uuidString.prefix(8))"
    ).path
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    return home
  }

  @Test func theBinaryNeedsNoSwiftLibrary() throws {
    let result = try TestEnvironment.run("/usr/bin/ldd", [try Self.installed()])
    #expect(result.status == 0, "\(result.stderr)")
    let libraries = result.stdout.split(separator: "\n").compactMap { line in
      line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map {
        String($0.split(separator: "/").last ?? $0)
      }
    }
    let bundled = [
      "swift", "Foundation", "icu", "lz4", "zstd", "ncurses", "tinfo", "stdc++", "libz.",
    ]
    for library in libraries {
      #expect(
        !bundled.contains { library.localizedCaseInsensitiveContains($0) },
        "\(library) should be inside the binary")
    }
    #expect(libraries.contains("libc.so.6"))
    let size = try FileManager.default.attributesOfItem(atPath: try Self.installed())[.size] ?? 0
    print("FLINT-FIGURES installed flint: \(size) bytes, needs \(libraries.joined(separator: " "))")
  }

  @Test func anEmptyEnvironmentRunsVersionAndAQuery() throws {
    let home = try Self.temporaryHome()
    defer { try? FileManager.default.removeItem(atPath: home) }
    let version = try Self.runBare(["--version"], home: home)
    #expect(version.status == 0)
    let expected = try TestEnvironment.run(
      ProcessInfo.processInfo.environment["FLINT_BIN"] ?? "", ["--version"])
    #expect(version.stdout == expected.stdout && !version.stdout.isEmpty)
    let query = try Self.runBare(
      ["query", "--remote", TestEnvironment.remote, "SELECT 1 AS one, '漢字' AS wide"], home: home)
    #expect(query.status == 0, "\(query.stderr)")
    #expect(query.stdout.contains("|one|wide|"), "\(query.stdout)")
    #expect(query.stdout.contains("|1  |漢字|"), "\(query.stdout)")
  }

  /// The explorer in tmux with an empty environment (no LANG: C.UTF-8 by itself), drawing
  /// wide characters; and with a TERM this host has no entry for, drawn as xterm-256color
  /// with one line of warning after it ends.
  @Test(arguments: ["xterm-256color", "flint-no-such-terminal"])
  func theExplorerRunsInTmuxWithAnEmptyEnvironment(term: String) throws {
    let home = try Self.temporaryHome()
    defer { try? FileManager.default.removeItem(atPath: home) }
    let command =
      "/usr/bin/env -i -C / TERM=\(term) HOME='\(home)' '\(try Self.installed())' "
      + "--remote '\(TestEnvironment.remote)'; echo EXIT=$?; sleep 60"
    let tmux = try TmuxSession(command: command, width: 100, height: 30)
    _ = try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type("SELECT '漢字テスト' AS wide, 7 AS n")
    try tmux.sendKeys("F5")
    let screen = try tmux.waitFor(text: "1 row", timeout: 30)
    // In the editor, the tab's title and the grid.
    #expect(screen.components(separatedBy: "漢字テスト").count == 4, "\(screen)")
    #expect(screen.contains("wide"), "\(screen)")
    try tmux.sendKeys("C-q")
    let after = try tmux.waitFor(text: "EXIT=", timeout: 30)
    #expect(after.contains("EXIT=0"), "\(after)")
    let warning =
      "flint: no terminfo entry for TERM=flint-no-such-terminal here; drew the screen as "
      + "xterm-256color"
    #expect(after.contains(warning) == (term != "xterm-256color"), "\(after)")
    #expect(!after.contains("locale"), "no locale was chosen, so no warning about it: \(after)")
  }

  @Test func theCompletionsLoadAndKnowTheSubcommandsAndFormats() throws {
    let prefix = try Self.prefix()
    let script = prefix + "/share/bash-completion/completions/flint"
    // Completes `flint qu` and `flint query --format ` the way bash would on Tab.
    let bash = """
      set -u
      source '\(script)' || exit 9
      complete -p flint >/dev/null || exit 8
      function=$(complete -p flint | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')
      COMP_WORDS=(flint qu); COMP_CWORD=1; COMP_LINE='flint qu'; COMP_POINT=${#COMP_LINE}
      "$function" flint qu flint; echo "subcommands: ${COMPREPLY[*]}"
      COMPREPLY=()
      COMP_WORDS=(flint query --format ''); COMP_CWORD=3; COMP_LINE='flint query --format '
      COMP_POINT=${#COMP_LINE}
      "$function" flint '' --format; echo "formats: ${COMPREPLY[*]}"
      """
    let result = try TestEnvironment.run(
      "/bin/bash", ["-c", bash],
      environment: ["PATH": prefix + "/bin:/usr/bin:/bin"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    #expect(result.stdout.contains("subcommands: query"), "\(result.stdout)")
    #expect(
      result.stdout.contains("formats: show table csv tsv json markdown arrow"), "\(result.stdout)")
    for file in ["share/zsh/site-functions/_flint", "share/fish/vendor_completions.d/flint.fish"] {
      let text = try String(contentsOfFile: prefix + "/" + file, encoding: .utf8)
      #expect(text.contains("query") && text.contains("frequency"), "\(file)")
    }
  }

  @Test func theManPageRendersEveryCommand() throws {
    let page = try Self.prefix() + "/share/man/man1/flint.1"
    let result = try TestEnvironment.run(
      "/usr/bin/man", ["-l", page],
      environment: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    for text in [
      "FLINT(1)", "flint query", "flint export", "flint profile", "flint explain", "--format",
      "Exit status",
    ] {
      #expect(result.stdout.contains(text), "\(text) is not in the page")
    }
  }

  /// Nothing outside the prefix: the install wrote exactly these files.
  @Test func theInstallWroteOnlyItsFiles() throws {
    let prefix = try Self.prefix()
    let files = FileManager.default.enumerator(atPath: prefix)?.compactMap { $0 as? String }
      .filter { path in
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: prefix + "/" + path, isDirectory: &isDirectory)
        return !isDirectory.boolValue
      }.sorted()
    #expect(
      files == [
        "bin/flint", "share/bash-completion/completions/flint",
        "share/fish/vendor_completions.d/flint.fish", "share/man/man1/flint.1",
        "share/zsh/site-functions/_flint",
      ])
  }
}
