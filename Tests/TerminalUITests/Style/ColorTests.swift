import Testing

@testable import TerminalUI

@Suite struct ColorTests {
  @Test func trueColorKeepsEverything() {
    #expect(Color.rgb(1, 2, 3).degraded(to: .trueColor) == .rgb(1, 2, 3))
  }

  @Test func rgbDegradesToPaletteIndex() {
    #expect(Color.rgb(255, 0, 0).degraded(to: .indexed256) == .indexed(196))
    #expect(Color.rgb(128, 128, 128).degraded(to: .indexed256) == .indexed(244))
    #expect(Color.rgb(0, 0, 0).degraded(to: .indexed256) == .indexed(16))
  }

  @Test func rgbDegradesToNamed() {
    #expect(Color.rgb(250, 10, 10).degraded(to: .ansi16) == .named(.brightRed))
    #expect(Color.rgb(250, 10, 10).degraded(to: .ansi8) == .named(.red))
    #expect(Color.indexed(46).degraded(to: .ansi16) == .named(.brightGreen))
  }

  @Test func brightNamedBecomesBaseIn8Colors() {
    #expect(Color.named(.brightBlue).degraded(to: .ansi8) == .named(.blue))
    #expect(Color.indexed(9).degraded(to: .ansi8) == .named(.red))
  }

  @Test(arguments: [Color.rgb(9, 9, 9), .indexed(3), .named(.red), .default])
  func noColorMeansDefault(color: Color) {
    #expect(color.degraded(to: .none) == .default)
  }

  @Test func stylePatchKeepsUnderlyingColours() {
    let base = Style(foreground: .red, background: .blue, attributes: .bold)
    let patched = base.patched(with: Style(background: .green, attributes: .underline))
    #expect(
      patched == Style(foreground: .red, background: .green, attributes: [.bold, .underline]))
  }
}
