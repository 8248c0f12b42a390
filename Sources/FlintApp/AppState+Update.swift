import Foundation
import ResultModel
import SparkConnectClient
import TerminalUI

extension AppState {
  /// Applies one event (the only place state changes) and returns the IO to perform.
  /// `now` is the runtime clock in seconds (tests pass any increasing numbers).
  public mutating func update(_ event: AppEvent, now: Double) -> [Effect] {
    self.now = now
    var effects: [Effect]
    switch event {
    case .terminal(let terminalEvent):
      effects = handleTerminal(terminalEvent)
    case .tick:
      effects = []
    case .inputEnded:
      effects = quit(.inputEnded)
    case .terminated(let signal):
      effects = quit(.signal(signal))
    case .connected(let version):
      connection = .connected(version: version)
      wasConnected = true
      // Clear what was said about not being connected, not other news (a restored draft).
      if message?.hasPrefix("not connected") == true { message = nil }
      effects = tree.roots.isEmpty ? [.loadCatalog(nodeID: "", path: [])] : []
    case .connectionFailed(let error, let attempt):
      let retry = attempt < 5 && error.kind != .authentication
      connection = .failed(message: Self.oneLine(error), retrying: retry)
      effects = retry ? [.connect(attempt: attempt + 1, delay: Double(min(8, 1 << attempt)))] : []
    case .query(let id, let queryEvent):
      effects = handleQueryEvent(id: id, queryEvent)
    case .queryFinished(let id):
      effects = []
      withTab(id) { tab in
        tab.phase = tab.cancelRequested ? .cancelled : .finished
        tab.endedAt = now
        tab.reconnecting = nil
      }
      finishWidths(id)
    case .queryFailed(let id, let error):
      effects = handleFailure(id: id, error)
    case .queryCancelled(let id):
      effects = []
      withTab(id) { tab in
        if tab.phase.isActive { tab.phase = .cancelled }
        tab.endedAt = tab.endedAt ?? now
      }
    case .cancelConfirmed(let id, let interrupted):
      effects = []
      withTab(id) {
        $0.cancelConfirmed = !interrupted.isEmpty
        $0.cancelAnswered = true
      }
    case .rowsSorted(let id, let column, let ascending, let index):
      effects = []
      let applied = withTab(id) { tab in
        guard tab.sorting == ResultTab.PendingSort(column: column, ascending: ascending) else {
          return
        }
        tab.sorting = nil
        tab.sort = ResultTab.SortOrder(column: column, ascending: ascending, index: index)
      }
      if applied, message?.hasPrefix("sorting ") == true { message = nil }
    case .catalogLoaded(let nodeID, let items):
      effects = []
      let nodes = items.map { item -> TreeNode in
        let id = item.kind.rawValue + ":" + item.path.joined(separator: "\u{1F}")
        catalogItems[id] = item
        let expandable = item.kind != .column && !(item.namespace.isEmpty && item.kind != .catalog)
        return TreeNode(
          id: id, title: item.name, detail: item.detail, children: expandable ? .unloaded : .none)
      }
      if nodeID.isEmpty {
        tree.setRoots(nodes)
      } else {
        tree.setChildren(nodes, of: nodeID)
      }
    case .exportProgressed(let id, let rows, let bytes):
      effects = []
      exportProgressed(id: id, rows: rows, bytes: bytes)
    case .exportServerProgressed(let id, let progress):
      effects = []
      exportServerProgressed(id: id, progress)
    case .exportFinished(let id, let outcome):
      effects = exportFinished(id: id, outcome)
    case .exportFailed(let id, let failure):
      effects = []
      exportFailed(id: id, failure)
    case .exportCancelled(let id):
      effects = []
      exportCancelled(id: id)
    case .catalogFailed(let nodeID, let error):
      effects = []
      if nodeID.isEmpty {
        message = "catalog: " + Self.oneLine(error)
      } else {
        tree.setFailed(Self.oneLine(error), of: nodeID)
      }
    }
    syncViewports()
    return effects
  }

