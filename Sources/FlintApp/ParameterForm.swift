import SparkConnectClient
import TerminalUI

/// The small form F5 opens for a statement with named markers (`:zone`, `:since`): one field
/// per marker, prefilled with the value last given to that name in this session, and the
/// type each value will be sent as.
public struct ParameterForm: Sendable {
  /// The markers, in order of first appearance.
  public var names: [String]
  /// One single-line field per marker.
  public var fields: [TextEditor]
  /// The field being edited.
  public var focused = 0
  /// The query that waits for the values.
  var request: QueryRequest

  init(names: [String], values: [String], request: QueryRequest) {
    self.names = names
    fields = values.map { value in
      var field = TextEditor(text: "")
      field.setText(value)
      return field
    }
    self.request = request
  }

  /// The values as they will be sent.
  public var values: [String: PlanValue] {
    Dictionary(
      zip(names, fields.map { SQLParameters.value($0.text) }),
      uniquingKeysWith: { first, _ in first })
  }

  public static let title = "Values for the query (Tab next · Enter run · Esc cancel)"
}

extension AppState {
  /// Statements with markers wait for their values: the form opens instead of the run.
  mutating func askForParameters(_ request: QueryRequest) -> Bool {
    guard request.exploration == nil, request.parameters == nil else { return false }
    let names = SQLParameters.markers(in: request.sql)
    guard !names.isEmpty else { return false }
    overlay = .parameters(
      ParameterForm(
        names: names, values: names.map { parameterValues[$0] ?? "" }, request: request))
    return true
  }

  mutating func handleParameterKey(_ key: KeyEvent, _ form: ParameterForm) -> [Effect] {
    var form = form
    switch key.key {
    case .escape:
      overlay = nil
      message = "not run: the query waits for its values"
      return []
    case .tab, .down:
      form.focused = (form.focused + 1) % form.fields.count
    case .backTab, .up:
      form.focused = (form.focused + form.fields.count - 1) % form.fields.count
    case .enter:
      overlay = nil
      for (name, field) in zip(form.names, form.fields) { parameterValues[name] = field.text }
      var request = form.request
      request.parameters = form.values
      return startQuery(request)
    default:
      form.fields[form.focused].handle(key)
    }
    overlay = .parameters(form)
    return []
  }

  /// A history entry for a run with values: the text, then the values as a comment line.
  static func historyEntry(_ sql: String, parameters: [String: PlanValue]?) -> String {
    guard let parameters, !parameters.isEmpty else { return sql }
    let values = parameters.sorted { $0.key < $1.key }.map { ":\($0.key) = \($0.value.sqlLiteral)" }
    return sql + "\n-- " + values.joined(separator: ", ")
  }
}

extension AppRenderer {
  /// The parameter form: a row per marker with its field and the type it will be sent as.
  static func drawParameterForm(
    _ form: ParameterForm, _ state: AppState, _ buffer: inout ScreenBuffer
  ) {
    let theme = state.theme
    let screen = buffer.area
    let rect = screen.centered(
      width: min(76, screen.width - 2), height: min(form.names.count + 2, screen.height - 2))
    guard rect.width >= 20, rect.height >= 3 else { return }
    buffer.fill(rect)
    buffer.drawBorder(
      rect, border: .rounded, style: theme.overlayBorder, title: ParameterForm.title)
    let inner = rect.inset(top: 1, left: 2, bottom: 1, right: 2)
    let label = min(20, (form.names.map(\.count).max() ?? 0) + 2)
    let values = form.values
    for (row, name) in form.names.enumerated() where row < inner.height {
      let y = inner.y + row
      buffer.put(":" + name, x: inner.x, y: y, maxWidth: label, style: theme.gridHeader)
      let type = values[name].map(SQLParameters.typeName) ?? ""
      let typeWidth = DisplayWidth.of(type)
      buffer.put(
        type, x: inner.maxX - typeWidth, y: y, maxWidth: typeWidth, style: theme.hint)
      var field = form.fields[row]
      field.isFocused = row == form.focused
      let area = Rect(
        x: inner.x + label + 1, y: y, width: max(1, inner.width - label - typeWidth - 3),
        height: 1)
      field.viewport = area.size
      field.render(in: area, into: &buffer)
    }
  }
}
