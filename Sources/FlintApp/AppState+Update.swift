import Foundation
import ResultModel
import SparkConnectClient
import TerminalUI

extension AppState {
  /// Applies one event (the only place state changes) and returns the IO to perform.
  /// `now` is the runtime clock in seconds (tests pass any increasing numbers).
  public mutating func update(_ event: AppEvent, now: Double) -> [Effect] {
    self.now = now
    var effects: [Effect] = []
    switch event {
    case .terminal(let terminalEvent):
      effects = handleTerminal(terminalEvent)
    case .tick:
      break
    case .inputEnded:
      effects = quit(.inputEnded)
    case .terminated(let signal):
      effects = quit(.signal(signal))
    case .connected(let version):
      connection = .connected(version: version)
      serverVersion = version
      // Clear what was said about not being connected, not other news (a restored draft).
      if message?.hasPrefix("not connected") == true { message = nil }
      if catalog.isEmpty { effects = [.loadCatalog(nodeID: "", path: [])] }
      effects.append(nextHeartbeat())
    case .heartbeatAnswered(let id, let result):
      guard id == heartbeatID, case .connected = connection else { break }
      switch result {
      case .success: effects = [nextHeartbeat()]
      case .failure(let error): effects = update(.connectionFailed(error, attempt: 1), now: now)
      }
    case .connectionFailed(let error, let attempt):
      if error.kind == .sessionChanged {
        effects = renewSession()
        break
      }
      // Once connected, a lost connection is retried until it comes back (a restarting
      // server takes half a minute); a first connection gives up after five attempts.
      let retry =
        error.kind != .authentication && (serverVersion != nil || attempt < 5)
      connection = .failed(message: Self.oneLine(error), retrying: retry)
      if retry {
        effects = [.connect(attempt: attempt + 1, delay: Double(min(8, 1 << min(attempt, 3))))]
      }
    case .externallyEdited(let result):
      externallyEdited(result)
    case .sessionRenewed:
      sessionNumber += 1
      names.clear()
      message = "new session: the old one's temporary views and settings are gone"
      effects = [.connect(attempt: 1, delay: 0)]
    case .query(let id, let queryEvent):
      effects = results.apply(queryEvent, id: id, now: now, formatter: formatter)
    case .queryFinished(let id):
      effects = results.finished(id: id, now: now, formatter: formatter)
    case .queryFailed(let id, let error):
      effects = queryFailed(id: id, error)
    case .queryCancelled(let id):
      results.cancelled(id: id, now: now)
    case .cancelConfirmed(let id, let interrupted):
      results.cancelAnswered(id: id, interrupted: interrupted)
    case .rowsSorted(let id, let column, let ascending, let index):
      let applied = results.rowsSorted(
        queryID: id, column: column, ascending: ascending, index: index)
      if applied, message?.hasPrefix("sorting ") == true { message = nil }
    case .explained(let id, _, let result):
      explained(id: id, result)
    case .planChecked(let id, let result):
      effects = planChecked(id: id, result)
    case .profiled(let id, let result):
      profiled(id: id, result)
    case .groupsCounted(let id, let result):
      results.groupsCounted(id: id, result)
    case .searchFinished(let request, let match):
      effects = fulfil(results.searchFinished(request, match: match))
    case .searchProgress(let queryID, let rows):
      results.searchProgressed(queryID: queryID, rows: rows)
    case .catalogLoaded(let nodeID, let items):
      if let path = nodeID.isEmpty ? [] : catalog.entries[nodeID]?.path {
        names.learn(items, under: path)
      }
      catalog.loaded(items, under: nodeID)
    case .namesLoaded(let scope, let generation, let result):
      effects = namesLoaded(scope, generation: generation, result)
    case .catalogFailed(let nodeID, let error):
      if nodeID.isEmpty {
        message = "catalog: " + Self.oneLine(error)
      } else {
        catalog.failed(Self.oneLine(error), under: nodeID)
      }
    case .exportProgressed(let id, let rows, let bytes):
      exportProgressed(id: id, rows: rows, bytes: bytes)
    case .exportServerProgressed(let id, let progress):
      exportServerProgressed(id: id, progress)
    case .exportFinished(let id, let outcome):
      effects = exportFinished(id: id, outcome)
    case .exportFailed(let id, let failure):
      exportFailed(id: id, failure)
    case .exportCancelled(let id):
      exportCancelled(id: id)
    }
    syncViewports()
    return effects
  }

  /// Seconds between two checks that the server still answers, while connected.
  static let heartbeatSeconds = 5.0

  /// A new heartbeat chain (an older one's answers are ignored).
  mutating func nextHeartbeat() -> Effect {
    heartbeatID += 1
    return .heartbeat(id: heartbeatID, delay: Self.heartbeatSeconds)
  }

  static func oneLine(_ error: SparkError) -> String {
    error.kind == .server
      ? error.description
      : error.message.split(separator: "\n").first.map(String.init) ?? error.message
  }

  /// Does what panes asked for; returns the IO among it.
  mutating func fulfil(_ requests: [PaneRequest]) -> [Effect] {
    var effects: [Effect] = []
    for request in requests {
      switch request {
      case .effect(let effect):
        effects.append(effect)
      case .run(let query):
        effects += startQuery(query)
      case .insertIntoEditor(let text):
        editorPane.insert(text)
        focus = .editor
      case .appendToEditor(let text):
        editorPane.append(text)
        focus = .editor
      case .openOverlay(let overlay):
        self.overlay = overlay
      case .say(let text):
        message = text
      }
    }
    return effects
  }
}