  static func oneLine(_ error: SparkError) -> String {
    error.kind == .server
      ? error.description
      : error.message.split(separator: "\n").first.map(String.init) ?? error.message
  }

  /// Runs `change` on the tab fed by query `id`; false when no tab has that id (superseded).
  @discardableResult
  mutating func withTab(_ id: Int, _ change: (inout ResultTab) -> Void) -> Bool {
    guard let index = tabs.firstIndex(where: { $0.queryID == id }) else { return false }
    change(&tabs[index])
    return true
  }

  mutating func handleQueryEvent(id: Int, _ event: QueryEvent) -> [Effect] {
    var effects: [Effect] = []
    let now = self.now
    let found = withTab(id) { tab in
      switch event {
      case .statementStarted(let index, let count, _):
        tab.statementInfo = count > 1 ? "statement \(index + 1)/\(count)" : nil
      case .operationStarted(let operationID):
        tab.operationID = operationID
        if tab.cancelRequested { effects.append(.cancelQuery(id: id, operationID: operationID)) }
      case .schema(let schema):
        tab.schema = schema
        tab.result = nil
        tab.widthsComputed = false
        tab.sort = tab.sort?.index == nil ? tab.sort : nil
        tab.phase = .streaming
      case .batch(let batch, _):
        if tab.result == nil {
          let intervals = (tab.schema?.fields ?? []).map {
            SparkIntervalFields(sparkTypeName: $0.type.description) ?? .widest
          }
          tab.result = ResultSet(schema: batch.schema, intervalFields: intervals)
        }
        do {
          try tab.result?.append(batch)
        } catch {
          tab.phase = .failed
          tab.error = SparkError(kind: .protocolViolation, code: "batch", message: "\(error)")
          return
        }
        if tab.firstRowAfter == nil && batch.rowCount > 0 {
          tab.firstRowAfter = now - tab.startedAt
        }
        tab.phase = .streaming
        tab.reconnecting = nil
      case .progress(let progress):
        tab.progress = progress
      case .statementFinished, .metrics:
        break
      case .reconnecting(let attempt, let reason):
        tab.reconnecting = "connection lost (\(reason)) — reconnecting, attempt \(attempt)"
      }
    }
    guard found else { return [] }
    if case .batch = event, let index = tabs.firstIndex(where: { $0.queryID == id }),
      !tabs[index].widthsComputed, tabs[index].rowsReceived > 0
    {
      computeWidths(index)
    }
    return effects
  }

  mutating func computeWidths(_ index: Int) {
    let source = ResultGridSource(tab: tabs[index], formatter: formatter)
    tabs[index].grid.columnWidths = source.suggestedWidths()
    tabs[index].widthsComputed = tabs[index].rowsReceived >= 200
  }

  mutating func finishWidths(_ id: Int) {
    guard let index = tabs.firstIndex(where: { $0.queryID == id }) else { return }
    if !tabs[index].widthsComputed || tabs[index].grid.columnWidths.isEmpty {
      computeWidths(index)
      tabs[index].widthsComputed = true
    }
  }

  mutating func handleFailure(id: Int, _ error: SparkError) -> [Effect] {
    guard let index = tabs.firstIndex(where: { $0.queryID == id }) else { return [] }
    tabs[index].endedAt = now
    if error.kind == .cancelled || tabs[index].cancelRequested {
      tabs[index].phase = .cancelled
      return []
    }
    tabs[index].phase = .failed
    tabs[index].error = error
    var effects: [Effect] = []
    if error.kind == .connection || error.kind == .timeout {
      connection = .failed(message: Self.oneLine(error), retrying: true)
      effects.append(.connect(attempt: 1, delay: 1))
    }
    // Underline the failing fragment when the editor still holds the text that was sent.
    if let context = error.queryContexts.first, let base = tabs[index].sqlOffset,
      tabs[index].editorText == editor.text
    {
      let start = base + max(0, context.startIndex)
      let end = base + max(context.startIndex, context.stopIndex) + 1
      errorMark = start..<end
      if case .editor = focus {
      } else {
        message = "error at line \(position(ofOffset: start).line + 1)"
      }
    }
    return effects
  }

