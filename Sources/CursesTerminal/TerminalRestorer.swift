import CNCurses
import Foundation
import Synchronization

/// Puts the terminal back the way the shell expects it, whatever ends the program: normal
/// exit (atexit), `stop()`, or a fatal signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT and crash
/// signals), where the handler restores the terminal, resets the default action and re-raises
/// so the exit status still tells what happened.
enum TerminalRestorer {
  /// Whether curses currently owns the terminal. Atomic because signal handlers read it.
  static let active = Atomic<Bool>(false)

  /// Escape sequences ncurses does not undo itself: bracketed paste off. Built once, before
  /// any handler is installed, so the handler does not allocate.
  static let resetSequence: [UInt8] = Array("\u{1B}[?2004l".utf8)

  static let fatalSignals: [Int32] = [
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP,
  ]

  /// Installs the handlers and the atexit hook (idempotent).
  static func install() {
    _ = resetSequence.count  // initialise the global before a handler may need it
    installOnce
  }

  private static let installOnce: Void = {
    atexit { TerminalRestorer.restore() }
    for signalNumber in fatalSignals {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { signalNumber in
        TerminalRestorer.restore()
        signal(signalNumber, SIG_DFL)
        raise(signalNumber)
      }
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      sigaction(signalNumber, &action, nil)
    }
  }()

  /// Leaves curses mode if it is active (safe to call many times, from a signal handler).
  static func restore() {
    guard active.exchange(false, ordering: .sequentiallyConsistent) else { return }
    resetSequence.withUnsafeBufferPointer { bytes in
      _ = write(STDOUT_FILENO, bytes.baseAddress, bytes.count)
    }
    _ = mousemask(0, nil)
    endwin()
  }
}
