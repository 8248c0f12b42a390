extension ExecutionMetrics {
  /// One line of the tree as text, in parts so a screen can style them apart.
  public struct OutlineLine: Sendable, Equatable {
    /// Index of the node in `ExecutionMetrics.nodes`.
    public var node: Int
    /// The tree's branches before the name, as in Spark's plans: `:- ` for a child with
    /// siblings after it, `+- ` for the last one, `:  ` or spaces for the levels above.
    public var prefix: String
    /// Spark's name of the operator.
    public var name: String
    /// The node's share of the summed operator time when it is at least `heavyShare`.
    public var heavyShare: Double?
    /// The key metrics in human units, `·`-separated (empty when the node has none).
    public var summary: String
    /// Every metric of the node, one `label: value (key, type)` text each, for a detailed
    /// view.
    public var details: [String]

    /// The line as `text()` prints it: prefix, name, `[59% of time]` when heavy, summary.
    public var text: String {
      var line = prefix + name
      if let heavyShare { line += "  [\(MetricText.percent(heavyShare)) of time]" }
      if !summary.isEmpty { line += "  " + summary }
      return line
    }
  }

  /// One line for the explanation printed above the tree.
  public static var legend: String {
    "Executed plan with Spark's metrics (summed over tasks); [N% of time] marks an operator "
      + "with at least \(MetricText.percent(heavyShare)) of the summed operator time."
  }

  /// The tree, a line per node in `nodes` order.
  public func outline() -> [OutlineLine] {
    let heavy = Set(heaviest)
    var lines: [OutlineLine] = []
    lines.reserveCapacity(nodes.count)
    // For each node: the branch text its children's descendants continue with.
    var continuation = [String](repeating: "", count: nodes.count)
    for (index, node) in nodes.enumerated() {
      var prefix = ""
      if let parent = node.parent {
        let siblings = nodes[parent].children
        let isLast = siblings.last == index
        prefix = continuation[parent] + (isLast ? "+- " : ":- ")
        continuation[index] = continuation[parent] + (isLast ? "   " : ":  ")
      }
      lines.append(
        OutlineLine(
          node: index, prefix: prefix, name: node.name,
          heavyShare: heavy.contains(index) ? timeShare(of: index) : nil,
          summary: Self.summary(of: node),
          details: node.metrics.map { "\($0.label): \($0.text) (\($0.name), \($0.type.sparkName))" }
        ))
    }
    return lines
  }

  /// The tree as text: a line per operator with its key metrics, and with `verbose` every
  /// metric below it. Ends with a newline unless empty.
  public func text(verbose: Bool = false) -> String {
    var text = ""
    for line in outline() {
      text += line.text + "\n"
      guard verbose else { continue }
      let indent = String(repeating: " ", count: line.prefix.count + 3)
      for detail in line.details { text += indent + detail + "\n" }
    }
    return text
  }

  /// The metrics a performance engineer reads first, in human units: rows out, task time,
  /// spill, peak memory, bytes read and written, bytes broadcast, partitions. Absent metrics
  /// are left out, and so are zero spill, bytes and time, which say nothing.
  static func summary(of node: Node) -> String {
    var parts: [String] = []
    if let rows = node.outputRows { parts.append("rows \(MetricText.count(rows))") }
    if let time = node.milliseconds, time > 0 {
      parts.append("time \(MetricText.duration(milliseconds: time))")
    }
    if let spill = node.spillBytes, spill > 0 { parts.append("spill \(MetricText.bytes(spill))") }
    if let peak = node.peakMemoryBytes, peak > 0 {
      parts.append("peak memory \(MetricText.bytes(peak))")
    }
    if let read = node.bytesRead, read > 0 { parts.append("read \(MetricText.bytes(read))") }
    if let written = node.bytesWritten, written > 0 {
      parts.append("written \(MetricText.bytes(written))")
    }
    if let broadcast = node.broadcastBytes, broadcast > 0 {
      parts.append("broadcast \(MetricText.bytes(broadcast))")
    }
    if let partitions = node.partitions {
      parts.append("partitions \(MetricText.count(partitions))")
    }
    return parts.joined(separator: " · ")
  }
}