  // MARK: - Running

  /// Starts `sql` in a new tab (or in tab `reuse`); `offset` is where it sits in the editor.
  mutating func startQuery(
    _ sql: String, title: String, offset: Int?, maxRows: Int?, reuse: Int? = nil,
    recordHistory: Bool = true, previewOf table: String? = nil
  ) -> [Effect] {
    guard case .connected = connection else {
      if case .failed(_, false) = connection {
        connection = .connecting(attempt: 1)
        message = "not connected — reconnecting; run again when connected"
        return [.connect(attempt: 1, delay: 0)]
      }
      message = "not connected — the query was not sent"
      return []
    }
    let id = nextQueryID
    nextQueryID += 1
    var tab = ResultTab(queryID: id, title: title, sql: sql, maxRows: maxRows, startedAt: now)
    tab.sqlOffset = offset
    tab.previewOf = table
    tab.editorText = offset == nil ? nil : editor.text
    if let reuse, tabs.indices.contains(reuse) {
      tab.sort = tabs[reuse].sort
      tab.columnLayout = tabs[reuse].columnLayout
      tabs[reuse] = tab
      selectedTab = reuse
    } else {
      tabs.append(tab)
      selectedTab = tabs.count - 1
    }
    errorMark = nil
    message = nil
    var effects: [Effect] = [.runQuery(id: id, sql: sql, maxRows: maxRows)]
    if recordHistory && history.last != sql {
      history.append(sql)
      effects.append(.appendHistory(sql))
    }
    historyIndex = nil
    historyDraft = nil
    return effects
  }

  /// F5: the selection, else the statement under the cursor.
  mutating func runStatement() -> [Effect] {
    if let selection = editor.selection,
      !editor.selectedText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    {
      let sql = editor.selectedText
      return startQuery(
        sql, title: Self.title(for: sql), offset: offset(of: selection.lowerBound), maxRows: maxRows
      )
    }
    let text = editor.text
    guard let statement = SQLScript.statement(at: offset(of: editor.cursor), in: text) else {
      message = "nothing to run"
      return []
    }
    return startQuery(
      statement.text, title: Self.title(for: statement.text), offset: statement.offset,
      maxRows: maxRows)
  }

  /// Ctrl-R: every statement of the buffer.
  mutating func runAll() -> [Effect] {
    let text = editor.text
    guard !SQLScript.statements(in: text).isEmpty else {
      message = "nothing to run"
      return []
    }
    return startQuery(text, title: Self.title(for: text), offset: 0, maxRows: maxRows)
  }

  static func title(for sql: String) -> String {
    let code = sql.split(separator: "\n").filter {
      !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--")
    }.joined(separator: " ")
    let flat = code.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    return flat.count > 24 ? String(flat.prefix(23)) + "…" : flat
  }

  /// Cancels the selected tab's query, else any running one.
  mutating func cancel() -> [Effect] {
    let index =
      tabs.indices.contains(selectedTab) && tabs[selectedTab].phase.isActive
      ? selectedTab : tabs.firstIndex { $0.phase.isActive }
    guard let index, !tabs[index].cancelRequested else { return [] }
    tabs[index].cancelRequested = true
    return [.cancelQuery(id: tabs[index].queryID, operationID: tabs[index].operationID)]
  }

  mutating func quit(_ why: Ending = .quit) -> [Effect] {
    ending = why
    var effects: [Effect] = []
    for index in tabs.indices where tabs[index].phase.isActive {
      tabs[index].cancelRequested = true
      effects.append(.cancelQuery(id: tabs[index].queryID, operationID: tabs[index].operationID))
    }
    if case .export(let dialog) = overlay, let id = dialog.phase.activeID {
      effects.append(.cancelExport(id: id))
    }
    return effects + [.quit]
  }
}
