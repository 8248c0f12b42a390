import Foundation
import Testing

@testable import ArrowIPC

/// Where the committed fixtures live (read from the source tree, not as SwiftPM resources).
enum Fixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// Every fixture name (`<name>.arrows` + `<name>.json`) in the directory.
  static var names: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".arrows") }.map { String($0.dropLast(7)) }.sorted()
  }

  static func stream(_ name: String) throws -> Data {
    try Data(contentsOf: directory.appendingPathComponent(name + ".arrows"))
  }

  static func expected(_ name: String) throws -> ExpectedFixture {
    let data = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
    return try JSONDecoder().decode(ExpectedFixture.self, from: data)
  }
}

/// The JSON written beside each fixture by scripts/make-arrow-fixtures.
struct ExpectedFixture: Decodable {
  struct Field: Decodable {
    var name: String
    var type: String
    var nullable: Bool
    var metadata: [String: String]
  }
  struct Batch: Decodable {
    var rows: Int
    var columns: [[JSONValue]]
  }
  var schemaMetadata: [String: String]
  var fields: [Field]
  var batches: [Batch]
}

/// A JSON value (the fixture JSON only has null, bool, string, array, object).
indirect enum JSONValue: Decodable, Equatable, CustomStringConvertible {
  case null
  case bool(Bool)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let b = try? container.decode(Bool.self) {
      self = .bool(b)
    } else if let s = try? container.decode(String.self) {
      self = .string(s)
    } else if let a = try? container.decode([JSONValue].self) {
      self = .array(a)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  var description: String {
    switch self {
    case .null: "null"
    case .bool(let b): "\(b)"
    case .string(let s): "\"\(s)\""
    case .array(let a): "[" + a.map(\.description).joined(separator: ", ") + "]"
    case .object(let o):
      "{" + o.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        + "}"
    }
  }
}

/// The canonical form of a value, as the fixture script writes it.
func canonical(_ value: ArrowValue) -> JSONValue {
  func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
  switch value {
  case .null: return .null
  case .bool(let b): return .bool(b)
  case .int(let v): return .string(String(v))
  case .uint(let v): return .string(String(v))
  case .float(let f): return .string("f" + String(f.bitPattern, radix: 16))
  case .double(let d): return .string("d" + String(d.bitPattern, radix: 16))
  case .decimal(let unscaled, let scale): return .string("\(unscaled)e-\(scale)")
  case .string(let s): return .string(s)
  case .binary(let b): return .string("0x" + hex(b))
  case .date32(let d): return .string(String(d))
  case .date64(let v), .time(let v, _), .timestamp(let v, _, _), .duration(let v, _):
    return .string(String(v))
  case .yearMonth(let m): return .string(String(m))
  case .dayTime(let d, let ms): return .string("\(d),\(ms)")
  case .monthDayNano(let m, let d, let ns): return .string("\(m),\(d),\(ns)")
  case .list(let items): return .array(items.map(canonical))
  case .struct(let fields):
    return .object(
      Dictionary(fields.map { ($0.name, canonical($0.value)) }, uniquingKeysWith: { a, _ in a }))
  case .map(let entries):
    return .array(entries.map { .array([canonical($0.key), canonical($0.value)]) })
  }
}

/// Compares every value of `batches` with the fixture's expected JSON; returns mismatches.
func mismatches(_ batches: [RecordBatch], _ expected: ExpectedFixture, limit: Int = 20) -> [String]
{
  var problems: [String] = []
  if batches.count != expected.batches.count {
    problems.append("\(batches.count) batches, expected \(expected.batches.count)")
  }
  for (b, (batch, want)) in zip(batches, expected.batches).enumerated() {
    if batch.rowCount != want.rows {
      problems.append("batch \(b): \(batch.rowCount) rows, expected \(want.rows)")
    }
    for (c, (column, values)) in zip(batch.columns, want.columns).enumerated() {
      if column.length != values.count {
        problems.append("batch \(b) column \(c): length \(column.length), expected \(values.count)")
      }
      for (row, value) in values.enumerated() {
        let got = canonical(column.value(at: row))
        if got != value, problems.count < limit {
          problems.append(
            "batch \(b) column \(batch.schema.fields[c].name) row \(row): \(got) != \(value)")
        }
      }
    }
  }
  return problems
}
