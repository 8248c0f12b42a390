import Foundation

/// A network namespace of this test process's own, joined to this machine by a veth pair: a
/// host that is not loopback (e.g. `10.231.17.2`) but is on this machine, for tests of what a
/// client does with "another machine" without sending anything to a real network.
///
/// Needs root and `ip netns` (iproute2); creating one fails with a message saying so rather
/// than letting the test skip. The namespace and the veth pair are named after the process
/// id, the /30 subnet is one that no interface on this machine uses yet, and `remove()` (or
/// an `OrphanGuard`, should this process die first) deletes both.
public final class NetworkNamespace: @unchecked Sendable {
  // Safe: every field is set once in init; `remove()` is idempotent through `lock`.

  /// The namespace's name (`flint-<pid>-<random>`).
  public let name: String
  /// The address on this side of the veth pair (the root namespace).
  public let hostAddress: String
  /// The namespace's address: "another machine" as far as any client can tell.
  public let address: String
  private let hostInterface: String
  private let lock = NSLock()
  private var removed = false
  private var orphanGuard: OrphanGuard?

  /// Creates the namespace and the veth pair and brings both ends up.
  public init() throws {
    guard getuid() == 0 else {
      throw Failure(
        "a network namespace needs root (tests that need another host run as root here and in CI)"
      )
    }
    guard
      let probe = try? TestEnvironment.runBounded(
        "/usr/bin/env", ["ip", "netns", "list"], timeout: 20),
      probe.status == 0
    else {
      throw Failure(
        "`ip netns` is not available (apt-get install iproute2); this test needs a network namespace"
      )
    }
    let pid = getpid()
    let tag = UUID().uuidString.prefix(4).lowercased()
    name = "flint-\(pid)-\(tag)"
    hostInterface = "fl\(pid % 100_000)\(tag.prefix(2))a"
    let peer = String(hostInterface.dropLast()) + "b"
    let used =
      (try? TestEnvironment.runBounded("/usr/bin/env", ["ip", "-4", "-o", "addr"], timeout: 20)
        .stdout) ?? ""
    var third = Int(pid % 250)
    for _ in 0..<250 where used.contains("10.231.\(third).") { third = (third + 1) % 250 }
    hostAddress = "10.231.\(third).1"
    address = "10.231.\(third).2"
    orphanGuard = try OrphanGuard(
      cleanup: "ip netns delete \(name) 2>/dev/null; ip link delete \(hostInterface) 2>/dev/null")
    let steps: [[String]] = [
      ["netns", "add", name],
      ["link", "add", hostInterface, "type", "veth", "peer", "name", peer],
      ["link", "set", peer, "netns", name],
      ["addr", "add", "\(hostAddress)/30", "dev", hostInterface],
      ["link", "set", hostInterface, "up"],
      ["netns", "exec", name, "ip", "addr", "add", "\(address)/30", "dev", peer],
      ["netns", "exec", name, "ip", "link", "set", peer, "up"],
      ["netns", "exec", name, "ip", "link", "set", "lo", "up"],
    ]
    for step in steps {
      let result = try TestEnvironment.runBounded("/usr/bin/env", ["ip"] + step, timeout: 20)
      guard result.status == 0 else {
        remove()
        throw Failure("ip \(step.joined(separator: " ")) failed: \(result.stderr)")
      }
    }
  }

  deinit { remove() }

  /// The command line that runs `arguments` inside the namespace.
  public func command(_ arguments: [String]) -> [String] {
    ["ip", "netns", "exec", name] + arguments
  }

  /// Deletes the namespace (which takes its end of the veth pair along) and this side's end.
  public func remove() {
    let first = lock.withLock {
      defer { removed = true }
      return !removed
    }
    guard first else { return }
    _ = try? TestEnvironment.runBounded(
      "/usr/bin/env", ["ip", "netns", "delete", name], timeout: 20)
    _ = try? TestEnvironment.runBounded(
      "/usr/bin/env", ["ip", "link", "delete", hostInterface], timeout: 20)
    orphanGuard?.cancel()
  }

  /// Why the namespace could not be made.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = "network namespace: " + description }
  }
}
