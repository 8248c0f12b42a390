extension Color {
  /// The colour in 32 bits: kind in the top byte (0 default, 1 named, 2 indexed, 3 rgb),
  /// value in the low 24 bits.
  var packed: UInt32 {
    switch self {
    case .default: 0
    case .named(let n): 0x0100_0000 | UInt32(n.rawValue)
    case .indexed(let i): 0x0200_0000 | UInt32(i)
    case .rgb(let r, let g, let b): 0x0300_0000 | UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
    }
  }

  init(packed: UInt32) {
    let value = packed & 0x00FF_FFFF
    switch packed >> 24 {
    case 1: self = .named(NamedColor(rawValue: UInt8(value & 0xFF)) ?? .white)
    case 2: self = .indexed(UInt8(value & 0xFF))
    case 3:
      self = .rgb(UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
    default: self = .default
    }
  }
}
