import Foundation

/// Random cut points that change every run and can be replayed: the seed is
/// `FLINT_CUT_SEED` when set, else a fresh one, printed before the first cut and named in
/// every failure.
enum CutPoints {
  static let seed: UInt64 = {
    if let text = ProcessInfo.processInfo.environment["FLINT_CUT_SEED"], let seed = UInt64(text) {
      return seed
    }
    return UInt64.random(in: 1...UInt64.max)
  }()

  /// How to run the same cut points again.
  static var replay: String { "seed \(seed); replay: FLINT_CUT_SEED=\(seed)" }

  /// A generator for the seed, offset by `stream` so each test gets its own sequence.
  static func generator(stream: UInt64 = 0) -> SplitMix {
    SplitMix(state: seed &+ stream &* 0x9e37_79b9_7f4a_7c15)
  }

  /// A small deterministic generator (SplitMix64), so a failing cut point can be replayed.
  struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9e37_79b9_7f4a_7c15
      var z = state
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      return z ^ (z >> 31)
    }
  }
}
