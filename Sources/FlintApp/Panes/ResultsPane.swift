import ArrowIPC
import ResultModel
import SparkConnectClient
import TerminalUI

/// The results pane: one tab per query, each a grid over the rows that arrived. It applies
/// what the server sends to the tab it belongs to (by query id: results of a superseded query
/// are dropped) and handles the grid keys.
public struct ResultsPane: Sendable {
  public internal(set) var tabs: [ResultTab] = []
  public internal(set) var selectedTab = 0
  var nextQueryID = 1
  /// The first key of a two-key command (`gg`) was typed.
  var keyPrefix: KeyPrefix?
  /// Size of the grid area, for paging.
  private(set) var gridSize = Size(width: 80, height: 20)
  /// Where results past the memory budget go (nil: every row stays in memory).
  var spill: SpillPolicy?

  /// The tab shown.
  public var current: ResultTab? { tabs.indices.contains(selectedTab) ? tabs[selectedTab] : nil }

  /// Whether a query or a background sort or search runs.
  var isBusy: Bool {
    tabs.contains { $0.phase.isActive || $0.pendingSort != nil || $0.searching != nil }
  }

  mutating func resize(grid size: Size) {
    gridSize = Size(width: max(1, size.width), height: max(1, size.height))
    for index in tabs.indices { tabs[index].grid.viewport = gridSize }
  }

  // MARK: - Opening

  /// Opens a tab for `request` (or reuses the one it names) and returns the query's id.
  /// `editorText` is the editor's text when the SQL came from it (an error is underlined only
  /// while the text is unchanged).
  mutating func open(_ request: QueryRequest, now: Double, editorText: String?) -> Int {
    let id = takeID()
    var tab = ResultTab(
      queryID: id, title: request.title, sql: request.sql, maxRows: request.maxRows,
      startedAt: now)
    tab.sqlOffset = request.editorOffset
    tab.editorText = request.editorOffset == nil ? nil : editorText
    tab.previewOf = request.previewOf
    tab.sortState = request.sort
    tab.exploration = request.exploration
    tab.parameters = request.parameters ?? [:]
    tab.below = request.below ?? []
    tab.grid.viewport = gridSize
    if let reuse = request.reuse, tabs.indices.contains(reuse) {
      tab.columnLayout = tabs[reuse].columnLayout
      if request.below == nil { tab.below = tabs[reuse].below }
      tabs[reuse] = tab
      selectedTab = reuse
    } else {
      tabs.append(tab)
      selectedTab = tabs.count - 1
    }
    return id
  }

  /// A new id for a query or an export (one sequence, so answers never mix them up).
  mutating func takeID() -> Int {
    defer { nextQueryID += 1 }
    return nextQueryID
  }

  /// Runs `change` on the tab fed by query `id`; false when no tab has that id (superseded).
  @discardableResult
  mutating func withTab(_ id: Int, _ change: (inout ResultTab) -> Void) -> Bool {
    guard let index = tabs.firstIndex(where: { $0.queryID == id }) else { return false }
    change(&tabs[index])
    return true
  }

  func tab(_ id: Int) -> ResultTab? { tabs.first { $0.queryID == id } }

  // MARK: - What the server sends

  /// Applies one event of query `id`; returns IO to start (an Interrupt for an operation
  /// that was cancelled before its id was known).
  mutating func apply(_ event: QueryEvent, id: Int, now: Double, formatter: CellFormatter)
    -> [Effect]
  {
    var effects: [Effect] = []
    let spill = self.spill
    let found = withTab(id) { tab in
      switch event {
      case .statementStarted(let index, let count, let statement):
        tab.statementInfo = count > 1 ? "statement \(index + 1)/\(count)" : nil
        if tab.exploration == nil { tab.statement = statement.text }
      case .operationStarted(let operationID):
        tab.operationID = operationID
        tab.tracker.observe(event, at: now)
        if tab.isCancelRequested {
          effects.append(.cancelQuery(id: id, operationID: operationID))
        }
      case .schema(let schema):
        tab.schema = schema
        tab.result = nil
        tab.widthsComputed = false
        // A client-side order was of the rows before; a server-side one is of these.
        switch tab.sortState {
        case .unsorted: break
        case .sorted(let order) where order.index == nil: break
        case .sorted, .sorting: tab.sortState = .unsorted
        }
        tab.phase = .streaming
      case .batch(let batch, _):
        effects += Self.append(batch, to: &tab, now: now, spill: spill)
      case .progress(let progress):
        tab.progress = progress
        tab.tracker.observe(progress, at: now)
      case .metrics(let metrics):
        tab.metrics = metrics
      case .statementFinished:
        break
      case .reconnecting(let attempt, let reason):
        tab.reconnecting = "connection lost (\(reason)) — reconnecting, attempt \(attempt)"
      case .reattaching:
        tab.reattaches += 1
      }
    }
    guard found else { return [] }
    if case .batch = event, let index = tabs.firstIndex(where: { $0.queryID == id }),
      !tabs[index].widthsComputed, tabs[index].rowsReceived > 0
    {
      computeWidths(index, formatter: formatter)
    }
    return effects
  }

