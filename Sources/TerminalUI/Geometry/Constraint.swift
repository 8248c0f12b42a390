/// How much space one part of a split gets along the split axis.
public enum Constraint: Hashable, Sendable {
  /// Exactly this many cells (or less when space runs out).
  case fixed(Int)
  /// `numerator / denominator` of the whole length.
  case ratio(Int, Int)
  /// At least this many cells; shares leftover space with the other `.min` parts.
  case min(Int)
}
