import CNCurses
import Foundation
import TerminalUI

/// The `Terminal` protocol over ncursesw: full screen, wide characters, colours adapted to
/// the terminal, mouse, bracketed paste, and a terminal that is always restored.
///
/// Input design: a dedicated thread (`InputWatcher`) only polls stdin; when bytes are ready
/// it wakes the main actor, which drains `wget_wch` in non-blocking mode, decodes the batch
/// (`InputDecoder`) and lets the thread poll again. So curses is only ever called on the main
/// actor and `nextEvent()` suspends instead of blocking it.
///
/// Lifecycle: `init` takes over the terminal (`running`), `stop()` gives it back
/// (`stopped`, final). Signals and `atexit` restore it too (`TerminalRestorer`).
@MainActor
public final class CursesTerminal: Terminal {
  /// What to enable.
  public struct Options: Sendable {
    /// Report mouse presses, releases and the wheel (disables the terminal's own selection).
    public var mouse = true
    /// Ask for bracketed paste so pasted text arrives as one `.paste` event.
    public var bracketedPaste = true
    /// Environment used for NO_COLOR / COLORTERM / TERM decisions.
    public var environment = ProcessInfo.processInfo.environment

    public init() {}
  }

  private enum Lifecycle {
    /// Curses owns the screen. -> stopped
    case running
    /// The terminal is restored; nothing may draw any more. Final.
    case stopped
  }

  public private(set) var size: Size
  public let colorDepth: ColorDepth
  /// Problems noticed at start (e.g. the locale was not UTF-8); also written to stderr by
  /// `stop()`, after the screen is restored, so they stay visible.
  public private(set) var warnings: [String] = []

  private var lifecycle = Lifecycle.running
  private let options: Options
  private var decoder = InputDecoder()
  private var queue: [TerminalEvent] = []
  private let watcher = InputWatcher()
  private var colors: ColorPairs
  private var waiter: CheckedContinuation<InputWatcher.Reason, Never>?
  private var pendingWakes: [InputWatcher.Reason] = []
  private var inputEnded = false
  private var emptyDrains = 0
  private var cursorVisible = true

  /// Takes over the terminal. Throws when stdin/stdout is not a terminal or curses cannot
  /// start; the terminal is untouched then.
  public init(options: Options = Options()) throws(CursesTerminalError) {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
    guard !TerminalRestorer.active.load(ordering: .sequentiallyConsistent) else {
      throw .alreadyRunning
    }
    self.options = options
    warnings += CursesTerminal.setUTF8Locale(environment: options.environment)
    TerminalRestorer.install()
    let direct = ColorPairs.directColorTerminal(
      environment: options.environment, exists: CursesTerminal.terminfoExists)
    let fallback = CursesTerminal.fallbackTerminal(
      term: options.environment["TERM"] ?? "", exists: CursesTerminal.terminfoExists)
    if let fallback { warnings.append(fallback.warning) }
    guard
      let screen = direct.flatMap({ newterm($0, flint_stdout(), flint_stdin()) })
        ?? newterm(fallback?.name, flint_stdout(), flint_stdin())
    else {
      throw .cannotInitialize(term: options.environment["TERM"] ?? "")
    }
    set_term(screen)
    TerminalRestorer.active.store(true, ordering: .sequentiallyConsistent)
    raw()
    noecho()
    nonl()
    let window = flint_stdscr()
    keypad(window, true)
    nodelay(window, true)
    set_escdelay(25)
    curs_set(0)
    cursorVisible = false
    // COLORS is only known after start_color().
    let noColor = !(options.environment["NO_COLOR"] ?? "").isEmpty
    let started = !noColor && has_colors() && start_color() != ERR
    if started { use_default_colors() }
    let depth =
      started
      ? ColorPairs.detectDepth(
        environment: options.environment, hasColors: true, colors: Int(flint_colors()))
      : ColorDepth.none
    colorDepth = depth
    colors = ColorPairs(
      depth: depth, direct: flint_colors() >= 1 << 24, pairLimit: max(0, flint_color_pairs()))
    if options.mouse {
      mousemask(flint_all_mouse_buttons(), nil)
      mouseinterval(0)
    }
    if options.bracketedPaste {
      fputs("\u{1B}[?2004h", flint_stdout())
      fflush(flint_stdout())
    }
    size = Size(width: Int(flint_cols()), height: Int(flint_lines()))
    watcher.start { [weak self] reason in
      Task { @MainActor in self?.wake(reason) }
    }
  }

