import ArrowIPC
import Foundation

/// Pretty-prints a cell for the inspector: nested arrays, maps and structs indented one
/// element per line; JSON text (variant) re-indented.
public enum ValuePrinter {
  /// Indented text of `value`.
  public static func pretty(_ value: ArrowValue, indent: Int = 0) -> String {
    let pad = String(repeating: "  ", count: indent + 1)
    let close = String(repeating: "  ", count: indent)
    switch value {
    case .list(let items):
      guard !items.isEmpty else { return "[]" }
      return "[\n" + items.map { pad + pretty($0, indent: indent + 1) }.joined(separator: ",\n")
        + "\n" + close + "]"
    case .struct(let fields):
      guard !fields.isEmpty else { return "{}" }
      return "{\n"
        + fields.map { pad + $0.name + ": " + pretty($0.value, indent: indent + 1) }
        .joined(separator: ",\n") + "\n" + close + "}"
    case .map(let entries):
      guard !entries.isEmpty else { return "{}" }
      return "{\n"
        + entries.map {
          pad + pretty($0.key, indent: indent + 1) + " -> " + pretty($0.value, indent: indent + 1)
        }.joined(separator: ",\n") + "\n" + close + "}"
    case .null: return "NULL"
    case .bool(let b): return String(b)
    case .int(let v): return String(v)
    case .uint(let v): return String(v)
    case .float(let v): return String(v)
    case .double(let v): return String(v)
    case .string(let s): return "\"" + s + "\""
    case .binary(let bytes): return "X'" + bytes.map { String(format: "%02X", $0) }.joined() + "'"
    default: return "\(value)"
    }
  }

  /// `text` re-indented when it is a JSON object or array; nil otherwise.
  public static func prettyJSON(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("{") || trimmed.hasPrefix("[") else { return nil }
    guard
      let object = try? JSONSerialization.jsonObject(
        with: Data(trimmed.utf8), options: [.fragmentsAllowed]),
      let data = try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    else { return nil }
    return String(decoding: data, as: UTF8.self)
  }
}
