import ArrowIPC

enum ArrowValueSamples {
  static let nested = ArrowValue.list([
    .struct([
      ArrowNamedValue(name: "k", value: .string("x")), ArrowNamedValue(name: "v", value: .null),
    ])
  ])
}
