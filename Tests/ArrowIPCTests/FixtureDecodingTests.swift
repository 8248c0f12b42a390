import Foundation
import Testing

@testable import ArrowIPC

@Suite("Decoding the pyarrow fixtures")
struct FixtureDecodingTests {
  @Test func fixturesExist() {
    #expect(Fixtures.names.count >= 15, "run scripts/make-arrow-fixtures")
  }

  @Test(arguments: Fixtures.names)
  func everyValueMatchesPyarrow(_ name: String) throws {
    let expected = try Fixtures.expected(name)
    let (schema, batches) = try ArrowStreamReader.readAll(Fixtures.stream(name))
    #expect(schema.fields.map(\.name) == expected.fields.map(\.name))
    #expect(schema.fields.map(\.nullable) == expected.fields.map(\.nullable))
    #expect(schema.fields.map(\.metadata) == expected.fields.map(\.metadata))
    #expect(schema.metadata == expected.schemaMetadata)
    let problems = mismatches(batches, expected)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func sparkShapesHaveSparkTypes() throws {
    let (schema, batches) = try ArrowStreamReader.readAll(Fixtures.stream("spark_shapes"))
    let types = Dictionary(uniqueKeysWithValues: schema.fields.map { ($0.name, $0.type) })
    #expect(types["ts"] == .timestamp(.microsecond, timeZone: "Etc/UTC"))
    #expect(types["ts_ntz"] == .timestamp(.microsecond, timeZone: nil))
    #expect(types["d"] == .date32)
    #expect(types["dec"] == .decimal(precision: 10, scale: 2, bitWidth: 128))
    #expect(types["dt_iv"] == .duration(.microsecond))
    #expect(types["cal_iv"] == .interval(.monthDayNano))
    #expect(types["bin"] == .binary)
    guard case .map(let entries, false)? = types["m"], case .struct(let kv) = entries.type else {
      Issue.record("m is not a map: \(String(describing: types["m"]))")
      return
    }
    #expect(kv.map(\.type) == [.utf8, .int(bitWidth: 32, signed: true)])
    #expect(entries.nullable == false)
    guard case .struct(let variant)? = types["v"] else {
      Issue.record("v is not a struct")
      return
    }
    #expect(variant.map(\.name) == ["value", "metadata"])
    #expect(variant[1].metadata == ["variant": "true"])
    #expect(schema.fields[0].nullable == false)
    let batch = try #require(batches.first)
    let ts = try #require(batch.column(named: "ts"))
    #expect(ts.int64(at: 0) == 1_700_000_000_123_456)
    #expect(ts.isNull(1))
    let dec = try #require(batch.column(named: "dec"))
    #expect(dec.decimal128(at: 0) == 1234)
    #expect(dec.decimal128(at: 2) == -1)
    let m = try #require(batch.column(named: "m"))
    #expect(m.listRange(at: 0) == 0..<2)
    #expect(m.children[0].children[0].string(at: 1) == "b")
    #expect(m.children[0].children[1].isNull(1))
    let cal = try #require(batch.column(named: "cal_iv"))
    #expect(cal.monthDayNano(at: 0) == (1, 2, 3000))
  }

  @Test func typedAccessorsOnPrimitives() throws {
    let (_, batches) = try ArrowStreamReader.readAll(Fixtures.stream("primitives"))
    let batch = try #require(batches.first)
    let i64 = try #require(batch.column(named: "i64"))
    #expect(i64.int64(at: 0) == Int64.min)
    #expect(i64.int64(at: 1) == Int64.max)
    #expect(i64.isNull(3))
    #expect(i64.nullCount == 1)
    let u64 = try #require(batch.column(named: "u64"))
    #expect(u64.uint64(at: 1) == UInt64.max)
    let f32 = try #require(batch.column(named: "f32"))
    #expect(f32.float(at: 0) == 1.5)
    let f16 = try #require(batch.column(named: "f16"))
    #expect(f16.double(at: 1) == 0.5)
    #expect(f16.float(at: 3) == 65504)
    let n = try #require(batch.column(named: "n"))
    #expect(n.isNull(0) && n.nullCount == n.length)
    // Out-of-range rows never trap.
    #expect(i64.int64(at: -1) == 0 && i64.int64(at: 1_000) == 0 && i64.isNull(1_000))
    #expect(i64.slice(offset: 2, length: .max).length == i64.length - 2)
    #expect(i64.slice(offset: .max, length: .max).length == 0)
    #expect(batch.slice(offset: -5, length: 3).rowCount == 3)
    #expect(batch.byteCount > 0)
  }

  @Test func dictionaryColumnsResolve() throws {
    let (schema, batches) = try ArrowStreamReader.readAll(Fixtures.stream("dictionary"))
    #expect(schema.fields[0].dictionary?.indexType == .int(bitWidth: 32, signed: true))
    #expect(schema.fields[1].dictionary?.indexType == .int(bitWidth: 8, signed: true))
    let color = batches[0].columns[0]
    #expect(color.type == .utf8)
    #expect(color.dictionaryValues?.length == 3)
    #expect(color.dictionaryIndex(at: 1) == 1)
    #expect(color.string(at: 1) == "green")
    #expect(color.isNull(2))  // null index
    #expect(color.isNull(3))  // index of a null dictionary value
    let (values, row) = color.resolved(0)
    #expect(values.string(at: row) == "red")
    #expect(batches[1].columns[0].string(at: 0) == "yellow")
  }

  @Test func deltaDictionaryAppends() throws {
    let (_, batches) = try ArrowStreamReader.readAll(Fixtures.stream("dictionary_delta"))
    #expect(batches.count == 2)
    #expect(batches[1].columns[0].dictionaryValues?.length == 4)
    #expect(batches[1].columns[0].string(at: 3) == "delta")
  }

  @Test func emptyStreamHasNoSchema() throws {
    let reader = try ArrowStreamReader(Data())
    #expect(reader.schema == nil)
    #expect(throws: ArrowIPCError.missingSchema) { try ArrowStreamReader.readAll(Data()) }
  }
}