  /// The entry to use instead of `$TERM` when the host has no terminfo entry for it (a
  /// terminal's own TERM, e.g. xterm-kitty or alacritty, over SSH to a host that lacks it):
  /// xterm-256color, with a one-line warning, rather than failing to start.
  nonisolated static func fallbackTerminal(term: String, exists: (String) -> Bool)
    -> (name: String, warning: String)?
  {
    let replacement = "xterm-256color"
    guard !exists(term), exists(replacement) else { return nil }
    let shown = term.isEmpty ? "TERM is not set" : "no terminfo entry for TERM=\(term) here"
    return (replacement, "flint: \(shown); drew the screen as \(replacement)")
  }

  /// Whether a compiled terminfo entry named `name` is installed.
  nonisolated static func terminfoExists(_ name: String) -> Bool {
    guard let first = name.first, !name.contains("/") else { return false }
    let environment = ProcessInfo.processInfo.environment
    var directories = [
      "/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo",
    ]
    if let dirs = environment["TERMINFO_DIRS"] {
      directories.insert(contentsOf: dirs.split(separator: ":").map(String.init), at: 0)
    }
    if let home = environment["HOME"] {
      directories.insert(home + "/.terminfo", at: 0)
    }
    if let custom = environment["TERMINFO"] {
      directories.insert(custom, at: 0)
    }
    // Entries live under their first letter, or its hex code where file names ignore case.
    let hex = first.asciiValue.map { String($0, radix: 16) } ?? ""
    return directories.contains { directory in
      FileManager.default.fileExists(atPath: "\(directory)/\(first)/\(name)")
        || FileManager.default.fileExists(atPath: "\(directory)/\(hex)/\(name)")
    }
  }

  /// Picks the user's locale; falls back to C.UTF-8 when it is not UTF-8 (wide characters
  /// need it). Returns warnings to show after the screen is restored.
  static func setUTF8Locale(environment: [String: String]) -> [String] {
    let chosen = setlocale(LC_ALL, "").map { String(cString: $0) } ?? "C"
    if isUTF8Codeset() { return [] }
    if setlocale(LC_ALL, "C.UTF-8") != nil, isUTF8Codeset() {
      // No locale chosen at all (`env -i`, a bare container): C.UTF-8 silently.
      let chosenByUser = ["LC_ALL", "LC_CTYPE", "LANG"].contains {
        !(environment[$0] ?? "").isEmpty
      }
      guard chosenByUser else { return [] }
      return ["flint: locale \"\(chosen)\" is not UTF-8; using C.UTF-8 for the terminal"]
    }
    return ["flint: no UTF-8 locale available; wide characters may not display correctly"]
  }

