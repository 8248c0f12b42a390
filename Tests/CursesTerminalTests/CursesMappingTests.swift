import CNCurses
import Testing

@testable import CursesTerminal
@testable import TerminalUI

@Suite struct CursesMappingTests {
  @Test(arguments: [
    ("kLFT5", KeyEvent(.left, modifiers: .control)), ("kRIT3", KeyEvent(.right, modifiers: .alt)),
    ("kUP2", KeyEvent(.up, modifiers: .shift)),
    ("kDC6", KeyEvent(.delete, modifiers: [.control, .shift])),
    ("kHOM7", KeyEvent(.home, modifiers: [.control, .alt])),
    ("kNXT5", KeyEvent(.pageDown, modifiers: .control)),
  ])
  func extendedKeyNames(name: String, expected: KeyEvent) {
    #expect(CursesKeyMap.extendedKey(named: name) == expected)
  }

  @Test func unknownExtendedNames() {
    #expect(CursesKeyMap.extendedKey(named: "kLFT") == nil)
    #expect(CursesKeyMap.extendedKey(named: "kFOO5") == nil)
    #expect(CursesKeyMap.extendedKey(named: "") == nil)
  }

  @Test func standardKeys() {
    #expect(CursesKeyMap.standardKey(KEY_UP) == KeyEvent(.up))
    #expect(CursesKeyMap.standardKey(KEY_SLEFT) == KeyEvent(.left, modifiers: .shift))
    #expect(CursesKeyMap.standardKey(flint_key_f(1)) == KeyEvent(.function(1)))
    #expect(CursesKeyMap.standardKey(flint_key_f(12)) == KeyEvent(.function(12)))
    #expect(CursesKeyMap.standardKey(flint_key_f(14)) == KeyEvent(.function(2), modifiers: .shift))
    #expect(
      CursesKeyMap.standardKey(flint_key_f(25)) == KeyEvent(.function(1), modifiers: .control))
  }

  @Test func colorDepthDetection() {
    let plain: [String: String] = [:]
    #expect(ColorPairs.detectDepth(environment: plain, hasColors: true, colors: 256) == .indexed256)
    #expect(
      ColorPairs.detectDepth(environment: plain, hasColors: true, colors: 1 << 24) == .trueColor)
    #expect(ColorPairs.detectDepth(environment: plain, hasColors: true, colors: 8) == .ansi8)
    #expect(ColorPairs.detectDepth(environment: plain, hasColors: true, colors: 16) == .ansi16)
    #expect(ColorPairs.detectDepth(environment: plain, hasColors: false, colors: 256) == .none)
    #expect(
      ColorPairs.detectDepth(environment: ["NO_COLOR": "1"], hasColors: true, colors: 256) == .none)
    #expect(
      ColorPairs.detectDepth(environment: ["NO_COLOR": ""], hasColors: true, colors: 256)
        == .indexed256)
    #expect(
      ColorPairs.detectDepth(environment: ["COLORTERM": "truecolor"], hasColors: true, colors: 256)
        == .indexed256)
  }

  /// A TERM the host has no entry for (a terminal's own TERM over SSH) draws as
  /// xterm-256color with one warning; an installed TERM is used as it is.
  @Test func missingTerminfoFallsBackToXterm256Color() {
    let installed: (String) -> Bool = { $0 == "xterm-256color" || $0 == "screen" }
    #expect(CursesTerminal.fallbackTerminal(term: "screen", exists: installed) == nil)
    let kitty = CursesTerminal.fallbackTerminal(term: "xterm-kitty", exists: installed)
    #expect(kitty?.name == "xterm-256color")
    #expect(
      kitty?.warning
        == "flint: no terminfo entry for TERM=xterm-kitty here; drew the screen as xterm-256color")
    #expect(
      CursesTerminal.fallbackTerminal(term: "", exists: installed)?.warning
        == "flint: TERM is not set; drew the screen as xterm-256color")
    // Without xterm-256color either, curses reports the unknown TERM as before.
    #expect(CursesTerminal.fallbackTerminal(term: "xterm-kitty", exists: { _ in false }) == nil)
    #expect(CursesTerminal.terminfoExists("xterm-256color"))
    #expect(!CursesTerminal.terminfoExists("flint-no-such-terminal"))
    #expect(!CursesTerminal.terminfoExists("../x/xterm"))
  }

  @Test func directColorTerminalChoice() {
    let installed: (String) -> Bool = { $0 == "xterm-direct" || $0 == "tmux-direct" }
    let none: (String) -> Bool = { _ in false }
    #expect(
      ColorPairs.directColorTerminal(
        environment: ["COLORTERM": "truecolor", "TERM": "xterm-256color"], exists: installed)
        == "xterm-direct")
    #expect(
      ColorPairs.directColorTerminal(
        environment: ["COLORTERM": "24bit", "TERM": "tmux-256color"], exists: installed)
        == "tmux-direct")
    #expect(
      ColorPairs.directColorTerminal(
        environment: ["COLORTERM": "truecolor", "TERM": "xterm-256color"], exists: none)
        == nil)
    #expect(
      ColorPairs.directColorTerminal(environment: ["TERM": "xterm-256color"], exists: installed)
        == nil)
    #expect(
      ColorPairs.directColorTerminal(
        environment: ["COLORTERM": "truecolor", "TERM": "xterm-256color", "NO_COLOR": "1"],
        exists: installed) == nil)
    #expect(
      ColorPairs.directColorTerminal(
        environment: ["COLORTERM": "truecolor", "TERM": "xterm-direct"], exists: installed)
        == nil)
  }

  @Test func colorNumbers() {
    let palette = ColorPairs(depth: .indexed256, direct: false, pairLimit: 256)
    #expect(palette.colorNumber(.default) == -1)
    #expect(palette.colorNumber(.named(.brightRed)) == 9)
    #expect(palette.colorNumber(.rgb(255, 0, 0)) == 196)
    let direct = ColorPairs(depth: .trueColor, direct: true, pairLimit: 1000)
    #expect(direct.colorNumber(.rgb(1, 2, 3)) == 0x010203)
    #expect(direct.colorNumber(.named(.red)) == 1)
    #expect(direct.colorNumber(.indexed(196)) == 0xFF0000)
    let mono = ColorPairs(depth: .none, direct: false, pairLimit: 0)
    #expect(mono.colorNumber(.red) == -1)
  }
}
