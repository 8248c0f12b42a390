import Foundation
import ResultModel
import SparkConnectClient

/// Performs `Effect`s as tasks; every result comes back as an `AppEvent` through `send`.
@MainActor
public final class EffectRunner {
  let service: any SparkService
  let send: @Sendable (AppEvent) -> Void
  let history: HistoryStore?
  private var queries: [Int: Task<Void, Never>] = [:]
  /// Interrupts and background work in flight, by a running number; each task removes itself
  /// when done, so a long session does not accumulate finished tasks.
  private var interrupts: [Int: Task<Void, Never>] = [:]
  private var background: [Int: Task<Void, Never>] = [:]
  private var nextTaskNumber = 0
  /// Exports in flight: their task and the cancel flag their writer checks.
  var exports: [Int: (task: Task<Void, Never>, cancellation: ExportCancellation)] = [:]
  /// Background searches, by query id.
  private var searches: [Int: Task<Void, Never>] = [:]

  public init(
    service: any SparkService, history: HistoryStore?,
    send: @escaping @Sendable (AppEvent) -> Void
  ) {
    self.service = service
    self.history = history
    self.send = send
  }

  /// The operation tag of query `id`.
  nonisolated static func tag(_ id: Int) -> String { "flint-query-\(id)" }

  /// The operation tag of the query or write behind export `id`.
  nonisolated static func exportTag(_ id: Int) -> String { "flint-export-\(id)" }

  public func start(_ effects: [Effect]) {
    for effect in effects { start(effect) }
  }

  func start(_ effect: Effect) {
    switch effect {
    case .connect(let attempt, let delay): connect(attempt: attempt, after: delay)
    case .renewSession: renewSession()
    case .heartbeat(let id, let delay): heartbeat(id: id, after: delay)
    case .runQuery(let id, let query, let maxRows): runQuery(id: id, query: query, maxRows: maxRows)
    case .cancelQuery(let id, let operationID): cancelQuery(id: id, operationID: operationID)
    case .loadCatalog(let nodeID, let path): loadCatalog(nodeID: nodeID, path: path)
    case .loadNames(let scope, let generation): loadNames(scope, generation: generation)
    case .sortRows(let request): sortRows(request)
    case .searchRows(let request): searchRows(request)
    case .explain(let id, let query, let mode): explain(id: id, query: query, mode: mode)
    case .checkPlan(let id, let exploration): checkPlan(id: id, exploration)
    case .countGroups(let id, let exploration): countGroups(id: id, exploration)
    case .profile(let id, let exploration, let columns):
      profile(id: id, exploration, columns: columns)
    case .cancelSearch(let queryID): searches.removeValue(forKey: queryID)?.cancel()
    case .exportRows(let id, let job): exportRows(id: id, job)
    case .exportQuery(let id, let query, let job): exportQuery(id: id, query: query, job)
    case .writeOnServer(let id, let query, let destination):
      writeOnServer(id: id, query: query, destination)
    case .cancelExport(let id): cancelExport(id: id)
    case .copyToClipboard, .editExternally: break  // the runtime gives them the terminal
    case .appendHistory(let sql):
      if let history { track(in: .background) { history.append(sql) } }
    }
  }

  private func connect(attempt: Int, after delay: Double) {
    let service = self.service
    let send = self.send
    track(in: .background) {
      if delay > 0 { try? await Task.sleep(for: .milliseconds(Int(delay * 1000))) }
      if Task.isCancelled { return }
      do throws(SparkError) {
        let version = try await service.connect()
        send(.connected(version: version))
      } catch {
        send(.connectionFailed(error, attempt: attempt))
      }
    }
  }

  private func heartbeat(id: Int, after delay: Double) {
    let service = self.service
    let send = self.send
    track(in: .background) {
      try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
      if Task.isCancelled { return }
      do throws(SparkError) {
        send(.heartbeatAnswered(id: id, .success(try await service.connect())))
      } catch {
        send(.heartbeatAnswered(id: id, .failure(error)))
      }
    }
  }

  private func renewSession() {
    let service = self.service
    let send = self.send
    track(in: .background) {
      do throws(SparkError) {
        try await service.renewSession()
        send(.sessionRenewed)
      } catch {
        send(.connectionFailed(error, attempt: 1))
      }
    }
  }