  private static func isUTF8Codeset() -> Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }

  /// Restores the terminal (idempotent) and writes any warnings to stderr.
  public func stop() {
    guard case .running = lifecycle else { return }
    lifecycle = .stopped
    watcher.stop()
    TerminalRestorer.restore()
    for warning in warnings {
      try? FileHandle.standardError.write(contentsOf: Data((warning + "\n").utf8))
    }
    inputEnded = true
    waiter?.resume(returning: .hangup)
    waiter = nil
  }

  /// Runs `body` with a started terminal and restores it however `body` ends.
  public static func run<T>(
    options: Options = Options(), _ body: (CursesTerminal) async throws -> T
  ) async throws -> T {
    let terminal = try CursesTerminal(options: options)
    defer { terminal.stop() }
    return try await body(terminal)
  }

  // MARK: - Drawing

  public func draw(_ frame: ScreenBuffer, changes: [CellChange]) {
    guard case .running = lifecycle else { return }
    let window = flint_stdscr()
    var text = [wchar_t](repeating: 0, count: Int(flint_ccharw_max()) + 1)
    let maxScalars = Int(flint_ccharw_max())
    for change in changes where !change.cell.isContinuation {
      guard change.x < size.width, change.y < size.height else { continue }
      let cell = change.cell
      let attributes = ColorPairs.attributes(cell.style.attributes)
      let pair = colors.pair(for: cell.style)
      var count = 0
      // A cchar_t holds one spacing character plus combining marks; ZWJ sequences and flags
      // (several spacing characters) are drawn as their first character.
      for scalar in cell.character.unicodeScalars {
        guard count < maxScalars, scalar.value != 0x200D else { break }
        if count > 0 && flint_wcwidth(wchar_t(bitPattern: scalar.value)) != 0 { break }
        text[count] = wchar_t(bitPattern: scalar.value)
        count += 1
      }
      text[count] = 0
      let y = Int32(change.y)
      let x = Int32(change.x)
      if flint_put_cell(window, y, x, text, attributes, pair) == ERR && count > 1 {
        text[1] = 0  // curses refused the cluster (e.g. a ZWJ sequence): draw its base only
        _ = flint_put_cell(window, y, x, text, attributes, pair)
      }
      // Our width says 2 but the C library's says 1 (e.g. "❤️"): clear the second cell.
      if cell.width == 2, flint_wcwidth(text[0]) == 1, change.x + 1 < size.width {
        var space: [wchar_t] = [32, 0]
        _ = flint_put_cell(window, y, x + 1, &space, attributes, pair)
      }
    }
    if let cursor = frame.cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < size.width,
      cursor.y < size.height
    {
      wmove(window, Int32(cursor.y), Int32(cursor.x))
      if !cursorVisible {
        curs_set(1)
        cursorVisible = true
      }
    } else if cursorVisible {
      curs_set(0)
      cursorVisible = false
    }
    wrefresh(window)
  }

  /// Writes OSC 52 between frames, through the same stream curses draws on.
  public func copyToClipboard(_ text: String) {
    guard case .running = lifecycle else { return }
    fputs(OSC52.sequence(for: text), flint_stdout())
    fflush(flint_stdout())
  }

  /// Leaves curses mode (mouse reporting and bracketed paste off, the screen as the shell
  /// had it) while `body` runs, e.g. `$EDITOR`, then comes back with a cleared screen and
  /// the size re-read (the window may have been resized meanwhile). The input thread only
  /// polls, so it takes no key from the program.
  public func suspended<T>(_ body: () throws -> T) rethrows -> T {
    guard case .running = lifecycle else { return try body() }
    if options.bracketedPaste { fputs("\u{1B}[?2004l", flint_stdout()) }
    if options.mouse { mousemask(0, nil) }
    fflush(flint_stdout())
    def_prog_mode()
    endwin()
    defer {
      reset_prog_mode()
      if options.mouse { mousemask(flint_all_mouse_buttons(), nil) }
      if options.bracketedPaste { fputs("\u{1B}[?2004h", flint_stdout()) }
      fflush(flint_stdout())
      if let size = InputWatcher.windowSize(STDOUT_FILENO) {
        resizeterm(Int32(size[1]), Int32(size[0]))
      }
      clearok(flint_stdscr(), true)
      wrefresh(flint_stdscr())
      self.size = Size(width: Int(flint_cols()), height: Int(flint_lines()))
      cursorVisible = true
    }
    return try body()
  }

  // MARK: - Input

  public func nextEvent() async -> TerminalEvent? {
    while true {
      if !queue.isEmpty { return queue.removeFirst() }
      if inputEnded { return nil }
      let reason: InputWatcher.Reason
      if !pendingWakes.isEmpty {
        reason = pendingWakes.removeFirst()
      } else {
        reason = await withCheckedContinuation { waiter = $0 }
      }
      guard case .running = lifecycle else { return nil }
      switch reason {
      case .input:
        let drainedAnything = drain()
        watcher.inputConsumed()
        // Readable but nothing to read, again and again: stdin was closed.
        emptyDrains = drainedAnything ? 0 : emptyDrains + 1
        if emptyDrains > 50 { inputEnded = true }
      case .resize:
        if !drain() { noteResize() }
      case .hangup:
        inputEnded = true
      }
    }
  }

  private func wake(_ reason: InputWatcher.Reason) {
    if let waiter {
      self.waiter = nil
      waiter.resume(returning: reason)
    } else {
      pendingWakes.append(reason)
    }
  }

  /// Reads everything curses has now; returns whether anything was read.
  private func drain() -> Bool {
    let window = flint_stdscr()
    var readAnything = false
    while true {
      var character: wint_t = 0
      let status = wget_wch(window, &character)
      if status == ERR { break }
      readAnything = true
      if status == KEY_CODE_YES {
        let code = Int32(bitPattern: UInt32(character))
        if code == KEY_RESIZE {
          size = Size(width: Int(flint_cols()), height: Int(flint_lines()))
          clearok(window, true)
          queue += decoder.feed(.resize(size))
        } else if code == KEY_MOUSE {
          if let mouse = readMouse() { queue += mouse.flatMap { decoder.feed(.mouse($0)) } }
        } else if let key = CursesKeyMap.event(for: code) {
          queue += decoder.feed(.key(key))
        }
      } else if let scalar = Unicode.Scalar(UInt32(character)) {
        queue += decoder.feed(.scalar(scalar))
      }
    }
    queue += decoder.endOfBatch()
    return readAnything
  }

  /// A resize the watcher saw but curses did not report: resize curses ourselves.
  private func noteResize() {
    guard let dimensions = InputWatcher.windowSize(STDOUT_FILENO), dimensions.count == 2 else {
      return
    }
    let newSize = Size(width: dimensions[0], height: dimensions[1])
    guard newSize != size, newSize.width > 0, newSize.height > 0 else { return }
    resize_term(Int32(newSize.height), Int32(newSize.width))
    clearok(flint_stdscr(), true)
    size = newSize
    queue += decoder.feed(.resize(newSize))
  }

  private var lastPress: (button: MouseEvent.Button, position: Point)?

  /// Decodes one curses mouse report into press / release (+ click) / wheel events.
  private func readMouse() -> [MouseEvent]? {
    var event = MEVENT()
    guard getmouse(&event) == OK else { return nil }
    let state = event.bstate
    var modifiers: KeyModifiers = []
    if state & flint_button_shift() != 0 { modifiers.insert(.shift) }
    if state & flint_button_ctrl() != 0 { modifiers.insert(.control) }
    if state & flint_button_alt() != 0 { modifiers.insert(.alt) }
    let x = Int(event.x)
    let y = Int(event.y)
    if state & flint_button_pressed(4) != 0 {
      return [MouseEvent(.wheelUp, x: x, y: y, modifiers: modifiers)]
    }
    if state & flint_button_pressed(5) != 0 {
      return [MouseEvent(.wheelDown, x: x, y: y, modifiers: modifiers)]
    }
    let buttons: [(Int32, MouseEvent.Button)] = [(1, .left), (2, .middle), (3, .right)]
    for (number, button) in buttons {
      if state & flint_button_pressed(number) != 0 {
        lastPress = (button, Point(x: x, y: y))
        return [MouseEvent(.press(button), x: x, y: y, modifiers: modifiers)]
      }
      if state & flint_button_released(number) != 0 {
        var events = [MouseEvent(.release(button), x: x, y: y, modifiers: modifiers)]
        if let press = lastPress, press.button == button, press.position == Point(x: x, y: y) {
          events.append(MouseEvent(.click(button), x: x, y: y, modifiers: modifiers))
        }
        lastPress = nil
        return events
      }
      if state & flint_button_clicked(number) != 0 {
        return [MouseEvent(.click(button), x: x, y: y, modifiers: modifiers)]
      }
    }
    return nil
  }
}
