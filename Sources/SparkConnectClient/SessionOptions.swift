/// How a session connects and how hard it tries. Defaults suit an interactive client.
public struct SessionOptions: Sendable {
  /// How long connecting (the first call) may take before giving up.
  public var connectTimeout: Duration = .seconds(10)
  /// The largest Arrow chunk the server should send, in bytes (Spark 4.1+ result chunking).
  public var preferredChunkSize: Int = 4 * 1024 * 1024
  /// How many bytes of decoded batches `run` lets pile up ahead of a slow consumer before it
  /// stops reading from the server (at least one batch always passes).
  public var bufferedResultBytes: Int = 32 * 1024 * 1024
  /// Where the Arrow bytes of result batches live. Default: buffers of their own.
  public var resultBuffers: ResultBuffers = .own
  /// A PEM file of CA certificates to trust instead of the system's, whenever the connection
  /// uses TLS (`ConnectionString.usesTLS`: `use_ssl=true`, or a token to another host).
  public var caCertificatePath: String?
  /// Retries of retryable failures (UNAVAILABLE, INVALID_CURSOR.DISCONNECTED, RetryInfo).
  public var retryPolicy = RetryPolicy()
  /// gRPC keepalive: ping after this much silence, give up this long after a ping. A stalled
  /// connection is detected within `keepaliveTime + keepaliveTimeout` and then retried.
  public var keepaliveTime: Duration = .seconds(60)
  public var keepaliveTimeout: Duration = .seconds(20)

  public init() {}
}

/// Where the Arrow bytes of result batches live.
public enum ResultBuffers: Sendable {
  /// Each batch in a buffer of its own, exactly its size: for keeping batches (the grid).
  case own
  /// Batches point into the gRPC messages they arrived in: one copy of every byte less, but
  /// such a buffer can be half as large again as its batch. For reading batches through and
  /// dropping them: an Arrow export, a fetch.
  case shared
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
  /// The retry budget: a wait that would end more than this long after the failures began
  /// is not started, and the last error is reported instead. With the defaults a dead
  /// server is reported after three quick retries (~1.1 s), not after Spark's ten minutes.
  public var maxElapsed: Duration = .seconds(3)

  public init() {}

  /// Whether retry number `attempt` (1-based), after waiting `delay`, still fits the budget
  /// when the failures began `elapsed` ago.
  public func allows(attempt: Int, after delay: Duration, elapsed: Duration) -> Bool {
    attempt <= maxRetries && elapsed + delay <= maxElapsed
  }

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
