import Testing

@testable import ResultModel

@Suite struct JavaFloatTextTests {
  @Test(arguments: [
    (1.0e20, "1.0E20"), (1.0e-7, "1.0E-7"), (Double.nan, "NaN"), (Double.infinity, "Infinity"),
    (-Double.infinity, "-Infinity"), (-0.0, "-0.0"), (0.0, "0.0"),
    (123456789.125, "1.23456789125E8"),
    (0.1, "0.1"), (100.0, "100.0"), (1.0e7, "1.0E7"), (123456.789, "123456.789"),
    (0.001, "0.001"), (0.0001, "1.0E-4"), (2.0e23, "1.9999999999999998E23"),
    (Double(bitPattern: 1), "4.9E-324"),
    (1.7976931348623157e308, "1.7976931348623157E308"), (9999999.0, "9999999.0"),
    (1.152921504606847e18, "1.15292150460684698E18"), (2.0 / 3, "0.6666666666666666"),
  ])
  func doubles(value: Double, expected: String) {
    #expect(JavaFloatText.string(value) == expected)
  }

  @Test(arguments: [
    (Float(1.1), "1.1"), (Float(1.0e20), "1.0E20"), (Float(0.1), "0.1"), (Float(-0.0), "-0.0"),
    (Float.nan, "NaN"), (Float(3.4028235e38), "3.4028235E38"), (Float(1.4e-45), "1.4E-45"),
    (Float(1.0e-10), "1.0E-10"), (Float(16777216), "1.6777216E7"),
  ])
  func floats(value: Float, expected: String) {
    #expect(JavaFloatText.string(value) == expected)
  }
}
