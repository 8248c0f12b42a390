extension ExecutionMetrics {
  /// One thing in the executed plan a Spark performance engineer looks at first.
  public struct Highlight: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
      /// The operator took at least `heavyShare` of the summed operator time.
      case time
      /// The operator spilled: its data did not fit in the task's memory.
      case spill
      /// A join produced many more rows than its larger input (a key with many matches,
      /// or a condition that matches too much).
      case rowGrowth
      /// The exchange that wrote the most shuffle data (at least `notableShuffleBytes`).
      case shuffle
    }

    public var kind: Kind
    /// Index of the operator in `ExecutionMetrics.nodes`.
    public var node: Int
    /// One sentence with the operator's name and the figures, e.g.
    /// `HashAggregate took 59% of the operator time (1.47 s)`.
    public var text: String
  }

  /// A join is flagged when its output has more than this many times the rows of its larger
  /// input …
  public static let rowGrowthFactor: Int64 = 2
  /// … and at least this many rows more (a tiny join that doubles says nothing).
  public static let rowGrowthMinimumRows: Int64 = 10_000
  /// The largest shuffle is named from this many bytes written (1 MiB).
  public static let notableShuffleBytes: Int64 = 1 << 20

  /// What to look at first, in this order: operators by share of time (heaviest first),
  /// spills (largest first), joins whose output grew, and the largest shuffle.
  public var highlights: [Highlight] {
    var found: [Highlight] = []
    for index in heaviest {
      guard let share = timeShare(of: index), let time = nodes[index].milliseconds else {
        continue
      }
      found.append(
        Highlight(
          kind: .time, node: index,
          text:
            "\(nodes[index].name) took \(MetricText.percent(share)) of the operator time (\(MetricText.duration(milliseconds: time)))"
        ))
    }
    let spills = nodes.indices.compactMap { index in
      nodes[index].spillBytes.flatMap { $0 > 0 ? (index, $0) : nil }
    }
    for (index, bytes) in spills.sorted(by: { $0.1 > $1.1 }) {
      found.append(
        Highlight(
          kind: .spill, node: index,
          text: "\(nodes[index].name) spilled \(MetricText.bytes(bytes))"))
    }
    for index in nodes.indices where nodes[index].isJoin {
      guard let output = nodes[index].outputRows else { continue }
      let inputs = nodes[index].children.compactMap { nearestRows(from: $0) }
      // Divided, not multiplied: counts from the network may be near Int64.max.
      guard let largest = inputs.max(), output / Self.rowGrowthFactor > largest,
        output - largest >= Self.rowGrowthMinimumRows
      else { continue }
      let factor = largest > 0 ? " (\(MetricText.count(output / largest))× the larger input)" : ""
      let sides = inputs.map { MetricText.count($0) }.joined(separator: " and ")
      found.append(
        Highlight(
          kind: .rowGrowth, node: index,
          text:
            "\(nodes[index].name) made \(MetricText.count(output)) rows of \(sides)\(factor)"))
    }
    let shuffles = nodes.indices.compactMap { index in
      nodes[index].name.hasPrefix("Exchange")
        ? nodes[index].bytesWritten.map { (index, $0) } : nil
    }
    if let (index, bytes) = shuffles.max(by: { $0.1 < $1.1 }), bytes >= Self.notableShuffleBytes {
      var text = "\(nodes[index].name) wrote \(MetricText.bytes(bytes)) of shuffle data"
      if let partitions = nodes[index].partitions {
        text += " in \(MetricText.count(partitions)) partitions"
      }
      found.append(Highlight(kind: .shuffle, node: index, text: text))
    }
    return found
  }

  /// The output rows of the operator nearest to `index` (itself, else the shallowest below
  /// it) that reports them: a join's input may sit under an adapter or a query stage.
  func nearestRows(from index: Int) -> Int64? {
    var queue = [index]
    var next = 0
    while next < queue.count {
      let node = nodes[queue[next]]
      next += 1
      if let rows = node.outputRows { return rows }
      queue.append(contentsOf: node.children)
    }
    return nil
  }
}

extension ExecutionMetrics.Node {
  /// A join operator: Spark names them `…Join` (`BroadcastHashJoin`, `SortMergeJoin`,
  /// `ShuffledHashJoin`, `BroadcastNestedLoopJoin`) or `CartesianProduct`.
  public var isJoin: Bool {
    let base = name.split(separator: " ").first.map(String.init) ?? name
    return base.hasSuffix("Join") || base == "CartesianProduct"
  }
}
