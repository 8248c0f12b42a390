import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension TestEnvironment {
  /// A program run with a time limit that did not end within it (it was killed).
  public struct TimedOut: Error, CustomStringConvertible {
    public var description: String
  }

  /// Runs a program with a time limit and returns its exit status, standard output and
  /// standard error; one still running after `timeout` seconds is killed and `TimedOut`
  /// names it (the program and its first argument, never the rest: they may hold a token).
  ///
  /// posix_spawn + waitpid, output in files: Foundation's Process was seen to miss a child's
  /// exit when many tests run at once (the child stayed a zombie and `waitUntilExit` never
  /// returned). The child gets an empty signal mask: test threads block most signals.
  public static func runBounded(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:],
    timeout: TimeInterval
  ) throws -> (status: Int32, stdout: String, stderr: String) {
    let base = NSTemporaryDirectory() + "flint-run-\(UUID().uuidString.prefix(8))"
    defer {
      try? FileManager.default.removeItem(atPath: base + ".out")
      try? FileManager.default.removeItem(atPath: base + ".err")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT, 0o600)
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
    let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    var cArguments: [UnsafeMutablePointer<CChar>?] =
      ([executable] + arguments).map { strdup($0) } + [nil]
    var cEnvironment: [UnsafeMutablePointer<CChar>?] =
      merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in cArguments { free(pointer) }
      for pointer in cEnvironment { free(pointer) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, executable, &actions, &attributes, &cArguments, &cEnvironment)
    let name = ([URL(fileURLWithPath: executable).lastPathComponent] + arguments.prefix(1))
      .joined(separator: " ")
    guard spawned == 0 else {
      throw TimedOut(description: "\(name): posix_spawn failed (\(spawned))")
    }
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    var killed = false
    while true {
      let reaped = waitpid(pid, &status, WNOHANG)
      if reaped == pid || (reaped == -1 && errno != EINTR) { break }
      if !killed && Date() > deadline {
        kill(pid, SIGKILL)
        killed = true
      }
      usleep(10_000)
    }
    let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
    let errors = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    if killed {
      throw TimedOut(
        description: "\(name) … did not end within \(timeout) s; stderr: \(errors.suffix(1000))")
    }
    let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (exitStatus, output, errors)
  }
}
