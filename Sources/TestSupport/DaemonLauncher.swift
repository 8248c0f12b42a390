import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program that starts daemons (`scripts/spark-server start`, `setsid --fork`) and
/// waits for the program itself, not for its daemons.
///
/// Foundation's `Process` cannot do this on Linux: it learns that a child exited when a
/// socket the child inherited is closed, and a daemon the child starts inherits that socket
/// too, so `waitUntilExit()` hangs until the daemon exits. Here the child gets only
/// /dev/null as input and a log file as output; every other descriptor is closed in it.
public enum DaemonLauncher {
  /// Runs `executable` with `arguments` and this process's environment plus `environment`,
  /// output appended to `outputPath`; returns its exit status (128 + n for signal n).
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:],
    outputPath: String
  ) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(
      &actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    closeInheritedDescriptors(&actions)

    // Threads of this process may block or ignore signals; the child starts with defaults.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] {
      sigaddset(&defaults, signal)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let fullEnvironment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = fullEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard spawned == 0 else {
      throw SparkTestServer.ServerError(
        message: "cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else {
        throw SparkTestServer.ServerError(
          message: "waitpid for \(executable) failed: \(String(cString: strerror(errno)))")
      }
    }
    // WIFEXITED / WEXITSTATUS / WTERMSIG, which do not import as functions.
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }

  private typealias CloseFrom =
    @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

  /// Closes every descriptor above standard error in the child: glibc's
  /// `posix_spawn_file_actions_addclosefrom_np` (2.34+; Swift's Glibc module does not
  /// import it, so it is looked up), or else one close action per descriptor open now.
  private static func closeInheritedDescriptors(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>
  ) {
    if let symbol = dlsym(
      UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
    {
      let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
      if closeFrom(actions, 3) == 0 { return }
    }
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for fd in open.compactMap({ Int32($0) }) where fd > 2 {
      posix_spawn_file_actions_addclose(actions, fd)
    }
  }
}
