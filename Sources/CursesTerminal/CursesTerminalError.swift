/// Why the curses terminal could not start.
public enum CursesTerminalError: Error, Hashable, Sendable {
  /// stdin or stdout is not a terminal (e.g. output piped to a file).
  case notATerminal
  /// `newterm` failed, typically an unknown TERM.
  case cannotInitialize(term: String)
  /// A second terminal was started while one is running.
  case alreadyRunning
}
