import Foundation
import SparkConnectClient
import TerminalUI

/// The prompt a step needs: `|` asks for a filter expression, `%` for a fraction.
public struct StepPrompt: Sendable {
  public enum Kind: Sendable, Equatable {
    /// A Spark SQL boolean expression, checked by Spark before the view is pushed.
    case filter
    /// A fraction of the rows: `1%`, `0.5 %` or `0.01`.
    case sample
  }

  public var kind: Kind
  public var prompt: Prompt
  /// The tab (by its query id) the step goes on.
  public var queryID: Int
  /// The id of the analysis under way (a filter is checked before it is pushed).
  public var checking: Int?
  /// Why the last answer was refused (Spark's error class and message).
  public var error: String?

  /// The prompt's width on a wide enough screen.
  static let width = 76

  static let filterHint = "Spark SQL, e.g. fare > 20 AND payment <> 'cash' · Enter keep · Esc"
  static let sampleHint = "a fraction: 1%, 0.5% or 0.01 · Enter sample · Esc"
}

extension AppState {
  /// `|` and `%`: asks for the step's argument about the shown tab.
  mutating func openStepPrompt(_ kind: StepPrompt.Kind) -> [Effect] {
    guard let tab = currentTab, tab.explorationBase != nil else {
      message = "run a query first: steps build on a result"
      return []
    }
    let prompt =
      kind == .filter
      ? Prompt(title: "Keep rows where", hint: StepPrompt.filterHint)
      : Prompt(title: "Sample of the rows", text: "1%", hint: StepPrompt.sampleHint)
    overlay = .step(StepPrompt(kind: kind, prompt: prompt, queryID: tab.queryID))
    return []
  }

  mutating func handleStepPromptKey(_ key: KeyEvent, _ step: StepPrompt) -> [Effect] {
    var step = step
    switch step.prompt.handle(key) {
    case .cancelled?:
      overlay = nil
      return []
    case .submitted(let text)?:
      let text = text.trimmingCharacters(in: .whitespaces)
      guard !text.isEmpty else {
        overlay = nil
        return []
      }
      guard let tab = results.tab(step.queryID), let base = tab.explorationBase else {
        overlay = nil
        message = "the tab's view changed; ask again"
        return []
      }
      switch step.kind {
      case .filter:
        // Spark checks the expression first: a wrong one leaves the stack as it is.
        let id = results.takeID()
        step.checking = id
        step.error = nil
        step.prompt.hint = "checking with Spark…"
        overlay = .step(step)
        return [.checkPlan(id: id, base.pushing(.filter(.expression(text))))]
      case .sample:
        guard let fraction = Self.fraction(text) else {
          step.error = "not a fraction: write 1%, 0.5% or 0.01"
          step.prompt.hint = step.error ?? ""
          overlay = .step(step)
          return []
        }
        overlay = nil
        return fulfil(results.sample(fraction, maxRows: maxRows))
      }
    case nil:
      if step.error != nil, step.checking == nil {
        // Typing again: the hint comes back in place of the old error.
        step.error = nil
        step.prompt.hint = step.kind == .filter ? StepPrompt.filterHint : StepPrompt.sampleHint
      }
      overlay = .step(step)
      return []
    }
  }

  /// Spark analysed the filtered plan: pushed when it resolves, else its error is shown in the
  /// prompt (with a caret under the position Spark named) and nothing changes.
  mutating func planChecked(id: Int, _ result: Result<SparkSchema, SparkError>) -> [Effect] {
    guard case .step(var step) = overlay, step.checking == id else { return [] }
    step.checking = nil
    let text = step.prompt.text.trimmingCharacters(in: .whitespaces)
    switch result {
    case .success:
      overlay = nil
      guard let index = results.tabs.firstIndex(where: { $0.queryID == step.queryID }) else {
        return []
      }
      results.selectedTab = index
      return fulfil(results.push(.filter(.expression(text)), maxRows: maxRows))
    case .failure(let error):
      let statement = SQLScript.Statement(text: text, offset: 0)
      let located = error.located(in: statement, of: text)
      let wrapped: [String] = TextWrap.lines(Self.oneLine(error), width: StepPrompt.width - 2)
      var lines = Array(wrapped.prefix(4))
      if let start = located.queryContexts.first?.startIndex, start >= 0,
        start < step.prompt.text.count
      {
        let leading = step.prompt.text.count - step.prompt.text.drop(while: \.isWhitespace).count
        lines.insert(String(repeating: " ", count: start + leading) + "^", at: 0)
      }
      let line = lines.joined(separator: "\n")
      step.error = line
      step.prompt.hint = line
      overlay = .step(step)
      return []
    }
  }

  /// `1%`, `0.5 %`, `0.01` → a fraction in (0, 1]; nil for anything else.
  static func fraction(_ text: String) -> Double? {
    var text = text.trimmingCharacters(in: .whitespaces)
    var scale = 1.0
    if text.hasSuffix("%") {
      text = String(text.dropLast()).trimmingCharacters(in: .whitespaces)
      scale = 0.01
    }
    guard let value = Double(text), value.isFinite else { return nil }
    let fraction = value * scale
    return fraction > 0 && fraction <= 1 ? fraction : nil
  }
}

extension AppState {
  /// F4, Ctrl-X Ctrl-E: the editor's whole text in the user's editor.
  mutating func openExternalEditor() -> [Effect] {
    focus = .editor
    overlay = nil
    return [.editExternally(editorPane.editor.text)]
  }

  /// The user's editor exited: its text replaces the buffer, or the buffer stays and the
  /// status bar says why.
  mutating func externallyEdited(_ result: Result<String, ExternalEditor.EditFailure>) {
    switch result {
    case .success(let text):
      if text != editorPane.editor.text { editorPane.replaceAll(with: text) }
      message = nil
    case .failure(let failure):
      message = failure.message
    }
  }
}
