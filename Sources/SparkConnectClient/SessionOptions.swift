/// How a session connects and how hard it tries. Defaults suit an interactive client.
public struct SessionOptions: Sendable {
  /// How long connecting (the first call) may take before giving up.
  public var connectTimeout: Duration = .seconds(10)
  /// The largest Arrow chunk the server should send, in bytes (Spark 4.1+ result chunking).
  public var preferredChunkSize: Int = 4 * 1024 * 1024
  /// A PEM file of CA certificates to trust instead of the system's, for `use_ssl=true`.
  public var caCertificatePath: String?
  /// Retries of retryable failures (UNAVAILABLE, INVALID_CURSOR.DISCONNECTED, RetryInfo).
  public var retryPolicy = RetryPolicy()
  /// gRPC keepalive: ping after this much silence, give up this long after a ping.
  public var keepaliveTime: Duration = .seconds(60)
  public var keepaliveTimeout: Duration = .seconds(20)

  public init() {}
}

/// Spark's client retry policy: exponential backoff with jitter, bounded.
public struct RetryPolicy: Sendable {
  public var maxRetries = 15
  public var initialBackoff: Duration = .milliseconds(50)
  public var multiplier = 4.0
  public var maxBackoff: Duration = .seconds(60)
  /// Jitter (0 to this) is added once the backoff reaches `jitterThreshold`.
  public var jitter: Duration = .milliseconds(500)
  public var jitterThreshold: Duration = .seconds(2)
  /// Give up retrying once this much time has passed since the execution began
  /// (a dead server should be reported promptly, not after ten minutes).
  public var maxElapsed: Duration = .seconds(5)

  public init() {}

  /// The wait before retry number `attempt` (1-based), honouring a server-given delay.
  public func delay(forAttempt attempt: Int, serverDelay: Duration? = nil) -> Duration {
    var wait = initialBackoff
    for _ in 1..<max(1, attempt) {
      wait = min(maxBackoff, wait * multiplier)
    }
    if wait >= jitterThreshold {
      let jitterMilliseconds = Int64.random(in: 0...max(0, jitter.milliseconds))
      wait += .milliseconds(jitterMilliseconds)
    }
    if let serverDelay { wait = max(wait, min(serverDelay, .seconds(600))) }
    return wait
  }
}

extension Duration {
  /// Whole milliseconds.
  var milliseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }
}