  private func runQuery(id: Int, query: QuerySource, maxRows: Int?) {
    let service = self.service
    let send = self.send
    let task = Task.detached {
      do {
        for try await event in service.run(query, maxRows: maxRows, tag: Self.tag(id)) {
          if Task.isCancelled { break }
          send(.query(id: id, event))
        }
        send(Task.isCancelled ? .queryCancelled(id: id) : .queryFinished(id: id))
      } catch let error as SparkError {
        send(Task.isCancelled ? .queryCancelled(id: id) : .queryFailed(id: id, error))
      } catch {
        send(
          Task.isCancelled
            ? .queryCancelled(id: id)
            : .queryFailed(
              id: id, SparkError(kind: .protocolViolation, code: "client", message: "\(error)")))
      }
    }
    queries[id] = task
    whenDone(task) { runner in
      if runner.queries[id] == task { runner.queries[id] = nil }
    }
  }

  /// Interrupt first, by tag (every operation of this query, also one whose id is not known
  /// yet) and by operation id; only then drop the stream: dropping a running operation's
  /// stream first releases it on the server while its job keeps running. The cancel counts as
  /// confirmed when the server names what it stopped.
  private func cancelQuery(id: Int, operationID: String?) {
    let service = self.service
    let send = self.send
    let query = queries[id]
    queries[id] = nil
    track(in: .interrupts) {
      var stopped = (try? await service.interrupt(tag: Self.tag(id))) ?? []
      if let operationID {
        stopped += (try? await service.interrupt(operationID: operationID)) ?? []
      }
      send(.cancelConfirmed(id: id, interrupted: stopped))
      // Let the server end the stream itself (it answers OPERATION_CANCELED); drop it only
      // if it does not within the grace period.
      if !stopped.isEmpty { try? await Task.sleep(for: .seconds(3)) }
      query?.cancel()
      send(.queryCancelled(id: id))
    }
  }

  private func loadCatalog(nodeID: String, path: [String]) {
    let service = self.service
    let send = self.send
    track(in: .background) {
      do throws(SparkError) {
        let items = try await service.listChildren(of: path)
        send(.catalogLoaded(nodeID: nodeID, items))
      } catch {
        send(.catalogFailed(nodeID: nodeID, error))
      }
    }
  }

  private func loadNames(_ scope: NameScope, generation: Int) {
    let service = self.service
    let send = self.send
    track(in: .background) {
      do throws(SparkError) {
        let names = try await service.names(in: scope)
        send(.namesLoaded(scope, generation: generation, .success(names)))
      } catch {
        send(.namesLoaded(scope, generation: generation, .failure(error)))
      }
    }
  }

  private func sortRows(_ request: SortRequest) {
    let send = self.send
    track(in: .background) {
      let sorter = request.sorter
      guard
        let index = sorter.order(
          of: request.result, rows: request.rows, isCancelled: { Task.isCancelled })
      else { return }
      send(
        .rowsSorted(
          queryID: request.queryID, column: sorter.column, ascending: sorter.ascending,
          index: index))
    }
  }

  private func explain(id: Int, query: QuerySource, mode: SparkConnectSession.ExplainMode) {
    let service = self.service
    let send = self.send
    track(in: .background) {
      do throws(SparkError) {
        send(.explained(id: id, mode: mode, .success(try await service.explain(query, mode: mode))))
      } catch {
        send(.explained(id: id, mode: mode, .failure(error)))
      }
    }
  }

  private func checkPlan(id: Int, _ exploration: Exploration) {
    let service = self.service
    let send = self.send
    track(in: .background) {
      do throws(SparkError) {
        send(.planChecked(id: id, .success(try await service.schema(exploration: exploration))))
      } catch {
        send(.planChecked(id: id, .failure(error)))
      }
    }
  }

  /// Kept with the queries, so `cancelQuery(id:)` interrupts it by its tag and drops it.
  private func profile(id: Int, _ exploration: Exploration, columns: [String]) {
    let service = self.service
    let send = self.send
    let task = Task.detached {
      do throws(SparkError) {
        let profile = try await service.profile(
          of: exploration, columns: columns, tag: Self.tag(id))
        if !Task.isCancelled { send(.profiled(id: id, .success(profile))) }
      } catch {
        if !Task.isCancelled { send(.profiled(id: id, .failure(error))) }
      }
    }
    queries[id] = task
    whenDone(task) { runner in
      if runner.queries[id] == task { runner.queries[id] = nil }
    }
  }

