import Foundation
import Synchronization

/// Watches stdin on a dedicated thread so no curses read ever blocks the main actor.
///
/// The thread only `poll`s the file descriptor (and the window size, every 100 ms, to catch
/// a resize when no key is pressed); it never calls curses, which is not thread-safe. When
/// input is readable it calls `onWake(.input)` and then waits until the main actor has
/// drained curses (`inputConsumed()`), so it does not spin on the same bytes.
final class InputWatcher: Sendable {
  enum Reason: Sendable { case input, resize, hangup }

  private let drained = DispatchSemaphore(value: 0)
  private let stopped = Atomic<Bool>(false)
  private let fileDescriptor: Int32

  init(fileDescriptor: Int32 = STDIN_FILENO) {
    self.fileDescriptor = fileDescriptor
  }

  /// Starts the thread; `onWake` runs on it and must hop to the main actor itself.
  func start(onWake: @escaping @Sendable (Reason) -> Void) {
    let thread = Thread { [self] in run(onWake) }
    thread.name = "flint.input"
    thread.start()
  }

  /// The main actor drained the input that caused the last `.input` wake.
  func inputConsumed() { drained.signal() }

  /// Ends the thread (within 100 ms).
  func stop() {
    stopped.store(true, ordering: .sequentiallyConsistent)
    drained.signal()
  }

  private func run(_ onWake: @Sendable (Reason) -> Void) {
    var lastSize = InputWatcher.windowSize(fileDescriptor)
    while !stopped.load(ordering: .sequentiallyConsistent) {
      var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, 100)
      if stopped.load(ordering: .sequentiallyConsistent) { break }
      if ready > 0 {
        if descriptor.revents & Int16(POLLIN) == 0 {
          onWake(.hangup)  // POLLHUP / POLLERR / POLLNVAL without data
          break
        }
        onWake(.input)
        drained.wait()
      } else if ready == 0 {
        let size = InputWatcher.windowSize(fileDescriptor)
        if size != lastSize {
          lastSize = size
          onWake(.resize)
        }
      }
    }
  }

  /// (columns, rows) of the terminal on `fd`, or nil.
  static func windowSize(_ fd: Int32) -> [Int]? {
    var size = winsize()
    guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 else { return nil }
    return [Int(size.ws_col), Int(size.ws_row)]
  }
}
