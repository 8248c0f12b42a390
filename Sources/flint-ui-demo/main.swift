// flint-ui-demo: a small full-screen program over CursesTerminal, used by the tmux smoke test
// and as a render benchmark.
//
//   flint-ui-demo                 interactive demo (Ctrl-Q quits, exit status 0)
//   flint-ui-demo --throw-on-key  throws on the first key (checks restore on error, status 2)
//   flint-ui-demo --bench         headless benchmark of render + diff at 200x60
import CursesTerminal
import Foundation
import TerminalUI

let arguments = CommandLine.arguments.dropFirst()

if arguments.contains("--bench") {
  Benchmark.run()
  exit(0)
}

@MainActor
func runDemo() async throws {
  try await CursesTerminal.run { terminal in
    var app = DemoApp(size: terminal.size)
    app.throwOnKey = arguments.contains("--throw-on-key")
    app.colorDepth = terminal.colorDepth
    app.layoutViewports()
    let presenter = FramePresenter(terminal: terminal)
    presenter.present(app.render())
    while let event = await terminal.nextEvent() {
      guard try app.handle(event) else { break }
      if case .resize = event { presenter.invalidate() }
      presenter.present(app.render())
    }
  }
}

do {
  try await runDemo()
} catch {
  FileHandle.standardError.write(Data("flint-ui-demo: \(error)\n".utf8))
  exit(2)
}
