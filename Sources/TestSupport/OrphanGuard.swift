import Foundation

/// A small shell, in a session of its own, that waits for this test process to end and then
/// runs a cleanup command: a daemon a test started (a Spark server, nginx) is stopped even
/// when the test run is killed before its teardown. `cancel()` lets the guard go without
/// cleaning up, once the test has stopped the daemon itself.
public final class OrphanGuard: Sendable {
  /// While this file exists, the guard keeps watching; removing it ends the guard.
  private let marker: String

  /// Starts the guard; `cleanup` is a bash command run with `environment` added.
  public init(cleanup: String, environment: [String: String] = [:]) throws {
    marker = NSTemporaryDirectory() + "flint-orphan-guard-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: marker, contents: nil)
    let script = """
      while [ -e "$FLINT_GUARD_MARKER" ] && kill -0 "$FLINT_GUARD_PARENT" 2>/dev/null; do
        sleep 0.5
      done
      if [ -e "$FLINT_GUARD_MARKER" ]; then rm -f "$FLINT_GUARD_MARKER"; eval "$FLINT_GUARD_CLEANUP"; fi
      """
    // setsid --fork: the guard runs in a session of its own (a run killed with its process
    // group must not take the guard along), as a grandchild; setsid itself exits at once.
    let status = try DaemonLauncher.run(
      "/usr/bin/setsid", ["--fork", "/bin/bash", "-c", script],
      environment: environment.merging([
        "FLINT_GUARD_MARKER": marker, "FLINT_GUARD_PARENT": String(getpid()),
        "FLINT_GUARD_CLEANUP": cleanup,
      ]) { $1 }, outputPath: "/dev/null")
    guard status == 0 else {
      try? FileManager.default.removeItem(atPath: marker)
      throw SparkTestServer.ServerError(message: "the orphan guard did not start (\(status))")
    }
  }

  /// Ends the guard without running its cleanup (it exits within half a second).
  public func cancel() {
    try? FileManager.default.removeItem(atPath: marker)
  }
}
