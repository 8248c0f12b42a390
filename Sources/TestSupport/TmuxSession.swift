import Foundation

/// Drives a program inside a private tmux server (its own socket), for smoke tests of the
/// real curses backend. Waits by polling `capture-pane` every 20 ms up to a deadline.
public final class TmuxSession {
  public let socket: String
  public let name = "flint"
  public private(set) var log: [String] = []

  public enum Failure: Error, CustomStringConvertible {
    case tmux(String)
    case timeout(String, screen: String)

    public var description: String {
      switch self {
      case .tmux(let message): "tmux failed: \(message)"
      case .timeout(let what, let screen): "timed out waiting for \(what); screen:\n\(screen)"
      }
    }
  }

  /// Starts `command` (run by `sh -c`) in a detached width × height session.
  public init(
    command: String, width: Int = 80, height: Int = 24, environment: [String: String] = [:],
    socketPrefix: String = "flint-test"
  )
    throws
  {
    socket = "\(socketPrefix)-\(getpid())-\(UUID().uuidString.prefix(8))"
    var arguments = ["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height)]
    for (key, value) in environment.sorted(by: { $0.key < $1.key }) {
      arguments += ["-e", "\(key)=\(value)"]
    }
    arguments.append(command)
    try run(arguments)
  }

  deinit {
    _ = try? run(["kill-server"])
  }

  /// Runs one tmux command on this server and returns its stdout.
  ///
  /// Uses posix_spawn + waitpid with output in files: Foundation's Process can miss the exit
  /// of the tmux client (it left a zombie and hung), and a pipe would be inherited and held
  /// open by the tmux server that new-session forks.
  @discardableResult
  public func run(_ arguments: [String]) throws -> String {
    let all = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
    let directory = FileManager.default.temporaryDirectory
    let outputPath = directory.appendingPathComponent("\(socket)-\(UUID().uuidString).out").path
    let errorPath = directory.appendingPathComponent("\(socket)-\(UUID().uuidString).err").path
    defer {
      try? FileManager.default.removeItem(atPath: outputPath)
      try? FileManager.default.removeItem(atPath: errorPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    // The test runs on a pool thread that blocks most signals; without resetting the mask the
    // tmux server would inherit it and ignore kill-server's SIGTERM/SIGHUP.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    var defaultSignals = sigset_t()
    sigfillset(&defaultSignals)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var cArguments: [UnsafeMutablePointer<CChar>?] = all.map { strdup($0) } + [nil]
    defer { for pointer in cArguments { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
    guard spawned == 0 else { throw Failure.tmux("posix_spawn failed: \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    log.append(arguments.joined(separator: " "))
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    let exitedCleanly = status & 0x7F == 0 && (status >> 8) & 0xFF == 0
    guard exitedCleanly else {
      throw Failure.tmux(arguments.joined(separator: " ") + ": " + errors)
    }
    return output
  }

  public func sendKeys(_ keys: String...) throws { try run(["send-keys", "-t", name] + keys) }

  /// Types literal text (no key-name lookup).
  public func type(_ text: String) throws { try run(["send-keys", "-t", name, "-l", text]) }

  /// Pastes text the way a terminal does (bracketed when the program asked for it).
  public func paste(_ text: String) throws {
    try run(["set-buffer", "-b", "flint", text])
    try run(["paste-buffer", "-p", "-b", "flint", "-t", name])
  }

  public func resize(width: Int, height: Int) throws {
    try run(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
  }

  public func screen() throws -> String { try run(["capture-pane", "-p", "-t", name]) }

  /// A tmux format value of the pane (e.g. "#{alternate_on}").
  public func format(_ format: String) throws -> String {
    try run(["display-message", "-p", "-t", name, format]).trimmingCharacters(
      in: .whitespacesAndNewlines)
  }

  /// Polls the screen until `predicate` holds; returns that screen.
  @discardableResult
  public func waitFor(
    _ what: String, timeout: TimeInterval = 15, _ predicate: (String) -> Bool
  ) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    while Date() < deadline {
      last = try screen()
      if predicate(last) { return last }
      Thread.sleep(forTimeInterval: 0.02)
    }
    throw Failure.timeout(what, screen: last)
  }

  /// Waits until the screen contains `text`.
  @discardableResult
  public func waitFor(text: String, timeout: TimeInterval = 15) throws -> String {
    try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
  }
}
