import SparkConnectClient
import TerminalUI

/// `I`: the column profile of the shown view, one server query for all its visible columns.
extension AppState {
  mutating func profile() -> [Effect] {
    guard let tab = currentTab, let base = tab.explorationBase else {
      message = "run a query first: the profile is of a result's rows"
      return []
    }
    guard case .connected = connection else {
      message = "not connected — nothing to profile with"
      return []
    }
    let names = tab.columnNames
    let columns = tab.displayColumns.compactMap { names.indices.contains($0) ? names[$0] : nil }
    guard !columns.isEmpty else {
      message = "no columns to profile"
      return []
    }
    let id = results.takeID()
    let subject = ResultsPane.breadcrumbText(tab.breadcrumb, width: 60)
    overlay = .profile(
      ProfileView(id: id, queryID: tab.queryID, subject: subject, columns: columns))
    return [.profile(id: id, base, columns: columns)]
  }

  /// The profile arrived (or failed) for the overlay that asked for it.
  mutating func profiled(id: Int, _ result: Result<TableProfile, SparkError>) {
    guard case .profile(var view) = overlay, view.id == id else { return }
    switch result {
    case .success(let profile): view.phase = .shown(profile)
    case .failure(let error): view.phase = .failed(error)
    }
    overlay = .profile(view)
  }

  /// Keys of the profile overlay.
  mutating func handleProfileKey(_ key: KeyEvent, _ view: ProfileView) -> [Effect] {
    var view = view
    switch key.key {
    case .escape, .enter:
      overlay = nil
      if case .loading = view.phase {
        message = "profile stopped"
        return [.cancelQuery(id: view.id, operationID: nil)]
      }
      return []
    case .character("q"):
      overlay = nil
      return []
    case .character("y"):
      guard let profile = view.profile else { return [] }
      message = "copied the profile"
      return [.copyToClipboard(profile.tableLines(width: 240).joined(separator: "\n"))]
    case .character("F"):
      guard let profile = view.profile, profile.columns.indices.contains(view.selected) else {
        return []
      }
      let column = profile.columns[view.selected]
      if let refusal = column.type.comparisonRefusal {
        message = refusal
        return []
      }
      guard let index = results.tabs.firstIndex(where: { $0.queryID == view.queryID }) else {
        overlay = nil
        message = "the profiled view is gone"
        return []
      }
      overlay = nil
      results.selectedTab = index
      focus = .results
      return fulfil(results.frequency(of: [column.column]))
    default:
      let inner = AppRenderer.planRect(in: Rect(size: size))
        .inset(top: 1, left: 2, bottom: 1, right: 2)
      view.move(key.key, rows: AppRenderer.profileRows(in: inner))
      overlay = .profile(view)
      return []
    }
  }
}
