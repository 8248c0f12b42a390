import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A TCP proxy on loopback that forwards to a server and injects network faults: cut a
/// connection after a number of bytes, reset it, stall it, or refuse to connect at all.
///
/// Plain POSIX sockets and one thread per direction, so tests can break the byte stream
/// under a gRPC client at an exact point. Bytes are counted server → client ("downstream")
/// from the moment a fault is armed, over every connection; the fault fires once, on the
/// connection that carries the Nth byte, and is then disarmed.
public final class FaultProxy: @unchecked Sendable {
  // Safe: every mutable field is guarded by `lock`; sockets are only shut down, never
  // closed, while a pump thread may still use them.

  /// What to do once the armed number of downstream bytes has been forwarded.
  public enum Fault: Sendable, Equatable {
    /// Close both sockets cleanly (FIN) after `afterBytes` bytes.
    case cut(afterBytes: Int)
    /// Abort both sockets (RST) after `afterBytes` bytes.
    case reset(afterBytes: Int)
    /// Stop forwarding in both directions for `duration`, then close, after `afterBytes`.
    case stall(afterBytes: Int, duration: Duration)
  }

  /// The port the proxy listens on (127.0.0.1).
  public let port: Int
  /// A Spark Connect URL that goes through the proxy, e.g. `sc://127.0.0.1:40123`.
  public var url: String { "sc://127.0.0.1:\(port)" }

  private let targetPort: Int
  private let listener: Int32
  private let lock = NSLock()
  private var fault: Fault?
  private var armedBytes = 0
  private var downstreamTotal = 0
  private var faultsFired = 0
  private var connectionsAccepted = 0
  private var down = false
  private var stopped = false
  private var live: [Int: (client: Int32, server: Int32)] = [:]
  private var nextID = 0

