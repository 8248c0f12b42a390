import Foundation
import Synchronization

@testable import FlintApp

/// An `AppClock` that stands still until the test advances it; sleepers wake when their time
/// has come (or their task is cancelled).
final class ManualClock: AppClock {
  private struct Sleeper {
    var wakeAt: Double
    var continuation: CheckedContinuation<Void, Never>
  }

  private struct State {
    var now: Double = 0
    var sleepers: [Int: Sleeper] = [:]
    var nextID = 0
  }

  private let state = Mutex(State())

  var now: Double { state.withLock { $0.now } }

  /// Moves time on by `seconds` and wakes every sleeper whose time has come.
  func advance(by seconds: Double) {
    let due = state.withLock { state -> [CheckedContinuation<Void, Never>] in
      state.now += seconds
      let now = state.now
      let ids = state.sleepers.filter { $0.value.wakeAt <= now }.map(\.key)
      return ids.compactMap { state.sleepers.removeValue(forKey: $0)?.continuation }
    }
    for continuation in due { continuation.resume() }
  }

  /// Waits (up to 5 s of real time) until something sleeps on this clock, then advances it.
  /// A ticker that has just woken posts its tick before it sleeps again: advancing in that
  /// moment would wake nobody, and its next sleep would start from the new time.
  func advanceOnceAsleep(by seconds: Double) {
    let deadline = Date().addingTimeInterval(5)
    while state.withLock({ $0.sleepers.isEmpty }), Date() < deadline { usleep(1000) }
    advance(by: seconds)
  }

  func sleep(seconds: Double) async {
    let id = state.withLock { state -> Int in
      defer { state.nextID += 1 }
      return state.nextID
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let ready = state.withLock { state -> Bool in
          if Task.isCancelled || seconds <= 0 { return true }
          state.sleepers[id] = Sleeper(wakeAt: state.now + seconds, continuation: continuation)
          return false
        }
        if ready { continuation.resume() }
      }
    } onCancel: {
      let continuation = state.withLock { $0.sleepers.removeValue(forKey: id)?.continuation }
      continuation?.resume()
    }
  }
}