  private func countGroups(id: Int, _ exploration: Exploration) {
    let service = self.service
    let send = self.send
    track(in: .background) {
      do throws(SparkError) {
        let groups = try await service.distinctGroups(of: exploration, tag: Self.tag(id))
        if let groups { send(.groupsCounted(id: id, .success(groups))) }
      } catch {
        send(.groupsCounted(id: id, .failure(error)))
      }
    }
  }

  private func searchRows(_ request: SearchRequest) {
    let send = self.send
    searches[request.queryID]?.cancel()
    let task = Task.detached {
      let clock = ContinuousClock()
      var reported = clock.now
      let match = request.run(
        isCancelled: { Task.isCancelled },
        progress: { rows in
          guard clock.now - reported > .milliseconds(100) else { return }
          reported = clock.now
          send(.searchProgress(queryID: request.queryID, rows: rows))
        })
      if !Task.isCancelled { send(.searchFinished(request, match: match)) }
    }
    searches[request.queryID] = task
    whenDone(task) { runner in
      if runner.searches[request.queryID] == task { runner.searches[request.queryID] = nil }
    }
  }

  /// Which kept tasks a `track` call adds to.
  enum Pool: Sendable { case interrupts, background }

  /// Runs `work` detached, kept in its pool (for `shutdown`) until it ends.
  func track(in pool: Pool, _ work: @escaping @Sendable () async -> Void) {
    let number = nextTaskNumber
    nextTaskNumber += 1
    let task = Task.detached { [weak self] in
      await work()
      await self?.forget(number, in: pool)
    }
    switch pool {
    case .interrupts: interrupts[number] = task
    case .background: background[number] = task
    }
  }

  private func forget(_ number: Int, in pool: Pool) {
    switch pool {
    case .interrupts: interrupts[number] = nil
    case .background: background[number] = nil
    }
  }

  /// Keeps export `id` cancellable until its task ends.
  func track(export id: Int, _ task: Task<Void, Never>, _ cancellation: ExportCancellation) {
    exports[id] = (task, cancellation)
    whenDone(task) { runner in
      if runner.exports[id]?.task == task { runner.exports[id] = nil }
    }
  }

  /// Runs `forget` on the main actor once `task` has ended (while the runner exists).
  private func whenDone(
    _ task: Task<Void, Never>, _ forget: @escaping @MainActor (EffectRunner) -> Void
  ) {
    Task { [weak self] in
      await task.value
      if let self { forget(self) }
    }
  }

  /// How many tasks are still kept (tests: finished ones must not accumulate).
  var trackedTaskCount: Int {
    queries.count + interrupts.count + background.count + exports.count + searches.count
  }

  /// The event that ends export `id` after `error`: cancelled when a cancel was asked for (or
  /// the error says so), else failed.
  nonisolated static func exportEnd(id: Int, _ error: any Error, cancelled: Bool = false)
    -> AppEvent
  {
    let failure = ExportFailure(error)
    return cancelled || failure.isCancellation
      ? .exportCancelled(id: id) : .exportFailed(id: id, failure)
  }

  /// Cancels every query, waits (at most `timeout` seconds) for pending interrupts, then
  /// closes the session (ReleaseSession).
  public func shutdown(timeout: Double = 3) async {
    for task in queries.values { task.cancel() }
    queries = [:]
    for task in background.values { task.cancel() }
    for task in searches.values { task.cancel() }
    for export in exports.values {
      export.cancellation.cancel()
      export.task.cancel()
    }
    let running = exports.values.map(\.task)
    exports = [:]
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        for task in running { await task.value }
      }
      group.addTask { try? await Task.sleep(for: .milliseconds(Int(timeout * 1000))) }
      await group.next()
      group.cancelAll()
    }
    let pending = Array(interrupts.values)
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        for task in pending { await task.value }
      }
      group.addTask { try? await Task.sleep(for: .milliseconds(Int(timeout * 1000))) }
      await group.next()
      group.cancelAll()
    }
    await service.close()
  }
}