  /// Adds a batch to the tab's result. When it cannot go to the spill file, loading stops
  /// there: the query is cancelled, the rows already in stay, and the count line says why.
  private static func append(
    _ batch: RecordBatch, to tab: inout ResultTab, now: Double, spill: SpillPolicy?
  ) -> [Effect] {
    guard tab.loadStopped == nil else { return [] }
    if tab.result == nil {
      let intervals = (tab.schema?.fields ?? []).map {
        SparkIntervalFields(sparkTypeName: $0.type.description) ?? .widest
      }
      tab.result = ResultSet(schema: batch.schema, intervalFields: intervals, spill: spill)
    }
    do {
      try tab.result?.append(batch)
    } catch .spillFailed(let reason) {
      tab.loadStopped = "stopped loading: \(reason)"
      guard !tab.isCancelRequested else { return [] }
      tab.cancellation = .requested
      return [.cancelQuery(id: tab.queryID, operationID: tab.operationID)]
    } catch {
      tab.phase = .failed
      tab.error = SparkError(kind: .protocolViolation, code: "batch", message: "\(error)")
      return []
    }
    if tab.firstRowAfter == nil && batch.rowCount > 0 { tab.firstRowAfter = now - tab.startedAt }
    tab.phase = .streaming
    tab.reconnecting = nil
    return []
  }

  /// Column widths from the header and the first rows (again once 200 rows are in).
  mutating func computeWidths(_ index: Int, formatter: CellFormatter) {
    let source = ResultGridSource(tab: tabs[index], formatter: formatter)
    tabs[index].grid.columnWidths = source.suggestedWidths()
    tabs[index].widthsComputed = tabs[index].rowsReceived >= 200
  }

  /// Query `id` ended well; a frequency that filled its limit asks how many groups exist.
  mutating func finished(id: Int, now: Double, formatter: CellFormatter) -> [Effect] {
    withTab(id) { tab in
      tab.phase = tab.isCancelRequested ? .cancelled : .finished
      tab.endedAt = now
      tab.reconnecting = nil
      tab.tracker.finish(tab.phase == .finished ? .finished : .cancelled, at: now)
    }
    guard let index = tabs.firstIndex(where: { $0.queryID == id }) else { return [] }
    if !tabs[index].widthsComputed || tabs[index].grid.columnWidths.isEmpty {
      computeWidths(index, formatter: formatter)
    }
    let tab = tabs[index]
    guard tab.phase == .finished, let exploration = tab.exploration,
      case .frequency(_, let limit)? = exploration.steps.last
    else { return [] }
    if tab.rowsReceived < limit {
      tabs[index].groups = Int64(tab.rowsReceived)
      return []
    }
    return [.countGroups(id: id, exploration)]
  }

  /// The number of groups behind frequency `id` arrived (a failure leaves it unknown).
  mutating func groupsCounted(id: Int, _ result: Result<Int64, SparkError>) {
    guard case .success(let groups) = result else { return }
    withTab(id) { $0.groups = groups }
  }

  /// Query `id` failed: returns its tab when the failure is to be shown (not a cancel).
  mutating func failed(id: Int, _ error: SparkError, now: Double) -> ResultTab? {
    guard let index = tabs.firstIndex(where: { $0.queryID == id }) else { return nil }
    tabs[index].endedAt = now
    if error.kind == .cancelled || tabs[index].isCancelRequested {
      tabs[index].phase = .cancelled
      tabs[index].tracker.finish(.cancelled, at: now)
      return nil
    }
    tabs[index].phase = .failed
    tabs[index].tracker.finish(.failed, at: now)
    tabs[index].error = error
    return tabs[index]
  }

  mutating func cancelled(id: Int, now: Double) {
    withTab(id) { tab in
      if tab.phase.isActive { tab.phase = .cancelled }
      tab.endedAt = tab.endedAt ?? now
      tab.tracker.finish(.cancelled, at: now)
    }
  }

  mutating func cancelAnswered(id: Int, interrupted: [String]) {
    withTab(id) { $0.cancellation = .answered(stoppedSomething: !interrupted.isEmpty) }
  }

  // MARK: - Cancelling

  /// Esc: cancels the shown tab's query, else any running one.
  mutating func cancel() -> [Effect] {
    let index =
      tabs.indices.contains(selectedTab) && tabs[selectedTab].phase.isActive
      ? selectedTab : tabs.firstIndex { $0.phase.isActive }
    guard let index, !tabs[index].isCancelRequested else { return [] }
    return requestCancel(index)
  }

  /// Cancels every running query (quitting).
  mutating func cancelAll() -> [Effect] {
    tabs.indices.filter { tabs[$0].phase.isActive }.flatMap { requestCancel($0) }
  }

  private mutating func requestCancel(_ index: Int) -> [Effect] {
    tabs[index].cancellation = .requested
    return [.cancelQuery(id: tabs[index].queryID, operationID: tabs[index].operationID)]
  }

  /// `x`: closes the shown tab (cancelling its query).
  mutating func closeTab() -> [Effect] {
    guard tabs.indices.contains(selectedTab) else { return [] }
    let tab = tabs[selectedTab]
    let effects =
      tab.phase.isActive ? [Effect.cancelQuery(id: tab.queryID, operationID: tab.operationID)] : []
    tabs.remove(at: selectedTab)
    selectedTab = max(0, min(selectedTab, tabs.count - 1))
    return effects
  }
}
