import Foundation

/// The app's sense of time: the seconds `update` is given and the ticker's sleep. The
/// explorer uses `SystemClock`; tests pass a clock they advance, so a test steps time instead
/// of waiting for it.
public protocol AppClock: Sendable {
  /// Seconds since this clock started.
  var now: Double { get }
  /// Returns once `seconds` of this clock's time have passed (or the task is cancelled).
  func sleep(seconds: Double) async
}

/// Wall time since the clock was made.
public struct SystemClock: AppClock {
  private let start = ContinuousClock.now

  public init() {}

  public var now: Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }

  public func sleep(seconds: Double) async {
    try? await Task.sleep(for: .milliseconds(Int(max(0, seconds) * 1000)))
  }
}
