import Foundation
import ResultModel
import SparkConnectClient
import TerminalUI

/// Input routing: an open overlay gets every key; otherwise a key's action is looked up in
/// the focused pane's keymap, then the global one; global actions happen here, the others go
/// to the focused pane, and a key no action claims goes to the pane's widget.
extension AppState {
  mutating func handleTerminal(_ event: TerminalEvent) -> [Effect] {
    switch event {
    case .resize(let newSize):
      size = newSize
      return []
    case .paste(let text):
      switch overlay {
      case .search(var prompt):
        prompt.paste(text)
        overlay = .search(prompt)
      case .export(let dialog):
        pasteIntoExportDialog(text, dialog)
      case .step(var step):
        step.prompt.paste(text)
        overlay = .step(step)
      case .parameters(var form):
        form.fields[form.focused].paste(
          text.split(whereSeparator: \.isNewline).joined(separator: " "))
        overlay = .parameters(form)
      case nil where focus == .editor:
        editorPane.paste(text)
      default:
        break
      }
      return []
    case .mouse(let mouse):
      handleMouse(mouse)
      return []
    case .key(let key):
      return handleKey(key)
    }
  }

  var context: Keymap.Context {
    switch focus {
    case .catalog: .catalog
    case .editor: .editor
    case .results: .results
    }
  }

  mutating func handleKey(_ key: KeyEvent) -> [Effect] {
    if overlay != nil { return handleOverlayKey(key) }
    let action = keymap.action(for: key, in: context)
    // Filtering the catalog: typing goes to the filter.
    if focus == .catalog, action != .quit, action != .runStatement,
      catalog.handleFilterKey(key)
    {
      return []
    }
    // Ctrl-X Ctrl-E (bash, zsh): the query in the user's editor. Ctrl-X alone cuts a
    // selection; without one it waits for the E.
    if focus == .editor && editorPane.awaitsCtrlXSecondKey {
      editorPane.awaitsCtrlXSecondKey = false
      if key == .ctrl("e") { return openExternalEditor() }
    } else if focus == .editor && key == .ctrl("x") && editorPane.editor.selection == nil {
      editorPane.awaitsCtrlXSecondKey = true
      return []
    }
    // Ctrl-C copies in the editor unless a query runs.
    if focus == .editor && key == .ctrl("c") && !tabs.contains(where: { $0.phase.isActive }) {
      editorPane.handle(key)
      return []
    }
    if let action, let effects = perform(action, key: key) { return effects }
    switch focus {
    case .editor: editorPane.handle(key)
    case .catalog: return fulfil(catalog.handle(key))
    case .results: results.handle(key, formatter: formatter)
    }
    return []
  }

  /// Performs a bound action; nil when it does not apply here (the key falls through).
  mutating func perform(_ action: Action, key: KeyEvent) -> [Effect]? {
    switch action {
    case .quit: return quit()
    case .focusNext:
      focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count) ?? .editor
      return []
    case .focusPrevious:
      focus =
        Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count) ?? .editor
      return []
    case .zoom:
      zoomed.toggle()
      return []
    case .help:
      var view = TextView(text: keymap.helpLines(for: context).joined(separator: "\n"))
      view.wraps = false
      overlay = .help(view)
      return []
    case .cancel:
      completionWait = nil
      let effects = cancel()
      if effects.isEmpty && key.key == .escape {
        if focus == .catalog { catalog.clearFilter() }
        message = nil
        editorPane.clearError()
      }
      return effects
    case .runStatement: return runStatement()
    case .runAll: return runAll()
    case .explain: return explain()
    case .runMetrics:
      showMetrics()
      return []
    case .externalEditor: return openExternalEditor()
    case .export where focus == .results: return openExportDialog()
    case .filterExpression where focus == .results: return openStepPrompt(.filter)
    case .sample where focus == .results: return openStepPrompt(.sample)
    case .profile where focus == .results: return profile()
    case .complete where focus == .editor: return complete()
    case .refresh where focus == .catalog:
      names.clear()
      completionWait = nil
    default: break
    }
    let requests: [PaneRequest]?
    switch focus {
    case .editor: requests = editorPane.perform(action)
    case .results: requests = results.perform(action, formatter: formatter, maxRows: maxRows)
    case .catalog: requests = catalog.perform(action, maxRows: maxRows)
    }
    return requests.map { fulfil($0) }
  }

  // MARK: - Overlays

  mutating func handleOverlayKey(_ key: KeyEvent) -> [Effect] {
    if key == .ctrl("q") { return quit() }
    switch overlay {
    case .help(var view):
      overlay = view.handle(key) ? .help(view) : nil
    case .inspector(let title, var view, let copyText):
      if key == .char("y") {
        message = "copied value"
        return [.copyToClipboard(copyText)]
      }
      if view.handle(key) {
        overlay = .inspector(title: title, view, copyText: copyText)
      } else if key.key == .escape || key.key == .enter || key == .char("q") {
        overlay = nil
      }
    case .search(var prompt):
      switch prompt.handle(key) {
      case .submitted(let text):
        overlay = nil
        return fulfil(results.search(for: text, formatter: formatter))
      case .cancelled:
        overlay = nil
      default:
        overlay = .search(prompt)
      }
    case .export(let dialog):
      return handleExportKey(key, dialog)
    case .step(let prompt):
      return handleStepPromptKey(key, prompt)
    case .profile(let view):
      return handleProfileKey(key, view)
    case .parameters(let form):
      return handleParameterKey(key, form)
    case .plan(let view):
      return handlePlanKey(key, view)
    case .completion(var completion):
      switch key.key {
      case .up: completion.selected = max(0, completion.selected - 1)
      case .down:
        completion.selected = min(completion.candidates.count - 1, completion.selected + 1)
      case .enter, .tab:
        overlay = nil
        completionWait = nil
        editorPane.acceptCompletion(
          completion.candidates[completion.selected], context: completion.context)
        return []
      case .escape:
        overlay = nil
        completionWait = nil
        return []
      default:
        overlay = nil
        return handleKey(key)
      }
      overlay = .completion(completion)
    case nil:
      break
    }
    return []
  }

  // MARK: - Mouse

  /// A click focuses the pane under it (and in the grid selects the cell drawn there); the
  /// wheel scrolls the pane under the pointer.
  mutating func handleMouse(_ mouse: MouseEvent) {
    guard overlay == nil else { return }
    let layout = self.layout
    let pane = Pane.allCases.first { layout.rect(of: $0).contains(mouse.position) }
    switch mouse.kind {
    case .press(.left), .click(.left):
      guard let pane else { return }
      focus = pane
      if pane == .results {
        let grid = Layout.resultParts(layout.results).grid
        results.click(at: mouse.position, gridArea: grid, formatter: formatter)
      }
    case .wheelUp, .wheelDown:
      let down = mouse.kind == .wheelDown
      switch pane {
      case .results?: results.scroll(down: down, formatter: formatter)
      case .catalog?: for _ in 0..<3 { _ = catalog.handle(KeyEvent(down ? .down : .up)) }
      case .editor?: for _ in 0..<3 { editorPane.handle(KeyEvent(down ? .down : .up)) }
      case nil: break
      }
    default:
      break
    }
  }
}
