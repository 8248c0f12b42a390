import ResultModel
import SparkConnectClient
import TerminalUI

/// The export dialog of the results pane: scope, format, path and options, then the
/// lifecycle of the export it started. A value inside `AppState.Overlay.export`; only
/// `AppState.update` changes it.
public struct ExportDialog: Sendable {
  /// The dialog's rows, in focus order.
  public enum Field: Int, Sendable, Hashable, CaseIterable {
    case scope, format, destination, path, delimiter, nullMarker, mode

    public var label: String {
      switch self {
      case .scope: "Scope"
      case .format: "Format"
      case .destination: "To"
      case .path: "Path"
      case .delimiter: "Delimiter"
      case .nullMarker: "NULL as"
      case .mode: "Save mode"
      }
    }
  }

  /// Where the dialog stands. Legal moves: editing -> running (Enter) or
  /// confirmingOverwrite (the file exists); confirmingOverwrite -> running (y) or editing
  /// (n, Esc); running -> cancelling (Esc) or finished / failed / cancelled (the effect's
  /// answer); cancelling -> cancelled / finished / failed; the last three -> editing (any
  /// editing key) or running (Enter again).
  public enum Phase: Sendable, Equatable {
    case editing
    /// The local file exists: `y` overwrites, `n` or Esc goes back.
    case confirmingOverwrite
    case running(id: Int, ExportProgress)
    case cancelling(id: Int, ExportProgress)
    case finished(ExportOutcome, seconds: Double)
    case failed(String)
    /// Cancelled; nothing was left at the path.
    case cancelled

    /// The id of the export in flight, if any.
    public var activeID: Int? {
      switch self {
      case .running(let id, _), .cancelling(let id, _): id
      default: nil
      }
    }
  }

  /// The query id of the tab being exported (the tab is found again by it).
  public var tabQueryID: Int
  /// A file name stem for default paths ("trips").
  public var baseName: String
  /// The directory default paths go to ("" = relative to the current directory).
  public var directory: String
  public var scope: ExportScope
  public var target: ExportTarget = .local(.csv)
  public var path: TextEditor
  public var delimiter: TextEditor
  public var nullMarker: TextEditor
  public var mode: ServerWrite.SaveMode = .error
  /// Copy the text to the system clipboard (OSC 52) instead of writing a file; text formats
  /// only (see `copiesToClipboard`).
  public var toClipboard = false
  public var field: Field = .format
  public var phase: Phase = .editing

  public init(tabQueryID: Int, baseName: String, directory: String, scope: ExportScope) {
    self.tabQueryID = tabQueryID
    self.baseName = baseName
    self.directory = directory
    self.scope = scope
    path = TextEditor(text: "")
    delimiter = TextEditor(text: "")
    delimiter.setText(",")
    nullMarker = TextEditor(text: "")
    path.setText(defaultPath(for: target))
    focus(.format)
  }

  /// `directory/baseName.ext`.
  public func defaultPath(for target: ExportTarget) -> String {
    let file = baseName + "." + target.fileExtension
    if directory.isEmpty { return file }
    return directory.hasSuffix("/") ? directory + file : directory + "/" + file
  }

  /// The fields that apply to the chosen target, in order.
  public var fields: [Field] {
    Field.allCases.filter(applies)
  }

  /// Whether `field` means anything for the chosen target.
  public func applies(_ field: Field) -> Bool {
    switch field {
    case .scope: !target.isServerSide
    case .format: true
    case .destination: target.isText
    case .path: !copiesToClipboard
    case .delimiter: target.usesDelimiter
    case .nullMarker: target.usesNullMarker
    case .mode: target.isServerSide
    }
  }

  /// Whether Enter copies to the clipboard rather than writing a file.
  public var copiesToClipboard: Bool { toClipboard && target.isText }

  /// Whether the dialog takes edits (not while an export runs or asks to overwrite).
  public var isEditable: Bool {
    switch phase {
    case .running, .cancelling, .confirmingOverwrite: false
    default: true
    }
  }

  /// Moves the focus to `field` (the text fields show their cursor only when focused).
  public mutating func focus(_ field: Field) {
    self.field = field
    path.isFocused = field == .path
    delimiter.isFocused = field == .delimiter
    nullMarker.isFocused = field == .nullMarker
  }

  /// Focuses the next (`step` 1) or previous (-1) applicable field, wrapping around.
  public mutating func moveFocus(_ step: Int) {
    let fields = self.fields
    let index = fields.firstIndex(of: field) ?? 0
    focus(fields[(index + step + fields.count) % fields.count])
  }

  /// Changes the focused choice field to its next (`step` 1) or previous (-1) value.
  public mutating func cycle(_ step: Int) {
    switch field {
    case .scope:
      let all = ExportScope.allCases
      scope = all[((all.firstIndex(of: scope) ?? 0) + step + all.count) % all.count]
    case .format:
      let all = ExportTarget.all
      let next = all[((all.firstIndex(of: target) ?? 0) + step + all.count) % all.count]
      setTarget(next)
    case .mode:
      let all = ServerWrite.SaveMode.allCases
      mode = all[((all.firstIndex(of: mode) ?? 0) + step + all.count) % all.count]
    case .destination:
      toClipboard.toggle()
    case .path, .delimiter, .nullMarker:
      break
    }
  }

  /// Chooses a target; a path that still ends in the old extension gets the new one.
  public mutating func setTarget(_ next: ExportTarget) {
    let old = target
    target = next
    let text = path.text
    let oldSuffix = "." + old.fileExtension
    if text == defaultPath(for: old) {
      path.setText(defaultPath(for: next))
    } else if text.hasSuffix(oldSuffix) {
      path.setText(String(text.dropLast(oldSuffix.count)) + "." + next.fileExtension)
    }
    if !applies(field) { focus(.format) }
  }

  /// The focused text field, if the focus is on one.
  var focusedEditor: WritableKeyPath<ExportDialog, TextEditor>? {
    switch field {
    case .path: \.path
    case .delimiter: \.delimiter
    case .nullMarker: \.nullMarker
    default: nil
    }
  }
}
