import Testing

@testable import TerminalUI

@Suite struct TestTerminalTests {
  @Test @MainActor func replaysScriptedEventsThenEnds() async {
    let terminal = TestTerminal(
      size: Size(width: 80, height: 24),
      events: [
        .key(.char("a")), .key(KeyEvent(.left, modifiers: [.control, .shift])),
        .mouse(MouseEvent(.wheelDown, x: 3, y: 4)), .resize(Size(width: 100, height: 30)),
        .paste("x\ny"),
      ])
    var seen: [TerminalEvent] = []
    while let event = await terminal.nextEvent() { seen.append(event) }
    #expect(seen.count == 5)
    #expect(seen[1] == .key(KeyEvent(.left, modifiers: [.shift, .control])))
    #expect(terminal.size == Size(width: 100, height: 30))
    terminal.send(.key(KeyEvent(.function(5))))
    #expect(await terminal.nextEvent() == .key(KeyEvent(.function(5))))
  }

  @Test func keyDescriptions() {
    #expect(KeyEvent.ctrl("c").description == "Ctrl+c")
    #expect(KeyEvent(.function(12), modifiers: .shift).description == "Shift+F12")
    #expect(KeyEvent(.pageDown, modifiers: [.alt]).description == "Alt+pageDown")
  }
}
