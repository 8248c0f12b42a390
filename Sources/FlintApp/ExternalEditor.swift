import Foundation

/// Editing the query in the user's own editor (F4, Ctrl-X Ctrl-E): `$VISUAL`, else
/// `$EDITOR`, else `vi`, on a private temporary `.sql` file; the text comes back when the
/// editor exits with status 0.
public enum ExternalEditor {
  /// The command to run: `$VISUAL`, `$EDITOR`, else `vi` (a value may carry arguments, e.g.
  /// `code --wait`).
  public static func command(environment: [String: String]) -> String {
    for name in ["VISUAL", "EDITOR"] {
      if let value = environment[name], !value.allSatisfy(\.isWhitespace) { return value }
    }
    return "vi"
  }

  /// Runs the editor on `text` and returns the edited text, or why not (the buffer stays).
  /// Blocks until the editor exits: the caller has given it the terminal.
  public static func edit(
    _ text: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Result<String, EditFailure> {
    let command = Self.command(environment: environment)
    let directory = FileManager.default.temporaryDirectory
    let path = directory.appendingPathComponent("flint-\(UUID().uuidString.prefix(8)).sql").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    guard
      FileManager.default.createFile(
        atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    else { return .failure(EditFailure("cannot write a temporary file in \(directory.path)")) }
    // posix_spawn, not Foundation's Process: the editor must stay in the terminal's
    // foreground process group to read the keyboard (Process starts a new group, and a
    // full-screen editor there stops on SIGTTIN or refuses to run).
    let arguments = ["/bin/sh", "-c", command + " \"$1\"", "flint-editor", path]
    let status: Int32
    switch Self.spawnAndWait(arguments, environment: environment) {
    case .failure(let failure): return .failure(failure)
    case .success(let code): status = code
    }
    guard status == 0 else {
      // The program's name, not its whole path: the message has to fit the status bar.
      let name =
        command.split(separator: " ").first.map {
          URL(fileURLWithPath: String($0)).lastPathComponent
        } ?? command
      let why =
        status == 127
        ? "editor \"\(name)\" not found (set $VISUAL or $EDITOR)"
        : status < 0
          ? "editor \"\(name)\" was killed by signal \(-status)"
          : "editor \"\(name)\" exited with status \(status)"
      return .failure(EditFailure(why + "; the query is unchanged"))
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      return .failure(EditFailure("the edited file is gone; the query is unchanged"))
    }
    var edited = String(decoding: data, as: UTF8.self)
    // Editors end files with a newline the buffer did not have.
    if edited.hasSuffix("\n"), !text.hasSuffix("\n") { edited.removeLast() }
    return .success(edited)
  }

  /// Runs `arguments` in this process group and waits: its exit status, or minus the
  /// signal that ended it.
  static func spawnAndWait(_ arguments: [String], environment: [String: String])
    -> Result<Int32, EditFailure>
  {
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0)=\($1)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, arguments[0], nil, nil, argv, envp)
    guard spawned == 0 else {
      return .failure(EditFailure("cannot start the editor: \(String(cString: strerror(spawned)))"))
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let signal = status & 0x7f
    return .success(signal == 0 ? (status >> 8) & 0xff : -signal)
  }

  /// Why the edit did not come back.
  public struct EditFailure: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
  }
}
