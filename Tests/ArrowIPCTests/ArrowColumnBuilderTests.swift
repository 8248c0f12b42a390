import Foundation
import Testing

@testable import ArrowIPC

@Suite("Building columns from values")
struct ArrowColumnBuilderTests {
  /// Rebuilding every fixture column from its materialised values gives the same values,
  /// and the rebuilt batch survives a write/read round trip.
  @Test(arguments: Fixtures.names)
  func rebuildsEveryFixtureColumn(_ name: String) throws {
    let (schema, batches) = try ArrowStreamReader.readAll(Fixtures.stream(name))
    for batch in batches {
      let values = batch.columns.map { column in (0..<column.length).map { column.value(at: $0) } }
      let rebuilt = try ArrowColumnBuilder.batch(schema, columns: values)
      for (c, column) in rebuilt.columns.enumerated() {
        for row in 0..<column.length {
          #expect(
            "\(column.value(at: row))" == "\(values[c][row])", "\(schema.fields[c].name) row \(row)"
          )
        }
      }
      let file = try ArrowFileWriter.fileData(schema: rebuilt.schema, batches: [rebuilt])
      let back = try ArrowFileReader(file).batch(at: 0)
      #expect(
        back.columns.map { c in (0..<c.length).map { "\(c.value(at: $0))" } }
          == values.map { $0.map { "\($0)" } })
    }
  }

  @Test func rejectsWrongValues() {
    let int = ArrowField(name: "i", type: .int(bitWidth: 32, signed: true))
    #expect(throws: ArrowIPCError.self) {
      try ArrowColumnBuilder.column(int, values: [.string("x")])
    }
    let fixed = ArrowField(name: "f", type: .fixedSizeBinary(byteWidth: 2))
    #expect(throws: ArrowIPCError.self) {
      try ArrowColumnBuilder.column(fixed, values: [.binary([1])])
    }
    let dec = ArrowField(name: "d", type: .decimal(precision: 5, scale: 0, bitWidth: 32))
    #expect(throws: ArrowIPCError.self) {
      try ArrowColumnBuilder.column(dec, values: [.decimal(unscaled: "99999999999", scale: 0)])
    }
  }

  @Test func halfFloatConversion() {
    for value: Float in [
      0, -0.0, 1, -2, 0.5, 65504, 6e-8, 1e-5, .infinity, -.infinity, 3.14159, 70000,
    ] {
      let back = ArrowColumn.halfToFloat(ArrowColumnBuilder.floatToHalf(value))
      if value.isInfinite {
        #expect(back == value)
      } else if value > 65519 {
        #expect(back == .infinity)
      } else {
        #expect(abs(back - value) <= abs(value) * 0.001 + 6e-8, "\(value) -> \(back)")
      }
    }
    #expect(ArrowColumn.halfToFloat(ArrowColumnBuilder.floatToHalf(.nan)).isNaN)
  }
}
