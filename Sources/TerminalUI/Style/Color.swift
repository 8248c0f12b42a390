/// A foreground or background colour, in the richest form the theme wants; terminals
/// with fewer colours get `degraded(to:)`.
public enum Color: Hashable, Sendable, CustomStringConvertible {
  /// The terminal's own default colour.
  case `default`
  /// One of the 16 ANSI colours.
  case named(NamedColor)
  /// An xterm 256-colour palette index.
  case indexed(UInt8)
  /// A 24-bit colour.
  case rgb(UInt8, UInt8, UInt8)

  public static let black = Color.named(.black)
  public static let red = Color.named(.red)
  public static let green = Color.named(.green)
  public static let yellow = Color.named(.yellow)
  public static let blue = Color.named(.blue)
  public static let magenta = Color.named(.magenta)
  public static let cyan = Color.named(.cyan)
  public static let white = Color.named(.white)
  public static let brightBlack = Color.named(.brightBlack)

  /// The closest colour a terminal of `depth` can show: truecolor → 256 → 16 → 8 → default.
  public func degraded(to depth: ColorDepth) -> Color {
    switch (self, depth) {
    case (.default, _), (_, .trueColor): return self
    case (_, .none): return .default
    case (.named(let n), .ansi8): return .named(n.base)
    case (.named, _): return self
    case (.indexed, .indexed256): return self
    case (.indexed(let i), .ansi16), (.indexed(let i), .ansi8):
      if i < 16, let n = NamedColor(rawValue: i) { return Color.named(n).degraded(to: depth) }
      let (r, g, b) = Color.rgbOfIndex(i)
      return Color.nearestNamed(r, g, b, count: depth == .ansi8 ? 8 : 16)
    case (.rgb(let r, let g, let b), .indexed256): return .indexed(Color.nearestIndex(r, g, b))
    case (.rgb(let r, let g, let b), .ansi16): return Color.nearestNamed(r, g, b, count: 16)
    case (.rgb(let r, let g, let b), .ansi8): return Color.nearestNamed(r, g, b, count: 8)
    }
  }

  public var description: String {
    switch self {
    case .default: "default"
    case .named(let n): "\(n)"
    case .indexed(let i): "#\(i)"
    case .rgb(let r, let g, let b): "rgb(\(r),\(g),\(b))"
    }
  }

  /// The 6×6×6 cube levels of the xterm palette.
  private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

  /// RGB of an xterm palette index (16–255 exact; 0–15 an xterm-like approximation).
  public static func rgbOfIndex(_ index: UInt8) -> (UInt8, UInt8, UInt8) {
    let i = Int(index)
    if i < 16, let n = NamedColor(rawValue: index) { return n.rgb }
    if i >= 232 {
      let v = UInt8(8 + (i - 232) * 10)
      return (v, v, v)
    }
    let c = i - 16
    return (
      UInt8(cubeLevels[c / 36]), UInt8(cubeLevels[(c / 6) % 6]), UInt8(cubeLevels[c % 6])
    )
  }

  /// The nearest xterm 256 index (cube or grey ramp) to an RGB colour.
  static func nearestIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
    func level(_ v: UInt8) -> Int {
      let v = Int(v)
      if v < 48 { return 0 }
      if v < 115 { return 1 }
      return (v - 35) / 40
    }
    let (lr, lg, lb) = (level(r), level(g), level(b))
    let cube = 16 + 36 * lr + 6 * lg + lb
    let cubeRGB = (cubeLevels[lr], cubeLevels[lg], cubeLevels[lb])
    let average = (Int(r) + Int(g) + Int(b)) / 3
    let greyIndex = average > 238 ? 23 : max(0, (average - 3) / 10)
    let greyValue = 8 + greyIndex * 10
    let cubeDistance = distance((Int(r), Int(g), Int(b)), cubeRGB)
    let greyDistance = distance((Int(r), Int(g), Int(b)), (greyValue, greyValue, greyValue))
    return UInt8(greyDistance < cubeDistance ? 232 + greyIndex : cube)
  }

  static func nearestNamed(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> Color {
    var best = NamedColor.black
    var bestDistance = Int.max
    for n in NamedColor.allCases.prefix(count) {
      let d = distance((Int(r), Int(g), Int(b)), (Int(n.rgb.0), Int(n.rgb.1), Int(n.rgb.2)))
      if d < bestDistance {
        best = n
        bestDistance = d
      }
    }
    return .named(best)
  }

  private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
    let dr = a.0 - b.0
    let dg = a.1 - b.1
    let db = a.2 - b.2
    return dr * dr + dg * dg + db * db
  }
}
