extension Rect {
  /// Splits the rect left-to-right into columns, one per constraint.
  ///
  /// Fixed and ratio parts are sized first (in order, clamped to what remains); the
  /// remaining cells go to `.min` parts in equal shares (each at least its minimum when
  /// space allows). Leftover cells after that go to the last part. Sum of widths == width.
  public func splitHorizontally(_ constraints: [Constraint]) -> [Rect] {
    let lengths = Rect.distribute(width, constraints)
    var result: [Rect] = []
    var offset = x
    for length in lengths {
      result.append(Rect(x: offset, y: y, width: length, height: height))
      offset += length
    }
    return result
  }

  /// Splits the rect top-to-bottom into rows, one per constraint (see `splitHorizontally`).
  public func splitVertically(_ constraints: [Constraint]) -> [Rect] {
    let lengths = Rect.distribute(height, constraints)
    var result: [Rect] = []
    var offset = y
    for length in lengths {
      result.append(Rect(x: x, y: offset, width: width, height: length))
      offset += length
    }
    return result
  }

  /// Lengths (in cells) for `constraints` over `total` cells; never negative.
  static func distribute(_ total: Int, _ constraints: [Constraint]) -> [Int] {
    guard !constraints.isEmpty else { return [] }
    let total = Swift.max(0, total)
    var lengths = [Int](repeating: 0, count: constraints.count)
    var remaining = total
    for (index, constraint) in constraints.enumerated() {
      switch constraint {
      case .fixed(let n):
        lengths[index] = Swift.min(Swift.max(0, n), remaining)
      case .ratio(let num, let den):
        let wanted = den <= 0 ? 0 : total * Swift.max(0, num) / den
        lengths[index] = Swift.min(wanted, remaining)
      case .min:
        continue
      }
      remaining -= lengths[index]
    }
    let flexible = constraints.indices.filter {
      if case .min = constraints[$0] { return true } else { return false }
    }
    if flexible.isEmpty {
      if remaining > 0 { lengths[lengths.count - 1] += remaining }
      return lengths
    }
    // Give each .min part its minimum first (in order), then share what is left equally.
    for index in flexible {
      guard case .min(let n) = constraints[index] else { continue }
      let granted = Swift.min(Swift.max(0, n), remaining)
      lengths[index] = granted
      remaining -= granted
    }
    let share = remaining / flexible.count
    var extra = remaining % flexible.count
    for index in flexible {
      lengths[index] += share
      if extra > 0 {
        lengths[index] += 1
        extra -= 1
      }
    }
    return lengths
  }
}
