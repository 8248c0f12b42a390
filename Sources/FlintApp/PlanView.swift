import Foundation
import SparkConnectClient
import TerminalUI

/// The overlay that shows a plan as text: Spark's EXPLAIN of a statement (F7; F7 again moves
/// to the next mode) or the executed plan of a tab's last run with Spark's runtime metrics
/// (F8). It scrolls, highlights operator names, and `y` copies its text.
public struct PlanView: Sendable {
  public enum Content: Sendable, Equatable {
    /// Spark explains `sql`; `id` is the request `.explained` answers. `editorOffset` is where
    /// `sql` starts in the editor's text (for the error underline), nil when not from it.
    case explain(
      id: Int, query: QuerySource, mode: SparkConnectSession.ExplainMode, editorOffset: Int?)
    /// The runtime metrics of the tab titled `tab`.
    case metrics(tab: String)
  }

  public enum Phase: Sendable, Equatable {
    case loading
    case shown
    /// Explaining failed: Spark's error, as the results pane shows one.
    case failed(SparkError)
  }

  public private(set) var content: Content
  public private(set) var phase: Phase
  public private(set) var lines: [String]
  /// First line shown (0-based).
  public private(set) var topLine = 0
  /// Lines the overlay shows at once (set by the renderer's size each frame).
  var pageHeight = 10

  init(content: Content, phase: Phase = .loading, text: String = "") {
    self.content = content
    self.phase = phase
    lines = Self.lines(text)
  }

  /// The order F7 goes through: the formatted plan first.
  static let modes: [SparkConnectSession.ExplainMode] = [
    .formatted, .extended, .cost, .codegen, .simple,
  ]

  static func lines(_ text: String) -> [String] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  /// The title line: what is shown and the keys that work.
  var title: String {
    switch content {
    case .explain(_, _, let mode, _):
      "Explain — \(mode.rawValue.uppercased()) (F7 next mode · y copy · Esc close)"
    case .metrics(let tab): "Metrics of the last run — \(tab) (y copy · Esc close)"
    }
  }

  /// The text `y` copies.
  var copyText: String { lines.joined(separator: "\n") }

  /// Spark's answer arrived.
  mutating func show(_ text: String) {
    lines = Self.lines(text)
    phase = .shown
    topLine = 0
  }

  mutating func fail(_ error: SparkError) {
    phase = .failed(error)
    topLine = 0
  }

  /// Scroll keys; false for any other key.
  mutating func handle(_ key: KeyEvent) -> Bool {
    let last = max(0, lines.count - pageHeight)
    switch key {
    case KeyEvent(.up), .char("k"): topLine -= 1
    case KeyEvent(.down), .char("j"): topLine += 1
    case KeyEvent(.pageUp): topLine -= pageHeight
    case KeyEvent(.pageDown), .char(" "): topLine += pageHeight
    case KeyEvent(.home), .char("g"): topLine = 0
    case KeyEvent(.end), .char("G"): topLine = last
    default: return false
    }
    topLine = max(0, min(topLine, last))
    return true
  }

  /// The operator name in a plan line (`+- HashAggregate(keys=…)`, `(1) Scan parquet …`,
  /// `*(2) Project […]`) as a character range, for highlighting; nil for other lines (a
  /// formatted plan's `Output [2]: …` details, headers).
  static func operatorRange(in line: String) -> Range<Int>? {
    let characters = Array(line)
    var start = 0
    while start < characters.count,
      characters[start].isNumber || " :+-*|()".contains(characters[start])
    {
      start += 1
    }
    guard start < characters.count, characters[start].isUppercase, characters[start].isASCII
    else { return nil }
    var end = start
    while end < characters.count, characters[end].isLetter || characters[end].isNumber {
      end += 1
    }
    // Details are "Name: …", "Name : …" and "Name words [n]: …"; an operator's own text may
    // hold a colon only inside its parentheses or brackets (a time in a condition).
    let rest = String(characters[end...])
    if rest.range(of: #"^[^(\[]*:"#, options: .regularExpression) != nil { return nil }
    if rest.range(of: #"^ [A-Za-z ]*\[\d+\]:"#, options: .regularExpression) != nil { return nil }
    return start..<end
  }
}
