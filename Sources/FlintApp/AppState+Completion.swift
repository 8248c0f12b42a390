import SparkConnectClient
import TerminalUI

/// Where Ctrl-Space was pressed while some names were still being fetched.
struct CompletionWait: Sendable, Equatable {
  var text: String
  var cursor: TextPosition
}

/// Ctrl-Space: `CompletionContext` says what kind of name the cursor wants,
/// `CompletionCandidates` picks the cached names that fit, and names the cache lacks are
/// fetched (`Effect.loadNames`) while the popup shows what there is; their arrival refreshes
/// the popup if the user is still where they pressed Ctrl-Space. Nothing waits for the server.
extension AppState {
  /// The status message while names are fetched.
  static let fetchingNames = "fetching names…"

  /// Ctrl-Space in the editor: one complete candidate is inserted, several open the popup.
  mutating func complete() -> [Effect] {
    let context = editorPane.completionContext
    if context.wanted == .nothing {
      message = "no completion inside a string or a comment"
      return []
    }
    names.forgetFailures()
    let found = CompletionCandidates(for: context, names: names)
    completionWait =
      found.missing.isEmpty ? nil : CompletionWait(text: editor.text, cursor: editor.cursor)
    show(found, context, refreshing: false)
    return fetch(found.missing + found.background)
  }

  /// Names arrived (or failed): into the cache, and into the popup if the user still waits
  /// at the same place.
  mutating func namesLoaded(
    _ scope: NameScope, generation: Int, _ result: Result<[String], SparkError>
  ) -> [Effect] {
    guard names.store(result, for: scope, generation: generation) else { return [] }
    guard let wait = completionWait else { return [] }
    let overlayAllows: Bool
    switch overlay {
    case nil, .completion?: overlayAllows = true
    default: overlayAllows = false
    }
    guard focus == .editor, overlayAllows,
      wait == CompletionWait(text: editor.text, cursor: editor.cursor)
    else {
      completionWait = nil
      if message == Self.fetchingNames { message = nil }
      return []
    }
    let context = editorPane.completionContext
    let found = CompletionCandidates(for: context, names: names)
    if found.missing.isEmpty { completionWait = nil }
    show(found, context, refreshing: true)
    if case .failure(let error) = result, found.candidates.isEmpty, found.missing.isEmpty {
      message = "no names: " + Self.oneLine(error)
    }
    return fetch(found.missing + found.background)
  }

  /// Asks for the scopes nobody asked for yet.
  private mutating func fetch(_ scopes: [NameScope]) -> [Effect] {
    let generation = names.generation
    return names.request(scopes).map { .loadNames($0, generation: generation) }
  }

  /// Opens or refreshes the popup (keeping the selected candidate), inserts the one
  /// candidate when nothing more can come (and the user did not wait for it), or says why
  /// there is none.
  private mutating func show(
    _ found: CompletionCandidates, _ context: CompletionContext, refreshing: Bool
  ) {
    let waiting = !found.missing.isEmpty
    if message == Self.fetchingNames { message = nil }
    if waiting { message = Self.fetchingNames }
    guard !found.candidates.isEmpty else {
      if case .completion? = overlay { overlay = nil }
      if !waiting { message = "no completion for \"\(context.typed)\"" }
      return
    }
    if found.candidates.count == 1, !waiting, !refreshing {
      editorPane.acceptCompletion(found.candidates[0], context: context)
      return
    }
    var popup = Completion(context: context, candidates: found.candidates)
    // A candidate the user moved to stays selected when more arrive.
    if case .completion(let open)? = overlay, open.selected > 0,
      open.candidates.indices.contains(open.selected),
      let kept = popup.candidates.firstIndex(of: open.candidates[open.selected])
    {
      popup.selected = kept
    }
    overlay = .completion(popup)
  }
}
