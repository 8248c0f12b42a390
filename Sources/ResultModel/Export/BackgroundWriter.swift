import Foundation

/// Writes full buffers to a file descriptor on a thread of its own, one buffer at a time, so
/// whoever fills them (the text encoders) goes on with the next while the OS copies this one.
///
/// Two buffers take turns: `submit(_:)` waits until the previous write is done, hands the
/// filled buffer over and gives back the emptied one, so memory stays at two buffers. A failed
/// write is reported (its errno) by the next `submit` or by `finish()`, and nothing more is
/// written after it. `finish()` waits for the last write and ends the thread; it must be called
/// before the descriptor is closed (`SafeFileOutput` does, on every path).
///
/// `@unchecked Sendable`: every field is read and written with `condition` locked.
final class BackgroundWriter: @unchecked Sendable {
  private enum State {
    /// Waiting for a buffer (`spare` holds the emptied one).
    case idle
    /// `pending` is being written.
    case writing
    /// A write failed with this errno; later buffers are dropped.
    case failed(Int32)
    /// `finish()` was called; the thread has ended or is ending.
    case finished
  }

  private let condition = NSCondition()
  private let descriptor: Int32
  private var state = State.idle
  private var pending: [UInt8] = []
  private var spare: [UInt8] = []
  private var stopping = false

  init(descriptor: Int32, capacity: Int) {
    self.descriptor = descriptor
    spare.reserveCapacity(capacity)
    let thread = Thread { [self] in run() }
    thread.name = "flint-export-writer"
    thread.start()
  }

  /// Hands `buffer` over to be written and replaces it with an empty one; the errno of an
  /// earlier failed write instead, if there was one (then `buffer` is left as it is).
  func submit(_ buffer: inout [UInt8]) -> Int32? {
    condition.lock()
    defer { condition.unlock() }
    while case .writing = state { condition.wait() }
    switch state {
    case .failed(let code): return code
    case .finished: return EBADF
    case .idle, .writing: break
    }
    swap(&pending, &buffer)
    swap(&buffer, &spare)
    state = .writing
    condition.broadcast()
    return nil
  }

  /// Waits for the last write and ends the thread; the errno of a failed write, if any.
  @discardableResult
  func finish() -> Int32? {
    condition.lock()
    defer { condition.unlock() }
    while case .writing = state { condition.wait() }
    var result: Int32?
    if case .failed(let code) = state { result = code }
    state = .finished
    stopping = true
    condition.broadcast()
    return result
  }

  private func run() {
    condition.lock()
    while true {
      while !stopping, !isWriting { condition.wait() }
      if stopping {
        condition.unlock()
        return
      }
      var bytes: [UInt8] = []
      swap(&bytes, &pending)
      condition.unlock()
      let failure = bytes.withUnsafeBytes { SafeFileOutput.writeAll(descriptor, $0) }
      bytes.removeAll(keepingCapacity: true)
      condition.lock()
      spare = bytes
      if let failure { state = .failed(failure) } else { state = .idle }
      condition.broadcast()
    }
  }

  private var isWriting: Bool {
    if case .writing = state { return true }
    return false
  }
}
