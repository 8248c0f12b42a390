import SparkConnectClient
import TerminalUI

/// F7 and F8: what Spark makes of a statement, and what it did in the last run.
extension AppState {
  /// F7: explains the statement under the cursor (from the editor) or the shown tab's query
  /// (elsewhere) in `mode`.
  mutating func explain(mode: SparkConnectSession.ExplainMode = .formatted) -> [Effect] {
    let target: (query: QuerySource, editorOffset: Int?)?
    if focus == .editor {
      target = editorPane.statementToRun().map { (.sql($0.sql), $0.offset) }
    } else if let tab = currentTab, let query = Self.exportQuery(tab) {
      if case .sql(let sql) = query, let last = SQLScript.statements(in: tab.sql).last {
        // What the tab shows: its last statement, with its sort as ORDER BY. Its errors point
        // into the editor only while that is the text there, unwrapped.
        let unchanged = tab.editorText == editorPane.editor.text && sql == last.text
        target = (query, tab.sqlOffset.flatMap { unchanged ? $0 + last.offset : nil })
      } else {
        // An exploration: its plan, steps and all.
        target = (query, nil)
      }
    } else {
      target = nil
    }
    guard let target else {
      message = "nothing to explain: F7 explains the statement in the editor or a tab's query"
      return []
    }
    guard case .connected = connection else {
      message = "not connected — nothing to explain with"
      return []
    }
    let id = results.takeID()
    overlay = .plan(
      PlanView(
        content: .explain(
          id: id, query: target.query, mode: mode, editorOffset: target.editorOffset)))
    return [.explain(id: id, query: target.query, mode: mode)]
  }

  /// F8: the executed plan of the shown tab's last run, with Spark's runtime metrics.
  mutating func showMetrics() {
    guard let tab = currentTab else {
      message = "no results yet: F8 shows the metrics of a tab's last run"
      return
    }
    guard let metrics = tab.metrics, !metrics.isEmpty else {
      message =
        tab.phase.isActive
        ? "the metrics come when the run ends"
        : "Spark sent no metrics for this run (commands and local results run no job)"
      return
    }
    var text = metrics.text()
    let highlights = metrics.highlights
    if !highlights.isEmpty {
      text += "\nLook first:\n" + highlights.map { "  " + $0.text }.joined(separator: "\n") + "\n"
    }
    text += "\n" + ExecutionMetrics.legend
    overlay = .plan(PlanView(content: .metrics(tab: tab.title), phase: .shown, text: text))
  }

  /// Keys while a plan is shown: scrolling, `y` copies, F7 the next EXPLAIN mode, Esc closes.
  mutating func handlePlanKey(_ key: KeyEvent, _ view: PlanView) -> [Effect] {
    var view = view
    if key == .char("y") {
      message = "copied the plan"
      return [.copyToClipboard(view.copyText)]
    }
    if keymap.action(for: key, in: .global) == .explain,
      case .explain(_, let query, let mode, let offset) = view.content
    {
      let modes = PlanView.modes
      let next = modes[((modes.firstIndex(of: mode) ?? 0) + 1) % modes.count]
      let id = results.takeID()
      overlay = .plan(
        PlanView(content: .explain(id: id, query: query, mode: next, editorOffset: offset)))
      return [.explain(id: id, query: query, mode: next)]
    }
    if view.handle(key) {
      overlay = .plan(view)
    } else if key.key == .escape || key.key == .enter || key == .char("q") {
      overlay = nil
    }
    return []
  }

  /// Spark's explanation (or its error) for the plan overlay that asked for it; an error is
  /// underlined in the editor while it holds the text that was explained.
  mutating func explained(id: Int, _ result: Result<String, SparkError>) {
    guard case .plan(var view) = overlay, case .explain(id, let query, _, let offset) = view.content
    else { return }
    switch result {
    case .success(let text):
      view.show(text)
    case .failure(let error):
      view.fail(error)
      if let offset, case .sql(let sql) = query, let context = error.queryContexts.first,
        editorPane.editor.text.dropFirst(offset).hasPrefix(sql)
      {
        let start = offset + max(0, context.startIndex)
        editorPane.markError(start..<(offset + max(context.startIndex, context.stopIndex) + 1))
      }
    }
    overlay = .plan(view)
  }
}