  /// Listens on an ephemeral loopback port, forwarding to 127.0.0.1:`targetPort`.
  public init(targetPort: Int) throws {
    self.targetPort = targetPort
    let fd = socket(AF_INET, Self.streamType, 0)
    guard fd >= 0 else { throw ProxyError.socket("socket", errno) }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = Self.loopback(port: 0)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(fd, 64) == 0 else {
      let code = errno
      close(fd)
      throw ProxyError.socket("bind/listen", code)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    self.listener = fd
    self.port = Int(UInt16(bigEndian: address.sin_port))
    Thread.detachNewThread { [self] in acceptLoop() }
  }

  deinit { stop() }

  /// Arms a fault; downstream bytes are counted from now.
  public func inject(_ fault: Fault) {
    lock.withLock {
      self.fault = fault
      armedBytes = 0
    }
  }

  /// Server → client bytes forwarded since the proxy started.
  public var bytesForwarded: Int { lock.withLock { downstreamTotal } }
  /// How many armed faults have fired.
  public var faultsTriggered: Int { lock.withLock { faultsFired } }
  /// How many client connections were accepted (including refused ones while down).
  public var connections: Int { lock.withLock { connectionsAccepted } }

  /// While down, every live connection is reset and new ones are reset on accept: to the
  /// client the server looks gone. `setDown(false)` brings it back.
  public func setDown(_ isDown: Bool) {
    let victims = lock.withLock { () -> [(client: Int32, server: Int32)] in
      down = isDown
      return isDown ? Array(live.values) : []
    }
    for pair in victims { Self.abort(pair.client, pair.server) }
  }

  /// Stops listening and drops every connection.
  public func stop() {
    let victims = lock.withLock { () -> [(client: Int32, server: Int32)] in
      guard !stopped else { return [] }
      stopped = true
      return Array(live.values)
    }
    shutdown(listener, Int32(SHUT_RDWR))
    for pair in victims { Self.abort(pair.client, pair.server) }
  }

  // MARK: - Forwarding

  private func acceptLoop() {
    while true {
      let client = accept(listener, nil, nil)
      if client < 0 {
        if errno == EINTR { continue }
        break
      }
      let (isStopped, isDown) = lock.withLock { () -> (Bool, Bool) in
        connectionsAccepted += 1
        return (stopped, down)
      }
      if isStopped { break }
      if isDown {
        Self.abort(client, -1)
        close(client)
        continue
      }
      let server = Self.connectLoopback(port: targetPort)
      guard server >= 0 else {
        Self.abort(client, -1)
        close(client)
        continue
      }
      var one: Int32 = 1
      setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
      setsockopt(server, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
      let id = lock.withLock { () -> Int in
        nextID += 1
        live[nextID] = (client, server)
        return nextID
      }
      let finished = PumpCounter()
      let stall = StallFlag()
      let done: @Sendable () -> Void = { [self] in
        guard finished.increment() == 2 else { return }
        lock.withLock { _ = live.removeValue(forKey: id) }
        close(client)
        close(server)
      }
      Thread.detachNewThread { [self] in
        pump(from: server, to: client, downstream: true, pair: (client, server), stall: stall)
        done()
      }
      Thread.detachNewThread { [self] in
        pump(from: client, to: server, downstream: false, pair: (client, server), stall: stall)
        done()
      }
    }
    close(listener)
  }

  /// Copies bytes one way until either side closes, applying the armed fault downstream.
  private func pump(
    from source: Int32, to destination: Int32, downstream: Bool,
    pair: (client: Int32, server: Int32), stall: StallFlag
  ) {
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      if let until = stall.until {
        // Hold everything until the stall ends; then the connection is closed.
        let wait = until.timeIntervalSinceNow
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        break
      }
      var forward = count
      var action: Fault?
      if downstream {
        lock.withLock {
          downstreamTotal += count
          guard let fault else { return }
          let limit: Int
          switch fault {
          case .cut(let bytes), .reset(let bytes), .stall(let bytes, _): limit = bytes
          }
          if armedBytes + count >= limit {
            forward = max(0, limit - armedBytes)
            action = fault
            self.fault = nil
            faultsFired += 1
          } else {
            armedBytes += count
          }
        }
      }
      guard Self.writeAll(destination, buffer, count: forward) else { break }
      switch action {
      case nil:
        continue
      case .cut:
        Self.wake(pair.client, pair.server)
      case .reset:
        Self.abort(pair.client, pair.server)
      case .stall(_, let duration):
        let seconds =
          Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let until = Date(timeIntervalSinceNow: seconds)
        stall.until = until
        Thread.sleep(forTimeInterval: seconds)
      }
      break
    }
    Self.wake(pair.client, pair.server)
  }

  /// Wakes both pump threads of a connection (their reads return 0); closing the sockets
  /// afterwards sends FIN, or RST when `abort` set a zero linger.
  private static func wake(_ first: Int32, _ second: Int32) {
    for fd in [first, second] where fd >= 0 { shutdown(fd, Int32(SHUT_RD)) }
  }

  private static func writeAll(_ fd: Int32, _ buffer: [UInt8], count: Int) -> Bool {
    var sent = 0
    while sent < count {
      let n = buffer.withUnsafeBytes {
        send(fd, $0.baseAddress.map { $0 + sent }, count - sent, Int32(MSG_NOSIGNAL))
      }
      if n < 0, errno == EINTR { continue }
      guard n > 0 else { return false }
      sent += n
    }
    return true
  }

  /// Resets the sockets (SO_LINGER 0, so closing sends RST and the peer sees ECONNRESET).
  private static func abort(_ first: Int32, _ second: Int32) {
    for fd in [first, second] where fd >= 0 {
      var value = linger(l_onoff: 1, l_linger: 0)
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
    }
    wake(first, second)
  }

  private static func connectLoopback(port: Int) -> Int32 {
    let fd = socket(AF_INET, streamType, 0)
    guard fd >= 0 else { return -1 }
    var address = loopback(port: port)
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      close(fd)
      return -1
    }
    return fd
  }

  private static func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    return address
  }

  private static var streamType: Int32 {
    #if canImport(Glibc)
      Int32(SOCK_STREAM.rawValue)
    #else
      SOCK_STREAM
    #endif
  }

  /// A socket call failed with this errno.
  public enum ProxyError: Error, CustomStringConvertible {
    case socket(String, Int32)
    public var description: String {
      switch self {
      case .socket(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
      }
    }
  }
}

/// Counts finished pump threads of one connection.
private final class PumpCounter: @unchecked Sendable {
  // Safe: guarded by the lock.
  private let lock = NSLock()
  private var count = 0
  func increment() -> Int {
    lock.withLock {
      count += 1; return count
    }
  }
}

/// When a stall ends, shared by the two pump threads of one connection.
private final class StallFlag: @unchecked Sendable {
  // Safe: guarded by the lock.
  private let lock = NSLock()
  private var value: Date?
  var until: Date? {
    get { lock.withLock { value } }
    set { lock.withLock { value = newValue } }
  }
}
